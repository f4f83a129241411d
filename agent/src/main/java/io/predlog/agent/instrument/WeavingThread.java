package io.predlog.agent.instrument;

import io.predlog.agent.diagnostics.Diagnostics;

import java.util.List;
import java.util.function.Function;

/**
 * The agent's weaving thread ({@code predlog-weaving}): builds the {@link Weaver}s that
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

    /**
     * Runs the steps in order on a new daemon thread, then {@code finished} (also when steps failed). When no thread
     * can be started, runs them on the calling thread instead: classes waiting for a transformer must get it.
     */
    public static void start(List<Step> steps, Runnable finished) {
        start(steps, finished, work -> new Thread(work, "predlog-weaving"));
    }

    static void start(List<Step> steps, Runnable finished, Function<Runnable, Thread> threads) {
        Runnable all = () -> {
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
        };
        Thread thread = threads.apply(all);
        thread.setDaemon(true);
        current = thread;
        try {
            thread.start();
        } catch (Throwable t) {
            Diagnostics.failure("start:weaving-thread", t);
            current = Thread.currentThread();
            try {
                all.run();
            } finally {
                current = null;
            }
        }
    }
}
