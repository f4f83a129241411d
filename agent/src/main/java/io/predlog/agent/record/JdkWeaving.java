package io.predlog.agent.record;

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

    private final BoundedWait weaving;

    private JdkWeaving(boolean done) {
        this.weaving = new BoundedWait(done);
    }

    /** A weaving that has not finished yet. */
    public static JdkWeaving pending() {
        return new JdkWeaving(false);
    }

    /** The weaving finished (or failed, which is reported where it failed): calls stop waiting. */
    public void finished() {
        weaving.end();
    }

    /** Whether it finished, or calls stopped waiting for it. */
    public boolean isDone() {
        return weaving.isOver();
    }

    /** Before a call is recorded: returns at once once the weaving is done, else waits for it (bounded). */
    void awaitBeforeRecording() {
        if (!weaving.isOver()) {
            await(MAX_WAIT_MILLIS);
        }
    }

    void await(long maxMillis) {
        weaving.await(maxMillis, ms -> "the JDK's classes were not woven within " + ms + " ms of the first"
                + " recorded call; calls are recorded without waiting, and request ids follow thread"
                + " hand-offs once the weaving finishes");
    }
}
