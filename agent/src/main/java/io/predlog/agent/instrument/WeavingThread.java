package io.predlog.agent.instrument;

import io.predlog.agent.diagnostics.Diagnostics;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The agent's weaving thread ({@code predlog-weaving}): builds the {@link Weaver}s that
 * {@link DeferredTransformer}s registered at start-up stand in for, then weaves the JDK's classes
 * ({@link JdkInstrumentation}), while the application starts on the other core. Each step runs on its own: one
 * that fails is reported, and the next runs. The thread that starts the weaving (the one running {@code premain}
 * or {@code agentmain}) can wait for the steps marked {@link Step#awaited()} ({@link Started#awaitMarked}), bounded by
 * {@link #MAX_AWAIT_MILLIS}: the retransformation of a target's class that was loaded before the agent, whose calls
 * would otherwise run unrecorded while the application starts.
 */
public final class WeavingThread {

    /**
     * One piece of weaving, reported as {@code start:<name>} when it fails.
     *
     * @param awaited whether {@link Started#awaitMarked} waits until this step has run
     */
    public record Step(String name, Runnable work, boolean awaited) {

        /** A step the start does not wait for. */
        public Step(String name, Runnable work) {
            this(name, work, false);
        }
    }

    /** How long {@link Started#awaitMarked} waits at most; then the application goes on, and a warning says so. */
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
    public static Started start(List<Step> steps, Runnable finished) {
        return start(steps, finished, work -> new Thread(work, "predlog-weaving"));
    }

    static Started start(List<Step> steps, Runnable finished, Function<Runnable, Thread> threads) {
        int last = lastAwaited(steps);
        Started started = new Started(last < 0 ? null : steps.get(last).name());
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
                        started.marked.countDown();
                    }
                }
            } finally {
                started.marked.countDown();
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
        return started;
    }

    private static int lastAwaited(List<Step> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).awaited()) {
                return i;
            }
        }
        return -1;
    }

    /** The weaving once started: what its starter may wait for. Thread-safe. */
    public static final class Started {

        private final CountDownLatch marked = new CountDownLatch(1);
        /** The last step marked {@link Step#awaited()}, or null for none. */
        private final String lastMarked;

        private Started(String lastMarked) {
            this.lastMarked = lastMarked;
        }

        /**
         * Returns once every step marked {@link Step#awaited()} has run (at once when none is), or after
         * {@link WeavingThread#MAX_AWAIT_MILLIS} ms with a warning. Never throws; an interrupt is kept for the caller.
         */
        public void awaitMarked() {
            awaitMarked(MAX_AWAIT_MILLIS);
        }

        void awaitMarked(long maxMillis) {
            if (lastMarked == null) {
                return;
            }
            if (!DeferredTransformer.awaitLatch(marked, maxMillis)) {
                Diagnostics.warn("the weaving step '" + lastMarked + "' did not finish within " + maxMillis
                        + " ms; the application goes on, and calls made before it finishes are not recorded");
            }
        }
    }
}
