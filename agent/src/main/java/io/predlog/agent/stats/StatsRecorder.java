package io.predlog.agent.stats;

import io.predlog.agent.capture.CapturedInput;

/**
 * The application thread's side of the statistics (issue 5): takes every predict call, sampled or not, and hands
 * it to the statistics thread. SKELETON: the shape the recorder calls; the statistics work fills it in.
 */
public class StatsRecorder {

    /**
     * One predict call that finished. Never throws; never blocks.
     *
     * @param errorType   the exception's class name, or null on success
     * @param input       the captured input (hash, size, features), or null when capture failed
     * @param seenBefore  novelty's answer for this input, or null when unknown
     */
    public void prediction(String target, String modelId, String modelVersion, long latencyNanos, String errorType,
                           CapturedInput input, Boolean seenBefore) {
    }

    /** One model load that finished. Never throws. */
    public void load(String target, String modelId, String modelVersion, long durationNanos, boolean success) {
    }
}
