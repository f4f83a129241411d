package io.predlog.agent.pipeline;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One batch on its way to several {@link SinkThread}s: once every sink has had it, its events count as written by
 * all ({@code events_written}) if every sink took it. Each sink reports once, from its own thread.
 */
final class Delivery {

    private final int events;
    private final AtomicInteger pending;
    private final AtomicLong writtenByAll;
    private volatile boolean failed;

    Delivery(int events, int sinks, AtomicLong writtenByAll) {
        this.events = events;
        this.pending = new AtomicInteger(sinks);
        this.writtenByAll = writtenByAll;
    }

    /** Events in the batch. */
    int events() {
        return events;
    }

    /** One sink's outcome: {@code taken} when it took the batch; false when it failed, or it was dropped for it. */
    void done(boolean taken) {
        if (!taken) {
            failed = true;
        }
        if (pending.decrementAndGet() == 0 && !failed) {
            writtenByAll.addAndGet(events);
        }
    }
}
