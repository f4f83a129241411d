package io.predlog.agent.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * One target × model × version that has statistics. The application threads find it and count the calls the
 * statistics thread could not take (its queue was full); everything else in it belongs to the statistics thread.
 */
final class ModelCell {

    final StatsKey key;
    /** Calls that found the queue full since the last window closed: counted, not observed. */
    final LongAdder dropped = new LongAdder();
    /** Of {@link #dropped}, the failed ones. */
    final LongAdder droppedErrors = new LongAdder();
    /** The statistics thread's state for this key; created on its first observation or window. */
    ModelWindow window;

    ModelCell(StatsKey key) {
        this.key = key;
    }

    /** Either id may be null: a {@code model_id} expression that failed for this call leaves it unknown. */
    boolean matches(String modelId, String modelVersion) {
        return java.util.Objects.equals(key.modelId(), modelId)
                && java.util.Objects.equals(key.modelVersion(), modelVersion);
    }
}
