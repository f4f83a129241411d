package io.predlog.agent.instrument;

import io.predlog.agent.diagnostics.Diagnostics;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The agent's weaving thread ({@code predlog-weaving}): builds the {@link Weaver}s that
 * {@link DeferredTransformer}s registered at start-up stand in for, then weaves the JDK's classes
 * ({@link JdkInstrumentation}), while the application starts on the other core. Each step runs on its own: one
 * that fails is reported, and the next runs. The thread that starts the weaving (the one running {@code premain}
 * or {@code agentmain}) waits for the steps marked {@link Step#awaited()}, bounded by {@link #MAX_AWAIT_MILLIS}:
 * the retransformation of a target's class that was loaded before the agent, whose calls would otherwise run
 * unrecorded while the application starts.
 */
public final class WeavingThread {

    /**
     * One piece of weaving, reported as {@code start:<name>} when it fails.
     *
     * @param awaited whether the thread starting the weaving waits until this step has run
     */
    public record Step(String name, Runnable work, boolean awaited) {

        /** A step the start does not wait for. */
        public Step(String name, Runnable work) {
            this(name, work, false);
        }
    }

    /** How long the start waits for the awaited steps at most; then the application goes on, and a warning says so. */
    static final long MAX_AWAIT_MILLIS = 30_000;

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
        start(steps, finished, threads, MAX_AWAIT_MILLIS);
    }

    static void start(List<Step> steps, Runnable finished, Function<Runnable, Thread> threads, long maxAwaitMillis) {
        int last = lastAwaited(steps);
        CountDownLatch awaited = new CountDownLatch(last < 0 ? 0 : 1);
        Runnable all = () -> {
            try {
                for (int i = 0; i < steps.size(); i++) {
                    Step step = steps.get(i);
                    try {
                        step.work().run();
                    } catch (Throwable t) {
                        Diagnostics.failure("start:" + step.name(), t);
                    }
                    if (i == last) {
                        awaited.countDown();
                    }
                }
            } finally {
                awaited.countDown();
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
            return;
        }
        await(awaited, steps.get(Math.max(last, 0)).name(), maxAwaitMillis);
    }

    private static int lastAwaited(List<Step> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).awaited()) {
                return i;
            }
        }
        return -1;
    }

    private static void await(CountDownLatch awaited, String step, long maxMillis) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        try {
            while (true) {
                try {
                    if (!awaited.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                        Diagnostics.warn("the weaving step '" + step + "' did not finish within " + maxMillis
                                + " ms; the application goes on, and calls made before it finishes are not recorded");
                    }
                    return;
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
