package io.predlog.agent.pipeline;

import io.predlog.agent.event.AgentHealthEvent;

import java.util.concurrent.TimeUnit;

/**
 * When the dispatcher writes {@code agent_health}: every interval, on the beat of the pipeline's start (a beat
 * missed while the dispatcher was busy is skipped, not made up), and once more at shutdown. Dispatcher thread only.
 */
final class HealthSchedule {

    private final HealthReport report;
    private final long intervalNanos;
    private long nextNanos;

    /**
     * @param report         builds the events
     * @param intervalMillis between periodic events; 0 for none (only the last one, at shutdown)
     * @param startNanos     {@link System#nanoTime} the intervals count from
     */
    HealthSchedule(HealthReport report, long intervalMillis, long startNanos) {
        this.report = report;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.nextNanos = startNanos + intervalNanos;
    }

    /** The periodic event due at {@code now} ({@link System#nanoTime}), or null when none is. */
    AgentHealthEvent dueAt(long now) {
        if (intervalNanos <= 0 || now - nextNanos < 0) {
            return null;
        }
        while (now - nextNanos >= 0) {
            nextNanos += intervalNanos;
        }
        return report.next(false);
    }

    /** Nanoseconds from {@code now} until the next periodic event is due (0 when it is); none: {@code Long.MAX_VALUE}. */
    long nanosUntilDue(long now) {
        return intervalNanos <= 0 ? Long.MAX_VALUE : Math.max(0, nextNanos - now);
    }

    /** The last event, written after the final drain. */
    AgentHealthEvent last() {
        return report.next(true);
    }
}
