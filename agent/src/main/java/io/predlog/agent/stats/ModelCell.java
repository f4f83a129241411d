package io.predlog.agent.stats;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One target × model × version that has statistics. The application threads find it and count the calls the
 * statistics thread could not take (its queue was full), with their latency and input size; everything else in it
 * belongs to the statistics thread.
 */
final class ModelCell {

    final StatsKey key;
    /** Calls that found the queue full since the last window closed: counted, not observed. */
    final LongAdder dropped = new LongAdder();
    /** Of {@link #dropped}, the failed ones. */
    final LongAdder droppedErrors = new LongAdder();
    /** The latency and input size of the {@link #dropped} calls; made at the first of them. */
    private final AtomicReference<DroppedCalls> droppedCalls = new AtomicReference<>();
    /** The statistics thread's state for this key; created on its first observation or window. */
    ModelWindow window;

    ModelCell(StatsKey key) {
        this.key = key;
    }

    /**
     * Records a call that found the queue full. Any thread; never blocks.
     *
     * @param latencyNanos  the call's latency, not negative
     * @param errorType     the exception's class name, or null on success
     * @param maxErrorTypes error types counted by name at most; others are counted together
     */
    void drop(long latencyNanos, long inputSize, String errorType, int maxErrorTypes) {
        dropped.increment();
        if (errorType != null) {
            droppedErrors.increment();
        }
        DroppedCalls d = droppedCalls.get();
        if (d == null) {
            droppedCalls.compareAndSet(null, new DroppedCalls());
            d = droppedCalls.get();
        }
        d.record(latencyNanos, inputSize, errorType, maxErrorTypes);
    }

    /**
     * Adds the latency, input size and error type of the calls dropped since the last call into the window's (the
     * statistics thread, at a window's close).
     */
    void takeDropped(AbstractHistogram latencyNanos, AbstractHistogram inputBytes, CappedCounts errorTypes) {
        DroppedCalls d = droppedCalls.get();
        if (d != null) {
            d.addTo(latencyNanos, inputBytes, errorTypes);
        }
    }

    /**
     * The latency, input size and error type of the calls the queue could not take, recorded by the application
     * threads without a lock (HdrHistogram's {@link Recorder}: wait-free recording, and an interval's histogram taken
     * while threads record; error types in adders), so that a window's {@code latency_ms}, {@code input_size_bytes}
     * and {@code error_types} describe every call even when the statistics thread falls behind.
     */
    private static final class DroppedCalls {
        private final Recorder latency = new Recorder(ModelWindow.SIGNIFICANT_DIGITS);
        private final Recorder sizes = new Recorder(ModelWindow.SIGNIFICANT_DIGITS);
        /** Failed calls by error type, for at most the cap's types (names are kept across windows). */
        private final ConcurrentHashMap<String, LongAdder> errorTypes = new ConcurrentHashMap<>();
        /** Failed calls of types past the cap. */
        private final LongAdder otherErrors = new LongAdder();
        /** The intervals taken last, given back to the recorders for reuse (statistics thread). */
        private Histogram latencyTaken;
        private Histogram sizesTaken;

        void record(long latencyNanos, long inputSize, String errorType, int maxErrorTypes) {
            latency.recordValue(latencyNanos);
            if (inputSize >= 0) {
                sizes.recordValue(inputSize);
            }
            if (errorType != null) {
                LongAdder n = errorTypes.get(errorType);
                if (n == null && errorTypes.size() < maxErrorTypes) {
                    n = errorTypes.computeIfAbsent(errorType, t -> new LongAdder());
                }
                (n == null ? otherErrors : n).increment();
            }
        }

        void addTo(AbstractHistogram latencyNanos, AbstractHistogram inputBytes, CappedCounts types) {
            latencyTaken = latency.getIntervalHistogram(latencyTaken);
            sizesTaken = sizes.getIntervalHistogram(sizesTaken);
            latencyNanos.add(latencyTaken);
            inputBytes.add(sizesTaken);
            errorTypes.forEach((type, n) -> {
                long times = n.sumThenReset();
                if (times > 0) {
                    types.add(type, times);
                }
            });
            long other = otherErrors.sumThenReset();
            if (other > 0) {
                types.addOther(other);
            }
        }
    }

    /** Either id may be null: a {@code model_id} expression that failed for this call leaves it unknown. */
    boolean matches(String modelId, String modelVersion) {
        return java.util.Objects.equals(key.modelId(), modelId)
                && java.util.Objects.equals(key.modelVersion(), modelVersion);
    }
}
