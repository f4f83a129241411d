package io.predlog.agent.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's own account of what became of the events it recorded: {@code agent_health}, written by the
 * dispatcher every {@code predlog.health.interval_s} and once more at shutdown. Counts are cumulative since the
 * agent started (a consumer differences successive events; a lost line loses nothing) and cover the recorded
 * events only, never {@code agent_health} itself, so that
 * {@code offered = written + sampled_out + shed + dropped + queued} (exactly so with one sink: an event that
 * fails on several sinks is counted once per sink).
 *
 * @param startEpochMillis when the snapshot was taken (the event's {@code timestamp})
 * @param thread           the thread that took it (the dispatcher)
 * @param warn             whether any drop count grew since the previous {@code agent_health} event
 * @param last             the shutdown event: nothing more will be written
 * @param uptimeMs         milliseconds since the agent started
 * @param offered          events recorded, before sampling
 * @param written          events every sink accepted
 * @param sampledOut       routine events left out by {@code predlog.sample.success}
 * @param shed             routine events left out by {@code predlog.sample.max_per_second}
 * @param queueFull        dropped because the queue was full
 * @param sinkError        per sink: events that sink failed to take
 * @param encodeError      dropped because they could not be encoded
 * @param afterShutdown    offered after shutdown began
 * @param sinkFailures     per sink: calls ({@code write}, {@code flush}, {@code close}) that threw
 * @param queued           events waiting in the queue
 * @param queueCapacity    the queue's capacity
 * @param queuedBytes      bytes of the lines waiting in the queue that their callers encoded
 * @param queueMaxBytes    the queued lines' bytes at which the queue refuses routine events
 * @param disk             per sink that writes files: what it keeps on disk (empty when none reports it)
 */
public record AgentHealthEvent(long startEpochMillis, String thread, boolean warn, boolean last, double uptimeMs,
                               long offered, long written, long sampledOut, long shed,
                               long queueFull, Map<String, Long> sinkError, long encodeError, long afterShutdown,
                               Map<String, Long> sinkFailures, long queued, long queueCapacity,
                               long queuedBytes, long queueMaxBytes, Map<String, Disk> disk) implements Event {

    public AgentHealthEvent {
        sinkError = Collections.unmodifiableMap(new LinkedHashMap<>(sinkError));
        sinkFailures = Collections.unmodifiableMap(new LinkedHashMap<>(sinkFailures));
        disk = Collections.unmodifiableMap(new LinkedHashMap<>(disk));
    }

    /**
     * Files and bytes a sink keeps on disk, as it reported them.
     *
     * @param files number of files it has written and not yet deleted
     * @param bytes their total size
     */
    public record Disk(long files, long bytes) {
    }

    /** Every drop, all causes and sinks together. */
    public long dropped() {
        long total = queueFull + encodeError + afterShutdown;
        for (long n : sinkError.values()) {
            total += n;
        }
        return total;
    }

    @Override
    public String name() {
        return "agent_health";
    }

    @Override
    public Level level() {
        return warn ? Level.WARN : Level.INFO;
    }
}
