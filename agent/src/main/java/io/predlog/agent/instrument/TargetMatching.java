package io.predlog.agent.instrument;

import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetSpec;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's target matching as a public answer for tools outside it (the command line's {@code doctor}): for a
 * type, which targets apply and which of its declared methods each would instrument, decided by the same
 * {@link TargetMatcher} and {@link InheritedCode} the agent runs, so the answer cannot differ from the agent's.
 *
 * <p>Code a named class inherits is found from the named class: call {@link #notice} for every type of the class
 * path first, then {@link #instrumentedMethods} for each.
 */
public final class TargetMatching {

    /** Stands for the application's class loader: not the JDK's, so no type is taken for one of the JDK's own. */
    private static final ClassLoader APPLICATION = TargetMatching.class.getClassLoader();

    private final InheritedCode inherited;
    private final TargetMatcher matcher;

    /** Matching for these targets, in the order of their indices. */
    public TargetMatching(List<TargetSpec> targets) {
        this.inherited = new InheritedCode(targets, null);
        this.matcher = new TargetMatcher(targets, inherited);
    }

    /** Notes which supertypes hold code that {@code type} runs for a target naming it. */
    public void notice(TypeDescription type) {
        for (TargetMatcher.Weave weave : matcher.weavesFor(type, APPLICATION)) {
            if (!weave.checkReceiver()) {
                inherited.noteNamedType(type, weave.target(), APPLICATION);
            }
        }
    }

    /**
     * Target index → the methods declared by {@code type} that the target instruments, for every target that
     * instruments at least one (as the agent weaves the type).
     */
    public Map<Integer, List<MethodDescription.InDefinedShape>> instrumentedMethods(TypeDescription type) {
        return instrumentedMethods(type, false);
    }

    /**
     * As {@link #instrumentedMethods(TypeDescription)}, for a type whose class file says whether it declares a static
     * initialiser: type descriptions read from class files do not list {@code <clinit>}, which the agent weaves for a
     * {@code #<clinit>} target naming the type.
     */
    public Map<Integer, List<MethodDescription.InDefinedShape>> instrumentedMethods(TypeDescription type,
                                                                                  boolean declaresTypeInitializer) {
        Map<Integer, List<MethodDescription.InDefinedShape>> out = new LinkedHashMap<>();
        for (TargetMatcher.Weave weave : matcher.weavesFor(type, APPLICATION)) {
            MethodPattern pattern = matcher.target(weave.target()).pattern();
            if (pattern.isTypeInitializer()) {
                if (declaresTypeInitializer && !weave.checkReceiver()) {
                    out.computeIfAbsent(weave.target(), k -> new ArrayList<>())
                            .add(new MethodDescription.Latent.TypeInitializer(type));
                }
                continue;
            }
            boolean constructor = pattern.isConstructor();
            if (constructor && weave.checkReceiver()) {
                continue; // a superclass constructor: only its failures are watched, no call is recorded there
            }
            List<MethodDescription.InDefinedShape> methods = matcher.methodsOf(type, weave);
            if (!methods.isEmpty()) {
                out.computeIfAbsent(weave.target(), k -> new ArrayList<>()).addAll(methods);
            }
        }
        return out;
    }

    /** Indices of the targets whose class pattern names {@code type} or one of its supertypes. */
    public List<Integer> targetsNaming(TypeDescription type) {
        List<Integer> named = new ArrayList<>();
        for (TargetMatcher.Weave weave : matcher.weavesFor(type, APPLICATION)) {
            if (!weave.checkReceiver()) {
                named.add(weave.target());
            }
        }
        return named;
    }
}
