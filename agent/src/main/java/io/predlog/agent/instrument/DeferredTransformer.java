package io.predlog.agent.instrument;

import io.predlog.agent.diagnostics.Diagnostics;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A class file transformer registered at start-up whose work is done by a {@link Weaver} built later, on
 * the agent's weaving thread: building it loads and initialises about a thousand of Byte Buddy's classes, which
 * the application's start need not wait for. Until it is {@link #ready}, the classes being loaded that it could
 * change ({@link TargetPrefilter.Candidates}: decided from the name and class-file header, without Byte Buddy) wait
 * for it, bounded by {@link #MAX_WAIT_MILLIS}; every other class passes at once, as it does afterwards. Classes of
 * the bootstrap loader are never its business.
 */
final class DeferredTransformer implements ClassFileTransformer {

    /** How long a class that may need weaving waits for the transformer at most. */
    static final long MAX_WAIT_MILLIS = 30_000;

    private final String name;
    private final TargetPrefilter.Candidates candidates;
    private final CountDownLatch settled = new CountDownLatch(1);
    private volatile ClassFileTransformer transformer;
    private volatile boolean givenUp;

    /**
     * @param name       what failures are reported under ({@code targets})
     * @param candidates the classes being loaded it may change; retransformations always pass
     */
    DeferredTransformer(String name, TargetPrefilter.Candidates candidates) {
        this.name = name;
        this.candidates = candidates;
    }

    /** The transformer is built: waiting classes go on to it, and every later one. */
    void ready(ClassFileTransformer built) {
        transformer = built;
        settled.countDown();
    }

    /** It could not be built (reported by the caller): no class waits any more, none is changed. */
    void failed() {
        givenUp = true;
        settled.countDown();
    }

    /** Builds the transformer (on the weaving thread): {@link #ready} with it, or {@link #failed} and rethrown. */
    void build(Supplier<? extends ClassFileTransformer> builder) {
        try {
            ready(builder.get());
        } catch (Throwable t) {
            failed();
            throw t;
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (loader == null || !TargetPrefilter.passes(candidates, loader, className, classBeingRedefined,
                classfileBuffer)) {
            return null;
        }
        try {
            ClassFileTransformer t = transformer;
            if (t == null) {
                t = await(className);
                if (t == null) {
                    return null;
                }
            }
            return t.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
        } catch (Throwable t) {
            Diagnostics.failure("instrument:" + name, t);
            return null;
        }
    }

    /** Waits for the transformer, through interrupts (kept for the application); null when there is none. */
    private ClassFileTransformer await(String className) {
        if (givenUp || WeavingThread.isCurrent()) {
            return null; // a class the weaving thread loads while it builds the transformer cannot wait for it
        }
        if (awaitLatch(settled, MAX_WAIT_MILLIS)) {
            return transformer;
        }
        givenUp = true;
        Diagnostics.warn("instrumentation '" + name + "' was not ready within " + MAX_WAIT_MILLIS + " ms; "
                + className.replace('/', '.') + " and the classes loaded until it is are not woven");
        return null;
    }

    /**
     * Whether {@code latch} reached zero within {@code maxMillis}; an interrupt does not cut the wait short and is
     * kept for the caller. Here, in a class loaded before any application class can wait, rather than in a class of its
     * own that would first load inside a class-file transformation.
     */
    static boolean awaitLatch(CountDownLatch latch, long maxMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
