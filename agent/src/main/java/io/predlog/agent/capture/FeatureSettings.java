package io.predlog.agent.capture;

/**
 * Bounds on the {@link Features} gathered per call.
 *
 * @param maxFeatures at most this many features per call (fields past it are not features)
 * @param maxElements at most this many elements of each numeric array, evenly strided
 * @param budget      the storages that all threads keep for reuse together
 */
public record FeatureSettings(int maxFeatures, int maxElements, FeatureBudget budget) {

    public FeatureSettings {
        if (maxFeatures < 0 || maxElements < 0) {
            throw new IllegalArgumentException("negative bound");
        }
        if (budget == null) {
            throw new IllegalArgumentException("no budget");
        }
    }

    /** Bounds without a budget across threads: each thread's pool is capped on its own. */
    public FeatureSettings(int maxFeatures, int maxElements) {
        this(maxFeatures, maxElements, FeatureBudget.UNLIMITED);
    }
}
