package io.predlog.agent.record;

/** Answers {@code input_seen_before} for a prediction's event: whether the model was given this input before. */
@FunctionalInterface
public interface InputNovelty {

    /**
     * Whether {@code modelId} has been given an input of this hash before (and notes that it now has); asked only
     * for an input that has a hash ({@link io.predlog.agent.capture.Captured#hashed()}).
     *
     * @param inputHashPrefix the input hash's first 8 bytes ({@code HashResult.prefix()})
     */
    Boolean seenBefore(String modelId, long inputHashPrefix);
}
