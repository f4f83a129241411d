package io.predlog.agent.instrument;

import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.record.TargetRuntime;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.anyOf;
import static net.bytebuddy.matcher.ElementMatchers.hasDescriptor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;

/**
 * Weaves the advice into every method that a configured target names, in classes loaded from now on and in
 * those already loaded (retransformation). Class file formats are never changed, so retransformation stays
 * legal and other agents can coexist.
 */
public final class AgentInstaller {


    private AgentInstaller() {
    }

    /** The agent's own classes (and, in unrelocated test runs, Byte Buddy's): never instrumented. */
    private static boolean isAgentOwn(String className) {
        return className.startsWith("io.predlog.agent.") || className.startsWith("io.predlog.shaded.")
                || className.startsWith("net.bytebuddy.");
    }

    /**
     * Loads and initialises Byte Buddy's advice and decorating machinery, so that the weaving thread finds it done:
     * run on the agent's warm-up thread while the configuration is read and the pipeline set up, by weaving one of the
     * agent's own classes (the woven class file is dropped). Purely an optimisation: {@link #install} works the same
     * whether or not this ran or finished.
     */
    public static void warmUp() {
        try {
            Advice advice = AdviceTypes.withTargetId(0).to(AdviceTypes.of(MethodAdvice.class),
                    AdviceTypes.LOCATOR);
            String subject = AdviceTypes.class.getName();
            new Weaver("instrument.warm-up", Weaver.Weaving.byName((name, loader) -> true,
                    (builder, type) -> builder.visit(advice.on(named("of")))))
                    .weave(AgentInstaller.class.getClassLoader(), subject,
                            AdviceTypes.LOCATOR.locate(subject).resolve());
        } catch (Throwable ignored) {
            // only an optimisation: install() reports real failures
        }
    }

    /**
     * Registers the targets' transformer now, and returns the step that builds its Byte Buddy part: to be run on the
     * agent's weaving thread ({@link DeferredTransformer}). Classes a target could apply to that load before it ran
     * wait for it; those already loaded are retransformed once it ran, and then the step is one the agent's start
     * waits for ({@link WeavingThread.Step#awaited()}), so that none of their calls goes unrecorded.
     *
     * @param targets the runtime targets, in the order whose indices the advice carries
     */
    public static WeavingThread.Step install(Instrumentation instrumentation, List<TargetRuntime> targets) {
        List<TargetSpec> specs = new ArrayList<>(targets.size());
        for (TargetRuntime target : targets) {
            specs.add(target.spec());
        }
        InheritedCode inherited = new InheritedCode(specs, new Retransformer(instrumentation));
        TargetMatcher matcher = new TargetMatcher(specs, inherited);
        LambdaBodies lambdas = new LambdaBodies(specs);
        if (lambdas.isUseful()) {
            instrumentation.addTransformer(lambdas); // runs before the retransformation-capable one below
        }
        inherited.prepare(); // before the transformer: see there
        DeferredTransformer deferred = new DeferredTransformer("targets", (name, classFile, loader) ->
                !isAgentOwn(name) && (matcher.mayWeave(name, classFile, loader) || !lambdas.bodiesOf(name).isEmpty()));
        // registered for retransformation, so that supertypes found to need it later can be (Retransformer)
        instrumentation.addTransformer(deferred, true);
        Set<Class<?>> loadedBefore = loadedBefore(instrumentation, matcher); // after registering: none is missed
        return new WeavingThread.Step("targets", () -> {
            deferred.build(() -> build(targets, specs, matcher, inherited, lambdas));
            Retransformer.retransform(instrumentation, loadedBefore);
        }, !loadedBefore.isEmpty());
    }

