package io.predlog.agent.pipeline;

import io.predlog.agent.event.AgentHealthEvent;

/**
 * Builds the {@code agent_health} events (docs/EVENTS.md) from the pipeline's counters and the sampler's, on the
 * dispatcher thread, when {@link HealthSchedule} says one is due. The level is WARN when any drop count grew since
 * the previous {@code agent_health}, so one incident does not colour every later report.
 */
final class HealthReport {

    private final EventPipeline pipeline;
    private final UpstreamCounts upstream;
    private final long startNanos;
    private long reportedDrops;

    /**
     * @param upstream   events left out before the pipeline (sampled out, shed)
     * @param startNanos {@link System#nanoTime} that {@code uptime_ms} counts from
     */
    HealthReport(EventPipeline pipeline, UpstreamCounts upstream, long startNanos) {
        this.pipeline = pipeline;
        this.upstream = upstream == null ? UpstreamCounts.NONE : upstream;
        this.startNanos = startNanos;
    }

    /** The next event; {@code last} for the one written at shutdown. */
    AgentHealthEvent next(boolean last) {
        long now = System.nanoTime();
        // a snapshot of counters that application threads keep moving. An offer refused after the shutdown began
        // (application threads go on calling while the JVM exits) is read once, in both offered and
        // after_shutdown. In a periodic report, offers in progress may be counted as offered only
        long sampledOut = upstream.sampledOut();
        long shed = upstream.shed();
        EventPipeline.Snapshot queue = pipeline.snapshot();
        DropCounts drops = queue.drops();
        long written = pipeline.written();
        int queued = pipeline.queued();
        long queuedBytes = pipeline.queuedBytes();
        long offered = queue.offered() + sampledOut + shed; // offered(upstream), from the snapshot above
        if (last) {
            // the queue is closed, drained and emptied, and the sinks are done: an event offered and neither
            // written nor dropped for another cause was lost after the shutdown began. That is also an offer that
            // passed the closed check just before the close and had not finished when the queue was emptied
            long unaccounted = queue.offered() - written - drops.total();
            if (unaccounted > 0) {
                drops = new DropCounts(drops.queueFull(), drops.sinkError(), drops.encodeError(),
                        drops.afterShutdown() + unaccounted);
            }
        }
        long dropTotal = drops.total();
        boolean warn = dropTotal > reportedDrops;
        reportedDrops = dropTotal;
        return new AgentHealthEvent(System.currentTimeMillis(), Thread.currentThread().getName(), warn, last,
                (now - startNanos) / 1_000_000.0, offered, written, sampledOut, shed, drops.queueFull(),
                drops.sinkError(), drops.encodeError(), drops.afterShutdown(), pipeline.sinkFailures(), queued,
                pipeline.capacity(), queuedBytes, pipeline.maxQueuedBytes(), pipeline.diskUsage());
    }
}
