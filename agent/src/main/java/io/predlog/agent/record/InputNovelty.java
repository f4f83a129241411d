package io.predlog.agent.record;

import io.predlog.agent.capture.HashResult;

/** Answers {@code input_seen_before} for a prediction's event: whether the model was given this input before. */
@FunctionalInterface
public interface InputNovelty {

    /** Whether {@code modelId} has been given an input of this hash before (and notes that it now has). */
    Boolean seenBefore(String modelId, HashResult inputHash);
}
