package io.predlog.agent.novelty;

import io.predlog.agent.capture.HashResult;

/**
 * Whether a model has been given an input before (issue 5, {@code input_seen_before}). SKELETON: the shape the
 * recorder calls; the novelty work fills it in.
 */
public class NoveltyFilters {

    /**
     * Records {@code hash} as seen by {@code modelId} and says whether it had been seen before, or null when that
     * cannot be said. Called on application threads, concurrently; never throws, never blocks.
     */
    public Boolean seenBefore(String modelId, HashResult hash) {
        return null;
    }
}
