package io.predlog.agent.instrument;

import io.predlog.agent.diagnostics.Diagnostics;

import java.util.List;

/**
 * The agent's weaving thread ({@code predlog-weaving}): builds the Byte Buddy transformers that
 * {@link DeferredTransformer}s registered at start-up stand in for, then weaves the JDK's classes
 * ({@link JdkInstrumentation}), while the application starts on the other core. Each step runs on its own: one
 * that fails is reported, and the next runs.
 */
public final class WeavingThread {

    /** One piece of weaving, reported as {@code start:<name>} when it fails. */
    public record Step(String name, Runnable work) {
    }

    private static volatile Thread current;

    private WeavingThread() {
    }

    /** Whether the calling thread is the weaving thread (which must never wait for its own work). */
    static boolean isCurrent() {
        return Thread.currentThread() == current;
    }

    /** Runs the steps in order on a new daemon thread, then {@code finished} (also when steps failed). */
    public static void start(List<Step> steps, Runnable finished) {
        Thread thread = new Thread(() -> {
            try {
                for (Step step : steps) {
                    try {
                        step.work().run();
                    } catch (Throwable t) {
                        Diagnostics.failure("start:" + step.name(), t);
                    }
                }
            } finally {
                finished.run();
            }
        }, "predlog-weaving");
        thread.setDaemon(true);
        current = thread;
        try {
            thread.start();
        } catch (Throwable t) {
            finished.run(); // nothing will be woven: nothing for calls to wait for
            throw t;
        }
    }
}
