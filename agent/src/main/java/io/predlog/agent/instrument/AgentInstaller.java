package io.predlog.agent.instrument;

import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.record.TargetRuntime;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
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
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

/**
 * Weaves the advice into every method that a configured target names, in classes loaded from now on and in
 * those already loaded (retransformation). Class file formats are never changed, so retransformation stays
 * legal and other agents can coexist.
 */
public final class AgentInstaller {

    private AgentInstaller() {
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
        List<Advice> methodAdvice = new ArrayList<>(targets.size());
        List<Advice> constructorAdvice = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            Advice.WithCustomMapping mapping = Advice.withCustomMapping().bind(TargetId.class, i);
            methodAdvice.add(mapping.to(MethodAdvice.class, adviceLocator));
            constructorAdvice.add(mapping.to(ConstructorAdvice.class, adviceLocator));
        }

        newAgentBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new FailureListener())
                .ignore(nameStartsWith("io.predlog.agent.")
                        .or(nameStartsWith("io.predlog.shaded."))
                        .or(nameStartsWith("net.bytebuddy."))
                        .or(isSynthetic()))
                .or(any(), isBootstrapClassLoader())
                .type(matcher.anyTarget())
                .transform((builder, type, classLoader, module, protectionDomain) ->
                        weave(builder, type, matcher, targets, methodAdvice, constructorAdvice))
                .installOn(instrumentation);
    }

    /**
     * Byte Buddy's default agent builder prepares its "Nexus" for self-initialising types: it injects a class
     * into the application's system class loader, reaching {@code sun.misc.Unsafe} to do so (which JDK 24+
     * reports on stderr). predlog uses inline advice only and needs none of it, so the Nexus is switched off
     * by Byte Buddy's own (relocated) property, set only while the builder initialises.
     */
    private static AgentBuilder newAgentBuilder() {
        String property = net.bytebuddy.dynamic.Nexus.PROPERTY;
        String previous = System.getProperty(property);
        System.setProperty(property, "true");
        try {
            return new AgentBuilder.Default();
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
                                                List<Advice> methodAdvice, List<Advice> constructorAdvice) {
        for (int index : matcher.targetsFor(type)) {
            TargetRuntime target = targets.get(index);
            var methods = matcher.methodsOf(index);
            if (type.getDeclaredMethods().filter(methods).isEmpty()) {
                continue;
            }
            target.markMatched();
            AsmVisitorWrapper advice = target.spec().pattern().isConstructor()
                    ? constructorAdvice.get(index).on(methods)
                    : methodAdvice.get(index).on(methods);
            builder = builder.visit(advice);
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
