package io.predlog.agent.sink;

import io.predlog.agent.event.Event;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.SampleEvents;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Encoded batches for sink tests. */
public final class Batches {

    private Batches() {
    }

    public static EncodedBatch of(Event... events) {
        EventJsonEncoder encoder = new EventJsonEncoder(SampleEvents.PROCESS);
        EncodedBatch batch = new EncodedBatch(4, 256);
        for (Event e : events) {
            try {
                encoder.encode(e, batch.appender());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            batch.commit(e);
        }
        return batch;
    }

    public static EncodedBatch numbered(long from, int count) {
        Event[] events = new Event[count];
        for (int i = 0; i < count; i++) {
            events[i] = SampleEvents.numbered(from + i);
        }
        return of(events);
    }
}
