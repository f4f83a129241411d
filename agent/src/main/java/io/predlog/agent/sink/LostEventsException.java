package io.predlog.agent.sink;

import java.io.IOException;

/** A sink gave up on events it had already accepted (say, its final flush on close failed): how many. */
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
