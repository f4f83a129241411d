package io.predlog.agent.capture;

import java.util.Map;

/**
 * What is kept of a call's input: its hash and its structural characteristics (the event's {@code input}),
 * computed together on the application's thread before the model can mutate the input, and the
 * {@link Features} that statistics need.
 *
 * <p>A holder that a thread's predict calls reuse ({@link #CapturedInput()}, filled by {@link InputCapture}): what
 * outlives the call (the hash, the characteristics, the features) is taken out of it, never the holder itself.
 */
public final class CapturedInput {

    private HashResult hash;
    private Map<String, Object> characteristics;
    private Features features;

    /** An empty holder, for {@link InputCapture} to fill. */
    public CapturedInput() {
        this.features = Features.NONE;
    }

    /**
     * A capture.
     *
     * @param hash            the canonical hash
     * @param characteristics the {@code input} object of the event: nested maps, lists, strings, numbers and
     *                        booleans only, ready to be written as JSON in iteration order
     * @param features        the input's features for statistics, {@link Features#NONE} when not gathered
     */
    public CapturedInput(HashResult hash, Map<String, Object> characteristics, Features features) {
        fill(hash, characteristics, features);
    }

    /** A capture without features. */
    public CapturedInput(HashResult hash, Map<String, Object> characteristics) {
        this(hash, characteristics, Features.NONE);
    }

    CapturedInput fill(HashResult hash, Map<String, Object> characteristics, Features features) {
        this.hash = hash;
        this.characteristics = characteristics;
        this.features = features;
        return this;
    }

    /** Lets go of the last call's capture. */
    public void clear() {
        fill(null, null, Features.NONE);
    }

    /** The canonical hash ({@code input_hash}, {@code input_size}). */
    public HashResult hash() {
        return hash;
    }

    /** The {@code input} object of the event. */
    public Map<String, Object> characteristics() {
        return characteristics;
    }

    /** The input's features for statistics, {@link Features#NONE} when not gathered. */
    public Features features() {
        return features;
    }

    @Override
    public String toString() {
        return "CapturedInput[hash=" + hash + ", characteristics=" + characteristics + ", features=" + features + "]";
    }
}
