package io.predlog.agent.record;

import io.predlog.agent.diagnostics.Diagnostics;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;

/**
 * Something that the first recorded calls wait for, once: {@link #await} returns as soon as it has {@link #end}ed, or
 * after at most its bound. The first wait to reach its bound reports it (once) and stops every later wait, which
 * then returns at once; so does every wait after the end, for one volatile read. An interrupt ends a wait and is
 * kept. Thread-safe.
 */
final class BoundedWait {

    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean timedOut = new AtomicBoolean();
    /** Ended, or given up on: nothing to wait for. */
    private volatile boolean over;

    /** @param ended whether there is nothing to wait for from the start */
    BoundedWait(boolean ended) {
        if (ended) {
            end();
        }
    }

    void end() {
        over = true;
        ended.countDown();
    }

    /** Whether it ended (a wait given up on does not end it). */
    boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /** Whether waits return at once: it ended, or one wait reached its bound. */
    boolean isOver() {
        return over;
    }

    /**
     * Waits until the end, at most {@code maxMillis}; the first wait to reach that bound reports
     * {@code lateWarning.apply(maxMillis)} and stops every later wait.
     */
    void await(long maxMillis, LongFunction<String> lateWarning) {
        if (over) {
            return;
        }
        try {
            if (!ended.await(maxMillis, TimeUnit.MILLISECONDS) && timedOut.compareAndSet(false, true)) {
                over = true;
                Diagnostics.warn(lateWarning.apply(maxMillis));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the application's interrupt: keep it, go on without waiting
        }
    }
}
