package io.predlog.agent;

import io.predlog.agent.bootstrap.CallRecorder;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.record.PendingRecorder;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The agent's parts started on a thread of their own ({@code predlog-start}) while the application starts:
 * {@code premain} returns once the transformers are registered, and the first recorded call waits for the rest
 * ({@link PendingRecorder}). The shutdown hook, registered in {@code premain}, waits for this start to finish before
 * it shuts the parts down, so that an application that exits at once still has its events written. A start that
 * throws is reported, and the application runs without recording. Once the calls go on, the start thread does
 * what it was given to do after them (compiling SHA-256 first: {@code PredlogAgent}). Thread-safe.
 */
final class BackgroundStart {

    /** What the start built: the parts that started, in order, the pipeline's drain, and the recorder. */
    record Running(List<Capability> parts, LongConsumer drain, CallRecorder recorder) {
    }

    static final String THREAD_NAME = "predlog-start";

    private final CountDownLatch finished = new CountDownLatch(1);
    private final PendingRecorder pending;
    /** Run on the start thread once the start has succeeded and the calls have gone on. */
    private final Runnable afterStart;
    private volatile Running running;

    private BackgroundStart(PendingRecorder pending, Runnable afterStart) {
        this.pending = pending;
        this.afterStart = afterStart;
    }

    /**
     * Runs {@code start} on a new daemon thread; {@code pending} gets its recorder when it returns (nothing when it
     * throws), and then, after a start that succeeded, the thread runs {@code afterStart} (its failure is counted,
     * never thrown). When no thread can be started, runs it all on the calling thread instead.
     */
    static BackgroundStart begin(Supplier<Running> start, PendingRecorder pending, Runnable afterStart) {
        return begin(start, pending, afterStart, work -> new Thread(work, THREAD_NAME));
    }

    static BackgroundStart begin(Supplier<Running> start, PendingRecorder pending, Runnable afterStart,
                                 Function<Runnable, Thread> threads) {
        BackgroundStart background = new BackgroundStart(pending, afterStart);
        Runnable work = () -> background.run(start);
        Thread thread = threads.apply(work);
        thread.setDaemon(true);
        pending.startedBy(thread);
        try {
            thread.start();
        } catch (Throwable t) {
            Diagnostics.failure("start:start-thread", t);
            pending.startedBy(Thread.currentThread());
            work.run();
        }
        return background;
    }

    private void run(Supplier<Running> start) {
        try {
            running = start.get();
        } catch (Throwable t) {
            Diagnostics.error("agent failed to start (" + t + "); the application runs without it");
        } finally {
            Running done = running;
            pending.ready(done == null ? null : done.recorder());
            finished.countDown();
        }
        if (running != null) {
            try {
                afterStart.run();
            } catch (Throwable t) {
                Diagnostics.failure("start:after", t);
            }
        }
    }

    /**
     * At exit: waits for the start (within {@code budgetMillis}), then shuts its parts down with what is left of the
     * budget, half of it at least.
     */
    void shutDown(long budgetMillis) {
        long begun = System.nanoTime();
        try {
            if (!finished.await(budgetMillis, TimeUnit.MILLISECONDS)) {
                Diagnostics.warn("the agent's start had not finished within " + budgetMillis + " ms of the JVM's"
                        + " exit; nothing it began is written");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Running done = running;
        if (done != null) {
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun);
            Capability.shutDown(done.parts(), Math.max(budgetMillis - waited, budgetMillis / 2), done.drain());
        }
    }
}
