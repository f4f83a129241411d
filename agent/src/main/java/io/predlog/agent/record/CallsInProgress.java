package io.predlog.agent.record;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The recorded calls that have begun and whose events are not offered yet, so that the JVM's exit can wait for the
 * ones running when it began: a service stopping gracefully lets its requests finish, and their ends are then
 * recorded before the pipeline drains (docs/SAFETY.md, "Exit").
 *
 * <p>A call is counted from its enter until its events are offered: at its exit, or when the future it returned
 * completes. Calls that begin once the exit has begun are not counted, so a service that keeps serving while it
 * stops cannot hold the wait to its bound. Counting costs the application's thread two uncontended additions to a
 * {@link LongAdder} (striped when threads contend); the wait polls it on the shutdown hook's thread.
 */
public final class CallsInProgress {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final LongAdder running = new LongAdder();
    /** Set when the exit begins; read on every call's enter. */
    private volatile boolean exiting;

    /** A call has begun on the application's thread. */
    void begun(Scope scope) {
        if (!exiting) {
            scope.counted = true;
            running.increment();
        }
    }

    /** A call's events were offered (or it failed to record): it no longer holds up the exit. Idempotent. */
    void ended(Scope scope) {
        if (scope.counted) {
            scope.counted = false;
            running.decrement();
        }
    }

    /** The calls counted and not ended; exact when none is beginning or ending. */
    public long running() {
        return running.sum();
    }

    /**
     * The exit has begun: calls beginning from now are not counted, and this waits until those counted have ended,
     * for at most {@code timeoutMillis}.
     *
     * @return the calls still running when it stopped waiting (0 when all ended)
     */
    public long awaitEnd(long timeoutMillis) {
        exiting = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long left = running.sum();
        while (left > 0 && deadline - System.nanoTime() > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(Math.min(POLL_NANOS, deadline - System.nanoTime()));
            left = running.sum();
        }
        return Math.max(left, 0);
    }
}
