package io.predlog.agent.stats;

/**
 * Told what the statistics see, as they see it: the Prometheus endpoint ({@code metrics}) is one. Implementations
 * must be thread-safe, fast and must not throw; {@link #prediction} is called on the statistics thread for the calls
 * it takes and on the calling thread for those it could not (its queue was full), {@link #driftScore} on the
 * statistics thread, {@link #load} on the application thread that loaded the model.
 */
public interface StatsListener {

    /** One predict call of a tracked model: every such call, once. */
    void prediction(StatsKey key, boolean success, double latencySeconds, long inputSizeBytes);

    /** One model load that finished. */
    void load(String target, String modelId, String modelVersion, boolean success, double durationSeconds);

    /** A feature's latest drift score for {@code key} (one call per feature and metric per scored window). */
    void driftScore(StatsKey key, String feature, String metric, double value);

    /**
     * One value of a categorical feature (named in {@code predlog.input.categorical}), or {@code other} once the
     * feature's category cap is reached. Statistics thread.
     */
    void category(StatsKey key, String feature, String category);

    /** A listener that ignores everything. */
    StatsListener NONE = new StatsListener() {
        @Override
        public void prediction(StatsKey key, boolean success, double latencySeconds, long inputSizeBytes) {
        }

        @Override
        public void load(String target, String modelId, String modelVersion, boolean success, double durationSeconds) {
        }

        @Override
        public void driftScore(StatsKey key, String feature, String metric, double value) {
        }

        @Override
        public void category(StatsKey key, String feature, String category) {
        }
    };
}
