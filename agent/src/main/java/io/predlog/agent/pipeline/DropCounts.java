package io.predlog.agent.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events the pipeline dropped, by cause; a snapshot.
 *
 * @param queueFull     offered while the queue was full
 * @param sinkError     per sink name: events that sink failed to take (an event failing two sinks counts twice)
 * @param encodeError   events that could not be encoded (not delivered to any sink)
 * @param afterShutdown offered after {@link EventPipeline#shutdown} began
 */
public record DropCounts(long queueFull, Map<String, Long> sinkError, long encodeError, long afterShutdown) {

    public DropCounts {
        sinkError = Collections.unmodifiableMap(new LinkedHashMap<>(sinkError));
    }

    /** Events the sink of this name failed to take; 0 for a sink that never failed or does not exist. */
    public long sinkError(String sink) {
        return sinkError.getOrDefault(sink, 0L);
    }

    /** Events the sinks failed to take, all sinks together. */
    public long sinkErrorTotal() {
        long total = 0;
        for (long n : sinkError.values()) {
            total += n;
        }
        return total;
    }

    /** The sum of all the counts. */
    public long total() {
        return queueFull + encodeError + afterShutdown + sinkErrorTotal();
    }

    /** {@code queue_full=3, sink_error[file]=2, encode_error=0, after_shutdown=1}: the causes as SPEC names them. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("queue_full=").append(queueFull);
        sinkError.forEach((sink, n) -> s.append(", sink_error[").append(sink).append("]=").append(n));
        return s.append(", encode_error=").append(encodeError)
                .append(", after_shutdown=").append(afterShutdown).toString();
    }
}
