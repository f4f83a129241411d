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

    /** The hash as {@link HashResult} packs it: no object of its own per call (0 bits: none). */
    private long hashPrefix;
    private long hashSize;
    private int hashBits;
    private String hashError;
    private C characteristics;
    private Features features = Features.NONE;

    Captured() {
    }

    final void set(HashResult hash, C characteristics, Features features) {
        if (hash == null) {
            hash(0, 0, 0, null);
        } else {
            hash(hash.prefix(), hash.size(), hash.bits(), hash.error());
        }
        this.characteristics = characteristics;
        this.features = features;
    }

    /** Sets the hash as {@link HashResult#bits()} packs it ({@code bits} 0: none). */
    final void hash(long prefix, long size, int bits, String error) {
        this.hashPrefix = prefix;
        this.hashSize = size;
        this.hashBits = bits;
        this.hashError = error;
    }

    /** Sets what is not the hash. */
    final void rest(C characteristics, Features features) {
        this.characteristics = characteristics;
        this.features = features;
    }

    /** Lets go of the last call's capture. */
    public void clear() {
        set(null, null, Features.NONE);
    }

    /**
     * The canonical hash ({@code input_hash} and {@code input_size}, or {@code output_hash}), or null: made for this
     * use from what the holder keeps ({@link #hashPrefix()} and its siblings read it without an object).
     */
    public final HashResult hash() {
        return HashResult.unpack(hashPrefix, hashSize, hashBits, hashError);
    }

    /** The hash's first 8 bytes ({@link HashResult#prefix()}); meaningful when {@link #hashBits()} has a result. */
    public final long hashPrefix() {
        return hashPrefix;
    }

    /** {@link HashResult#size()}. */
    public final long hashSize() {
        return hashSize;
    }

    /** {@link HashResult#bits()}: 0 when there is no hash result. */
    public final int hashBits() {
        return hashBits;
    }

    /** {@link HashResult#error()}. */
    public final String hashError() {
        return hashError;
    }

    /** Whether there is a hash that events write (a result, not opaque). */
    public final boolean hashed() {
        return (hashBits & (HashResult.PRESENT | HashResult.OPAQUE)) == HashResult.PRESENT;
    }

    /** The event's {@code input} or {@code output} object, or null when there is none. */
    public C characteristics() {
        return characteristics;
    }

    /** The features for statistics, {@link Features#NONE} when not gathered. */
    public final Features features() {
        return features;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[hash=" + hash() + ", characteristics=" + characteristics + ", features="
                + features + "]";
    }
}
