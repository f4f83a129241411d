package io.predlog.sink.otlp;

import io.predlog.agent.sink.LostEventsException;

import java.util.Map;
import java.util.TreeMap;

/**
 * Events the sink accepted and then lost, by reason ({@code spool_full}, {@code rejected: HTTP 400}, …), reported to
 * the pipeline as a {@link LostEventsException} so that it counts them as the sink's {@code sink_error} drops in
 * {@code agent_health}. Thread-safe: the dispatcher and the sender thread both count.
 */
final class Losses {

    private final Map<String, Long> byReason = new TreeMap<>();
    private long total;
    private long reported;

    /** Counts {@code n} events lost for {@code reason}. */
    synchronized void lost(long n, String reason) {
        if (n > 0) {
            byReason.merge(reason, n, Long::sum);
            total += n;
        }
    }

    /** Every event lost so far. */
    synchronized long total() {
        return total;
    }

    /** Throws what was lost since the last report, so that the pipeline counts it; returns when nothing was. */
    void report() throws LostEventsException {
        long lost;
        String reasons;
        synchronized (this) {
            lost = total - reported;
            reported = total;
            reasons = byReason.toString();
        }
        if (lost > 0) {
            throw new LostEventsException(lost, "otlp sink: " + lost + " events lost (all so far, by reason: "
                    + reasons + ")", null);
        }
    }
}
