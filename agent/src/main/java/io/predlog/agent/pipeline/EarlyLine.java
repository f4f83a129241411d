package io.predlog.agent.pipeline;

import io.predlog.agent.event.Event;
import io.predlog.agent.event.EventJsonEncoder;

import java.io.ByteArrayOutputStream;
import java.util.function.Function;

/**
 * An event encoded on the application thread that recorded it, queued as its line: what an application thread
 * offers once the dispatcher is behind, {@link EventQueue#EARLY_DEPTH} events or more waiting. The dispatcher then
 * only copies the line into its batch.
 *
 * <p>Why: the dispatcher is one thread. When the application's own threads saturate the cores (64 callers on 2
 * cores), it gets a 65th of the CPU, and encoding, the largest part of its work per event, could not keep up by
 * fairness alone: two thirds of the events were dropped. Encoding on the callers makes the capacity grow with them:
 * each pays for its own line (about a microsecond and a line's worth of allocation), only while the dispatcher is
 * that far behind, and never waits for another thread. Below that depth nothing changes: the dispatcher encodes, in
 * batches (docs/ARCHITECTURE.md, "When the dispatcher falls behind").
 *
 * <p>Memory: a queued line holds its bytes beside its event (about a kilobyte for a typical prediction), so a queue
 * full of them holds that much more; and each thread that ever encoded keeps its encoder, a few tens of kilobytes,
 * for as long as it lives.
 */
final class EarlyLine {

    final Event event;
    final byte[] line;

    EarlyLine(Event event, byte[] line) {
        this.event = event;
        this.line = line;
    }

    /**
     * Encodes events on the calling thread, with an encoder of that thread's own (the same process fields and
     * {@code event_id} sequence as the dispatcher's). Gives back the event itself when it cannot encode it, for the
     * dispatcher to encode (and count, if it fails there too). Never throws.
     */
    static final class Encoder implements Function<Event, Object> {

        private final ThreadLocal<PerThread> perThread;

        Encoder(EventJsonEncoder dispatcherEncoder) {
            this.perThread = ThreadLocal.withInitial(() -> new PerThread(dispatcherEncoder.another()));
        }

        @Override
        public Object apply(Event event) {
            try {
                PerThread p = perThread.get();
                p.out.reset();
                p.encoder.encode(event, p.out);
                return new EarlyLine(event, p.out.toByteArray());
            } catch (Throwable t) {
                return event;
            }
        }
    }

    private static final class PerThread {
        final EventJsonEncoder encoder;
        final ByteArrayOutputStream out = new ByteArrayOutputStream(2048);

        PerThread(EventJsonEncoder encoder) {
            this.encoder = encoder;
        }
    }
}
