package io.predlog.agent.capture;

/**
 * Bounds on the {@link Features} gathered per call.
 *
 * @param maxFeatures at most this many features per call (fields past it are not features)
 * @param maxElements at most this many elements of each numeric array, evenly strided
 */
public record FeatureSettings(int maxFeatures, int maxElements) {

    public FeatureSettings {
        if (maxFeatures < 0 || maxElements < 0) {
            throw new IllegalArgumentException("negative bound");
        }
    }
}
