package io.predlog.agent.sink;

import java.io.IOException;

/**
 * A sink gave up on events it had already accepted (its final flush on close failed, its spool was full): how many.
 * Thrown from {@link Sink#write} it means the batch itself was taken and the loss is of earlier events.
 */
public final class LostEventsException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long lostEvents;

    public LostEventsException(long lostEvents, String message, Throwable cause) {
        super(message, cause);
        this.lostEvents = lostEvents;
    }

    /** Events lost, to be counted as {@code sink_error} drops of the sink. */
    public long lostEvents() {
        return lostEvents;
    }
}
