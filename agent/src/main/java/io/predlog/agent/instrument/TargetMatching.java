package io.predlog.agent.instrument;

import io.predlog.agent.config.TargetSpec;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's target matching as a public answer for tools outside it (the command line's {@code doctor}): for a
 * type, which targets apply and which of its declared methods each would instrument, decided by the same
 * {@link TargetMatcher} code the agent runs, so the answer cannot differ from the agent's.
 */
public final class TargetMatching {

    private final TargetMatcher matcher;

    /** Matching for these targets, in the order of their indices. */
    public TargetMatching(List<TargetSpec> targets) {
        this.matcher = new TargetMatcher(targets);
    }

    /**
     * Target index → the methods declared by {@code type} that the target instruments, for every target that
     * instruments at least one (as the agent weaves the type).
     */
    public Map<Integer, List<MethodDescription.InDefinedShape>> instrumentedMethods(TypeDescription type) {
        Map<Integer, List<MethodDescription.InDefinedShape>> out = new LinkedHashMap<>();
        for (int index : matcher.targetsFor(type)) {
            List<MethodDescription.InDefinedShape> methods =
                    List.copyOf(type.getDeclaredMethods().filter(matcher.methodsOf(index)));
            if (!methods.isEmpty()) {
                out.put(index, methods);
            }
        }
        return out;
    }

    /** Indices of the targets whose class pattern names {@code type} or one of its supertypes. */
    public List<Integer> targetsNaming(TypeDescription type) {
        return matcher.targetsFor(type);
    }
}
