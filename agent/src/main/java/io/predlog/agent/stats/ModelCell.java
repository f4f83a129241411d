package io.predlog.agent.stats;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

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

    /** Records a call that found the queue full. Any thread; never blocks. */
    void drop(long latencyNanos, long inputSize, boolean failed) {
        dropped.increment();
        if (failed) {
            droppedErrors.increment();
        }
        DroppedCalls d = droppedCalls.get();
        if (d == null) {
            droppedCalls.compareAndSet(null, new DroppedCalls());
            d = droppedCalls.get();
        }
        d.record(latencyNanos, inputSize);
    }

    /**
     * Adds the latency and input size of the calls dropped since the last call into the window's histograms (the
     * statistics thread, at a window's close).
     */
    void takeDropped(AbstractHistogram latencyNanos, AbstractHistogram inputBytes) {
        DroppedCalls d = droppedCalls.get();
        if (d != null) {
            d.addTo(latencyNanos, inputBytes);
        }
    }

    /**
     * The latency and input size of the calls the queue could not take, recorded by the application threads without
     * a lock (HdrHistogram's {@link Recorder}: wait-free recording, and an interval's histogram taken while threads
     * record), so that a window's {@code latency_ms} and {@code input_size_bytes} describe every call even when the
     * statistics thread falls behind.
     */
    private static final class DroppedCalls {
        private final Recorder latency = new Recorder(ModelWindow.SIGNIFICANT_DIGITS);
        private final Recorder sizes = new Recorder(ModelWindow.SIGNIFICANT_DIGITS);
        /** The intervals taken last, given back to the recorders for reuse (statistics thread). */
        private Histogram latencyTaken;
        private Histogram sizesTaken;

        void record(long latencyNanos, long inputSize) {
            latency.recordValue(Math.max(0, latencyNanos));
            if (inputSize >= 0) {
                sizes.recordValue(inputSize);
            }
        }

        void addTo(AbstractHistogram latencyNanos, AbstractHistogram inputBytes) {
            latencyTaken = latency.getIntervalHistogram(latencyTaken);
            sizesTaken = sizes.getIntervalHistogram(sizesTaken);
            latencyNanos.add(latencyTaken);
            inputBytes.add(sizesTaken);
        }
    }

    /** Either id may be null: a {@code model_id} expression that failed for this call leaves it unknown. */
    boolean matches(String modelId, String modelVersion) {
        return java.util.Objects.equals(key.modelId(), modelId)
                && java.util.Objects.equals(key.modelVersion(), modelVersion);
    }
}
