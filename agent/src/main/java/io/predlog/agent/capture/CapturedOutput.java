package io.predlog.agent.capture;

/**
 * What is kept of a call's output, taken in one walk on the application's thread: its hash, its characteristics
 * (the event's {@code output}) and the {@link Features} that statistics need.
 *
 * <p>A holder that a thread's predict calls reuse ({@link #CapturedOutput()}, filled by {@link InputCapture}): what
 * outlives the call is taken out of it, never the holder itself.
 */
public final class CapturedOutput {

    private HashResult hash;
    private Characteristics characteristics;
    private Features features;

    /** An empty holder, for {@link InputCapture} to fill. */
    public CapturedOutput() {
        this.features = Features.NONE;
    }

    /**
     * A capture.
     *
     * @param hash            the canonical hash ({@code output_hash})
     * @param characteristics the {@code output} object of the event, or null when outputs are hashed only
     *                        ({@code predlog.output.enabled=false})
     * @param features        the output's features (named {@code output…}), {@link Features#NONE} when not gathered
     */
    public CapturedOutput(HashResult hash, Characteristics characteristics, Features features) {
        fill(hash, characteristics, features);
    }

    CapturedOutput fill(HashResult hash, Characteristics characteristics, Features features) {
        this.hash = hash;
        this.characteristics = characteristics;
        this.features = features;
        return this;
    }

    /** Lets go of the last call's capture. */
    public void clear() {
        fill(null, null, Features.NONE);
    }

    /** The canonical hash ({@code output_hash}). */
    public HashResult hash() {
        return hash;
    }

    /** The {@code output} object of the event, or null when outputs are hashed only. */
    public Characteristics characteristics() {
        return characteristics;
    }

    /** The output's features, {@link Features#NONE} when not gathered. */
    public Features features() {
        return features;
    }

    @Override
    public String toString() {
        return "CapturedOutput[hash=" + hash + ", characteristics=" + characteristics + ", features=" + features + "]";
    }
}
