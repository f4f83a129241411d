package io.predlog.agent.stats;

import io.predlog.agent.capture.Features;

/**
 * One predict call as the statistics thread takes it: made on the application thread, immutable, holding nothing
 * of the application's but the input's and output's immutable strings (inside {@link Features}).
 *
 * @param cell         the statistics of the call's target × model × version
 * @param latencyNanos the call's latency
 * @param errorType    the exception's class name, or null on success
 * @param inputSize    canonical bytes of the input, or -1 when unknown
 * @param seenBefore   novelty's answer: 1 seen, 0 new, -1 unknown
 * @param features     the input's features
 * @param outputFeatures the output's features ({@link Features#NONE} for a failed call)
 */
record Observation(ModelCell cell, long latencyNanos, String errorType, long inputSize, byte seenBefore,
                   Features features, Features outputFeatures) {
}
