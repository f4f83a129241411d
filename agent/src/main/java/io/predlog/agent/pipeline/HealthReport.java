package io.predlog.agent.pipeline;

import io.predlog.agent.event.AgentHealthEvent;

import java.util.concurrent.TimeUnit;

/**
 * Builds the {@code agent_health} events (docs/EVENTS.md) from the pipeline's counters and the sampler's,
 * on the dispatcher thread: when one is {@link #due}, and the last one at shutdown. The level is WARN when any
 * drop count grew since the previous {@code agent_health}, so one incident does not colour every later report.
 */
final class HealthReport {

    private final EventPipeline pipeline;
    private final long intervalNanos;
    private final UpstreamCounts upstream;
    private final long startNanos = System.nanoTime();
    private long nextNanos;
    private long reportedDrops;

    /**
     * @param intervalMillis between periodic events; 0 for none (only the last one, at shutdown)
     * @param upstream       events left out before the pipeline (sampled out, shed)
     */
    HealthReport(EventPipeline pipeline, long intervalMillis, UpstreamCounts upstream) {
        this.pipeline = pipeline;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.upstream = upstream == null ? UpstreamCounts.NONE : upstream;
        this.nextNanos = startNanos + intervalNanos;
    }

    /** Whether a periodic event is due at {@code now} ({@link System#nanoTime}). */
    boolean due(long now) {
        return intervalNanos > 0 && now - nextNanos >= 0;
    }

    /** The next event; {@code last} for the one written at shutdown. */
    AgentHealthEvent next(boolean last) {
        long now = System.nanoTime();
        if (intervalNanos > 0) {
            while (now - nextNanos >= 0) {
                nextNanos += intervalNanos;
            }
        }
        // a snapshot of counters that application threads keep moving: the counts add up exactly in the last
        // event (nothing is in flight then); in a periodic one, offers in progress may be counted as offered only
        long sampledOut = upstream.sampledOut();
        long shed = upstream.shed();
        DropCounts drops = pipeline.drops();
        long written = pipeline.written();
        int queued = pipeline.queued();
        long offered = pipeline.offered() + sampledOut + shed; // offered(upstream), from the snapshot above
        long dropTotal = drops.total();
        boolean warn = dropTotal > reportedDrops;
        reportedDrops = dropTotal;
        return new AgentHealthEvent(System.currentTimeMillis(), Thread.currentThread().getName(), warn, last,
                (now - startNanos) / 1_000_000.0, offered, written, sampledOut, shed, drops.queueFull(),
                drops.sinkError(), drops.encodeError(), drops.afterShutdown(), pipeline.sinkFailures(), queued,
                pipeline.capacity(), pipeline.diskUsage());
    }
}
