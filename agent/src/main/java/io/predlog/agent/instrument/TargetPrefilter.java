package io.predlog.agent.instrument;

import io.predlog.agent.diagnostics.Diagnostics;

/**
 * Lets through to a {@link Weaver} only the loading classes it could change, decided from the class's name and
 * class-file header, without the description Byte Buddy builds before deciding: every class the application loads
 * passes here, and a Spring application loads tens of thousands, nearly all of which no target names.
 * Retransformations always pass (they are few, and asked for on purpose). A filter that fails lets the class
 * through: the weaver behind it then decides as it would have without the filter.
 */
final class TargetPrefilter {

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

    private TargetPrefilter() {
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
}
