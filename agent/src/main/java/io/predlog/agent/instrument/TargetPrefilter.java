package io.predlog.agent.instrument;

import io.predlog.agent.diagnostics.Diagnostics;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;

/**
 * Stands in front of a Byte Buddy transformer and lets through only the classes it could change, decided from the
 * loading class's name and class-file header, without the full description Byte Buddy builds before its matchers
 * run. Every class the application loads passes here: a Spring application loads tens of thousands, nearly all of
 * which no target names. Retransformations always pass (they are few, and asked for on purpose).
 *
 * <p>Installed with {@link AgentBuilder#with(AgentBuilder.TransformerDecorator)}, so the builder's own installation
 * and retransformation of already loaded classes are unchanged. A filter that fails lets the class through: the
 * transformer behind it then decides as it would have without the filter.
 */
final class TargetPrefilter implements AgentBuilder.TransformerDecorator {

    /** Which loading classes to let through. */
    @FunctionalInterface
    interface Candidates {

        /**
         * @param name      binary name of the class being loaded
         * @param classFile its class file
         * @param loader    its class loader; null for the bootstrap loader
         */
        boolean mayChange(String name, byte[] classFile, ClassLoader loader);
    }

    private final Candidates candidates;

    TargetPrefilter(Candidates candidates) {
        this.candidates = candidates;
    }

    @Override
    public ResettableClassFileTransformer decorate(ResettableClassFileTransformer transformer) {
        return new Filtering(transformer, candidates);
    }

    static boolean passes(Candidates candidates, ClassLoader loader, String internalName, Class<?> redefined,
                          byte[] classFile) {
        if (redefined != null || internalName == null || classFile == null) {
            return true;
        }
        try {
            return candidates.mayChange(internalName.replace('/', '.'), classFile, loader);
        } catch (Throwable t) {
            Diagnostics.failure("instrument.prefilter", t);
            return true;
        }
    }

    private static final class Filtering extends ResettableClassFileTransformer.WithDelegation {

        private final Candidates candidates;

        Filtering(ResettableClassFileTransformer transformer, Candidates candidates) {
            super(transformer);
            this.candidates = candidates;
        }

        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                                ProtectionDomain protectionDomain, byte[] classFile)
                throws IllegalClassFormatException {
            if (!passes(candidates, loader, className, redefined, classFile)) {
                return null;
            }
            return classFileTransformer.transform(loader, className, redefined, protectionDomain, classFile);
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                ProtectionDomain protectionDomain, byte[] classFile)
                throws IllegalClassFormatException {
            if (!passes(candidates, loader, className, redefined, classFile)) {
                return null;
            }
            return classFileTransformer.transform(module, loader, className, redefined, protectionDomain, classFile);
        }
    }
}
