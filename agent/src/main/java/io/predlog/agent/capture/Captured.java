package io.predlog.agent.capture;

import java.util.Map;

/**
 * What is kept of a call's input or output, taken in one walk on the application's thread: its hash, its
 * characteristics (the event's {@code input} or {@code output}) and the {@link Features} that statistics need.
 *
 * <p>A holder that a thread's predict calls reuse, filled by {@link InputCapture}: what outlives the call (the hash,
 * the characteristics, the features) is taken out of it, never the holder itself.
 *
 * @param <C> the characteristics' type
 */
public abstract sealed class Captured<C extends Map<String, Object>> permits CapturedInput, CapturedOutput {

    private HashResult hash;
    private C characteristics;
    private Features features = Features.NONE;

    Captured() {
    }

    final void set(HashResult hash, C characteristics, Features features) {
        this.hash = hash;
        this.characteristics = characteristics;
        this.features = features;
    }

    /** Lets go of the last call's capture. */
    public final void clear() {
        set(null, null, Features.NONE);
    }

    /** The canonical hash ({@code input_hash} and {@code input_size}, or {@code output_hash}). */
    public final HashResult hash() {
        return hash;
    }

    /** The event's {@code input} or {@code output} object, or null when there is none. */
    public final C characteristics() {
        return characteristics;
    }

    /** The features for statistics, {@link Features#NONE} when not gathered. */
    public final Features features() {
        return features;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[hash=" + hash + ", characteristics=" + characteristics + ", features="
                + features + "]";
    }
}
