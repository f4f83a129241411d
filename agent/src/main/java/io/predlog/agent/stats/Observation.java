package io.predlog.agent.stats;

import io.predlog.agent.capture.Features;

/**
 * One predict call as the statistics thread takes it: a reusable slot of {@link ObservationRing}, filled on the
 * application thread that claimed it and read by the statistics thread once published. It holds nothing of the
 * application's but the input's and output's immutable strings (inside {@link Features}), and only until the
 * statistics thread has folded it into its window; then it releases the features to the thread that lent them.
 */
final class Observation {

    /** The statistics of the call's target × model × version. */
    ModelCell cell;
    /** The call's latency. */
    long latencyNanos;
    /** The exception's class name, or null on success. */
    String errorType;
    /** Canonical bytes of the input, or -1 when unknown. */
    long inputSize;
    /** Novelty's answer: 1 seen, 0 new, -1 unknown. */
    byte seenBefore;
    /** The input's features. */
    Features features;
    /** The output's features ({@link Features#NONE} for a failed call). */
    Features outputFeatures;

    void set(ModelCell cell, long latencyNanos, String errorType, long inputSize, byte seenBefore, Features features,
             Features outputFeatures) {
        this.cell = cell;
        this.latencyNanos = latencyNanos;
        this.errorType = errorType;
        this.inputSize = inputSize;
        this.seenBefore = seenBefore;
        this.features = features;
        this.outputFeatures = outputFeatures;
    }

    /** Lets go of the call's objects once folded, and gives its features back to the thread that gathered them. */
    void clear() {
        cell = null;
        errorType = null;
        Features f = features;
        Features out = outputFeatures;
        features = null;
        outputFeatures = null;
        if (f != null) {
            f.release();
        }
        if (out != null) {
            out.release();
        }
    }

    ModelCell cell() {
        return cell;
    }

    long latencyNanos() {
        return latencyNanos;
    }

    String errorType() {
        return errorType;
    }

    long inputSize() {
        return inputSize;
    }

    byte seenBefore() {
        return seenBefore;
    }

    Features features() {
        return features;
    }

    Features outputFeatures() {
        return outputFeatures;
    }
}
