package io.predlog.agent.record;

import io.predlog.agent.diagnostics.Diagnostics;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the JDK's own classes are woven yet (thread hand-offs, {@code FutureTask} completion, HTTP clients'
 * outbound ids). They are woven on a thread of their own while the application starts, and the first recorded
 * call waits until they are: before it, no request has an id that a hand-off could lose. Once the weaving is done
 * each call pays one volatile read. A weaving that takes longer than {@link #MAX_WAIT_MILLIS} stops the waiting
 * (reported once): calls then go on, and hand-offs are carried from whenever the weaving finishes.
 * Thread-safe.
 */
public final class JdkWeaving {

    /** How long the first recorded calls wait for the weaving at most. */
    static final long MAX_WAIT_MILLIS = 10_000;

    /** Nothing to wait for: the JDK was woven before any call could be recorded, or is not woven at all. */
    public static final JdkWeaving DONE = new JdkWeaving(true);

    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private volatile boolean done;

    private JdkWeaving(boolean done) {
        this.done = done;
        if (done) {
            finished.countDown();
        }
    }

    /** A weaving that has not finished yet. */
    public static JdkWeaving pending() {
        return new JdkWeaving(false);
    }

    /** The weaving finished (or failed, which is reported where it failed): calls stop waiting. */
    public void finished() {
        done = true;
        finished.countDown();
    }

    /** Whether it finished. */
    public boolean isDone() {
        return done;
    }

    /** Before a call is recorded: returns at once once the weaving is done, else waits for it (bounded). */
    void awaitBeforeRecording() {
        if (!done) {
            await(MAX_WAIT_MILLIS);
        }
    }

    void await(long maxMillis) {
        try {
            if (!finished.await(maxMillis, TimeUnit.MILLISECONDS) && timedOut.compareAndSet(false, true)) {
                done = true; // the first call to time out stops every other from waiting
                Diagnostics.warn("the JDK's classes were not woven within " + maxMillis + " ms of the first"
                        + " recorded call; calls are recorded without waiting, and request ids follow thread"
                        + " hand-offs once the weaving finishes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the application's interrupt: keep it, record without waiting
        }
    }
}
