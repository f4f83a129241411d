package io.predlog.agent.instrument;

import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.record.TargetRuntime;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;

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
     * Starts loading and initialising Byte Buddy's advice and agent-builder machinery on a daemon thread, so
     * that much of it is done, on the machine's other core, while the configuration is read and the pipeline
     * set up (class loading and verification of Byte Buddy are most of an agent's start-up cost). Purely an
     * optimisation: {@link #install} works the same whether or not this ran or finished.
     */
    public static void warmUpInBackground() {
        Thread warmUp = new Thread(() -> {
            try {
                ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(AgentInstaller.class.getClassLoader());
                Advice.withCustomMapping().bind(TargetId.class, 0).to(MethodAdvice.class, locator);
                newAgentBuilder().disableClassFormatChanges();
            } catch (Throwable ignored) {
                // only an optimisation: install() reports real failures
            }
        }, "predlog-warmup");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /**
     * Installs the transformer.
     *
     * @param targets the runtime targets, in the order whose indices the advice carries
     */
    public static void install(Instrumentation instrumentation, List<TargetRuntime> targets) {
        List<TargetSpec> specs = new ArrayList<>(targets.size());
        for (TargetRuntime target : targets) {
            specs.add(target.spec());
        }
        TargetMatcher matcher = new TargetMatcher(specs);
        ClassFileLocator adviceLocator = ClassFileLocator.ForClassLoader.of(AgentInstaller.class.getClassLoader());
        List<Advice> advice = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            Class<?> adviceType = specs.get(i).pattern().isConstructor() ? ConstructorAdvice.class : MethodAdvice.class;
            advice.add(Advice.withCustomMapping().bind(TargetId.class, i).to(adviceType, adviceLocator));
        }

        newAgentBuilder()
                .disableClassFormatChanges()
                .with(redefinitionFor(instrumentation, matcher))
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new FailureListener())
                .ignore(isSynthetic().<TypeDescription>or(type -> isAgentOwn(type.getName())))
                .or(any(), isBootstrapClassLoader())
                .type(matcher.anyTarget())
                .transform((builder, type, classLoader, module, protectionDomain) ->
                        weave(builder, type, matcher, targets, advice))
                .installOn(instrumentation);
    }

    /**
     * Retransformation only when a class the targets name is already loaded. At {@code -javaagent} start-up
     * the application's classes are not loaded yet, and skipping Byte Buddy's retransformation machinery
     * (and its scan of every loaded class) saves tens of milliseconds of the application's start-up; when
     * attached late, or after another agent loaded application classes early, they are retransformed.
     */
    private static AgentBuilder.RedefinitionStrategy redefinitionFor(Instrumentation instrumentation,
                                                                     TargetMatcher matcher) {
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (loaded.getClassLoader() != null && !loaded.isInterface() && !loaded.isArray()
                    && !isAgentOwn(loaded.getName()) && matcher.couldApplyTo(loaded)) {
                return AgentBuilder.RedefinitionStrategy.RETRANSFORMATION;
            }
        }
        return AgentBuilder.RedefinitionStrategy.DISABLED;
    }

    /**
     * Byte Buddy's default agent builder prepares its "Nexus" for self-initialising types: it injects a class
     * into the application's system class loader, reaching {@code sun.misc.Unsafe} to do so (which JDK 24+
     * reports on stderr). predlog uses inline advice only and needs none of it, so the Nexus is switched off
     * by Byte Buddy's own (relocated) property, set only while the builder initialises.
     */
    static synchronized AgentBuilder newAgentBuilder() {
        String property = net.bytebuddy.dynamic.Nexus.PROPERTY;
        String previous = System.getProperty(property);
        System.setProperty(property, "true");
        try {
            // Advice only decorates declared methods: no need to compile the full method graph (which resolves every
            // supertype, including ones another agent generated in memory) or to validate the unchanged type.
            return new AgentBuilder.Default(new ByteBuddy()
                    .with(TypeValidation.DISABLED)
                    .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE));
        } finally {
            if (previous == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, previous);
            }
        }
    }

    private static DynamicType.Builder<?> weave(DynamicType.Builder<?> builder, TypeDescription type,
                                                TargetMatcher matcher, List<TargetRuntime> targets,
                                                List<Advice> advice) {
        for (int index : matcher.targetsFor(type)) {
            TargetRuntime target = targets.get(index);
            var methods = matcher.methodsOf(index);
            if (type.getDeclaredMethods().filter(methods).isEmpty()) {
                continue;
            }
            target.markMatched();
            builder = builder.visit(advice.get(index).on(methods));
        }
        return builder;
    }

    /** Reports classes that could not be transformed; the class then loads unchanged. */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            Diagnostics.failure("instrument:" + typeName, throwable);
        }
    }
}
