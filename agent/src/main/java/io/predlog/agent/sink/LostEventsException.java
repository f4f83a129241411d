package io.predlog.agent.sink;

import java.io.IOException;

/**
 * A sink gave up on events it had already accepted (its final flush on close failed, the file it wrote them into
 * was deleted, its spool was full): how many. Thrown from {@link Sink#flush()} or {@link Sink#close()}, or from
 * {@link Sink#write} when the batch itself was taken and the loss is of earlier events; the pipeline then counts
 * them as the sink's {@code sink_error} drops instead of as written.
 */
public final class LostEventsException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long lostEvents;

    public LostEventsException(long lostEvents, String message, Throwable cause) {
        super(message, cause);
        this.lostEvents = lostEvents;
    }

    /** Events lost, to be counted as {@code sink_error} drops of the sink (0: something to report, nothing lost). */
    public long lostEvents() {
        return lostEvents;
    }
}