    private static Weaver build(List<TargetRuntime> targets, List<TargetSpec> specs, TargetMatcher matcher,
                                InheritedCode inherited, LambdaBodies lambdas) {
        ClassFileLocator adviceLocator = AdviceTypes.LOCATOR;
        TypeDescription methodAdvice = AdviceTypes.of(MethodAdvice.class);
        TypeDescription constructorAdvice = AdviceTypes.of(ConstructorAdvice.class);
        List<TargetAdvice> advice = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            advice.add(new TargetAdvice(i, specs.get(i).pattern().isConstructor() ? constructorAdvice : methodAdvice,
                    methodAdvice));
        }
        return new Weaver("instrument", new Weaver.Weaving() {
            @Override
            public boolean mayWant(String typeName, ClassLoader loader) {
                return loader != null && !isAgentOwn(typeName);
            }

            @Override
            public boolean wants(TypeDescription type, ClassLoader loader) {
                return !type.isSynthetic() && (!matcher.weavesFor(type, loader).isEmpty()
                        || !lambdas.bodiesOf(type.getName()).isEmpty());
            }

            @Override
            public DynamicType.Builder<?> weave(DynamicType.Builder<?> builder, TypeDescription type,
                                                ClassLoader loader) {
                return weaveLambdas(weaveTargets(builder, type, loader, matcher, inherited, targets, advice),
                        type, lambdas, targets, adviceLocator);
            }
        });
    }

    /**
     * The classes already loaded that a target could apply to: retransformed once the transformer is built. At
     * {@code -javaagent} start-up the application's classes are not loaded yet and the set is empty; when attached
     * late, or after another agent loaded application classes early, they are retransformed.
     */
    private static Set<Class<?>> loadedBefore(Instrumentation instrumentation, TargetMatcher matcher) {
        Set<Class<?>> loaded = new HashSet<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (type.getClassLoader() != null && !type.isArray() && !isAgentOwn(type.getName())
                    && matcher.couldApplyTo(type)) {
                loaded.add(type);
            }
        }
        return loaded;
    }

    private static DynamicType.Builder<?> weaveTargets(DynamicType.Builder<?> builder, TypeDescription type,
                                                       ClassLoader classLoader, TargetMatcher matcher,
                                                       InheritedCode inherited, List<TargetRuntime> targets,
                                                       List<TargetAdvice> advice) {
        for (TargetMatcher.Weave weave : matcher.weavesFor(type, classLoader)) {
            int index = weave.target();
            boolean constructor = matcher.target(index).pattern().isConstructor();
            if (!weave.checkReceiver()) {
                inherited.noteNamedType(type, index, classLoader);
            }
            if (constructor && weave.checkReceiver()) {
                // a superclass of a named constructor: only its failures are watched
                List<MethodDescription.InDefinedShape> constructors = new ArrayList<>(
                        type.getDeclaredMethods().filter(isConstructor()));
                if (!constructors.isEmpty()) {
                    builder = builder.visit(new ConstructorFailureWatch(false).on(constructors));
                }
                continue;
            }
            if (matcher.target(index).pattern().isTypeInitializer()) {
                // type descriptions list no static initialiser: the advice finds it in the class file, if it is there
                targets.get(index).markMatched();
                builder = builder.visit(advice.get(index).direct().on(isTypeInitializer()));
                continue;
            }
            List<MethodDescription.InDefinedShape> methods = matcher.methodsOf(type, weave);
            if (methods.isEmpty()) {
                continue;
            }
            targets.get(index).markMatched();
            TargetAdvice target = advice.get(index);
            // the methods by the advice their shape takes: one parameter or more, what they return
            Map<Advice, List<MethodDescription.InDefinedShape>> byAdvice = new IdentityHashMap<>();
            for (MethodDescription.InDefinedShape m : methods) {
                Advice shaped = target.method(weave.checkReceiver(), !constructor && m.getParameters().size() == 1,
                        TargetAdvice.Returns.of(m));
                byAdvice.computeIfAbsent(shaped, a -> new ArrayList<>()).add(m);
            }
            for (Map.Entry<Advice, List<MethodDescription.InDefinedShape>> shaped : byAdvice.entrySet()) {
                builder = builder.visit(shaped.getKey().on(anyOf(shaped.getValue())));
            }
            if (constructor) {
                // registered after the advice, so it sees the constructor's own code (see ConstructorFailureWatch)
                builder = builder.visit(new ConstructorFailureWatch(true).on(methods));
                // the static initialiser that the first construction may run counts in its load (a class without
                // one is left as it is: advice only decorates the methods a class file has)
                builder = builder.visit(target.classInit().on(isTypeInitializer()));
            }
        }
        return builder;
    }

    /** Weaves the advice into the bodies of lambdas that implement a named interface ({@link LambdaBodies}). */
    private static DynamicType.Builder<?> weaveLambdas(DynamicType.Builder<?> builder, TypeDescription type,
                                                       LambdaBodies lambdas, List<TargetRuntime> targets,
                                                       ClassFileLocator adviceLocator) {
        for (LambdaBodies.Body body : lambdas.bodiesOf(type.getName())) {
            int id = body.target() | body.captured() << TargetRuntime.CAPTURED_SHIFT;
            targets.get(body.target()).markMatched();
            builder = builder.visit(AdviceTypes.withTargetId(id)
                    .to(AdviceTypes.of(MethodAdvice.class), adviceLocator)
                    .on(named(body.name()).and(hasDescriptor(body.descriptor()))));
        }
        return builder;
    }

}
