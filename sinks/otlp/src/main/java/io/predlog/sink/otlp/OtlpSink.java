package io.predlog.sink.otlp;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.Sink;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code otlp} sink: every event becomes one OpenTelemetry log record, sent to an OTLP/HTTP logs endpoint
 * (docs/SINKS.md, "The otlp sink"; the mapping in docs/EVENTS.md, "As OpenTelemetry log records").
 *
 * <p>{@link #write}, on the dispatcher thread, only copies each event's line into the {@link Backlog} (memory, or the
 * spool's tail while the spool holds anything): it never waits on the network. The {@link Sender}'s thread sends
 * the backlog's oldest events in batches and retries what the endpoint cannot take now, which waits in the spool,
 * also across a restart. Delivery is at least once; events lost (spool full, no spool, refused by the endpoint) are
 * reported as a {@link io.predlog.agent.sink.LostEventsException} from the next {@code write}, {@code flush} or
 * {@code close}, so the pipeline counts them as this sink's {@code sink_error} drops in {@code agent_health}.
 */
final class OtlpSink implements Sink {

    private final Backlog backlog;
    private final Sender sender;
    private final Losses losses;
    private final int batchEvents;
    private final Duration closeTimeout;

    /**
     * Starts the sender.
     *
     * @param closeTimeout how long {@link #close} lets the sender deliver what waits (the spool, then memory) before
     *                     what is left in memory is spooled
     */
    OtlpSink(Backlog backlog, Sender sender, Losses losses, int batchEvents, Duration closeTimeout) {
        this.backlog = backlog;
        this.sender = sender;
        this.losses = losses;
        this.batchEvents = batchEvents;
        this.closeTimeout = closeTimeout;
        sender.start();
    }

    @Override
    public String name() {
        return "otlp";
    }

    @Override
    public void write(EncodedBatch batch) throws IOException {
        long observed = unixNanos(Instant.now());
        boolean wake = false;
        byte[] lines = batch.array();
        for (int i = 0; i < batch.size(); i++) {
            wake |= backlog.add(PendingEvent.of(lines, batch.offset(i), batch.length(i), observed), batchEvents);
        }
        if (wake) {
            sender.wake();
        }
        losses.report();
    }

    @Override
    public void flush() throws IOException {
        backlog.sync();
        losses.report();
    }

    @Override
    public void close() throws IOException {
        sender.stop(closeTimeout);
        long left = backlog.close();
        if (left > 0) {
            Diagnostics.info("otlp sink: " + left + " bytes of events wait in " + backlog.spoolDir()
                    + "; they are sent when the agent next starts with this spool");
        }
        losses.report();
    }

    @Override
    public Optional<DiskUsage> diskUsage() {
        return backlog.diskUsage();
    }

    static long unixNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
