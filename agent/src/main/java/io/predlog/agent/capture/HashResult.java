package io.predlog.agent.capture;

import io.predlog.agent.context.HexDigits;

/**
 * The canonical hash of one value (docs/HASHING.md). The hash is kept as the number its 16 hex characters spell, so
 * that the application's thread allocates no text for it; the encoder writes the hex with {@link HexDigits}.
 *
 * @param prefix    the first 8 bytes of SHA-256 (or HMAC-SHA256) over the canonical bytes, big-endian
 * @param size      number of canonical bytes hashed (summed over arguments when there are several)
 * @param truncated a bound (depth, nodes, bytes) was met and hashing stopped there
 * @param partial   some fields were hidden by the module system and left out, or some content is native state
 * @param opaque    there is no hash: some of the value is native state that no adapter reads (docs/HASHING.md, "Native
 *                  state"), or the value could not be read ({@code error}); {@code prefix} and {@code size} mean
 *                  nothing, and events leave the hash out
 * @param error     the class name of the exception that stopped the reading of the value (its iterator threw, another
 *                  thread changed it meanwhile), or null: then {@code opaque} is set
 */
public record HashResult(long prefix, long size, boolean truncated, boolean partial, boolean opaque, String error) {


    /**
     * A hash result packed as bits beside its {@code prefix}, {@code size} and {@code error}, for holders that keep
     * it without an object of its own ({@link Captured}, the prediction event): there is a result.
     */
    public static final int PRESENT = 1;
    /** Packed: {@link #truncated()}. */
    public static final int TRUNCATED = 2;
    /** Packed: {@link #partial()}. */
    public static final int PARTIAL = 4;
    /** Packed: {@link #opaque()}. */
    public static final int OPAQUE = 8;

    /** This result's flags packed as {@link #PRESENT} and the bits of its three flags. */
    public int bits() {
        return bits(truncated, partial, opaque);
    }

    /** {@link #PRESENT} and the bits of the three flags given. */
    public static int bits(boolean truncated, boolean partial, boolean opaque) {
        return PRESENT | (truncated ? TRUNCATED : 0) | (partial ? PARTIAL : 0) | (opaque ? OPAQUE : 0);
    }

    /**
     * The bits of the result of a walk that met these: an {@code error} leaves no hash ({@link #ofUnreadable}), nor
     * does {@code opaque} native state ({@link #ofNativeState}); else a hash with the walk's flags.
     */
    public static int bitsOfWalk(boolean truncated, boolean partial, boolean opaque, String error) {
        return error != null ? bits(false, partial, true) : opaque ? bits(truncated, true, true)
                : bits(truncated, partial, false);
    }

    /** The result of a walk ({@link #bitsOfWalk}): without a hash, its prefix is 0 and its size -1. */
    public static HashResult ofWalk(long prefix, long size, boolean truncated, boolean partial, boolean opaque,
                                    String error) {
        int bits = bitsOfWalk(truncated, partial, opaque, error);
        boolean none = (bits & OPAQUE) != 0;
        return unpack(none ? 0 : prefix, none ? -1 : size, bits, error);
    }

    /** The result packed as {@code bits} with its prefix, size and error, or null when {@code bits} has none. */
    public static HashResult unpack(long prefix, long size, int bits, String error) {
        return (bits & PRESENT) == 0 ? null : new HashResult(prefix, size, (bits & TRUNCATED) != 0,
                (bits & PARTIAL) != 0, (bits & OPAQUE) != 0, error);
    }

    /** A hash of readable content. */
    public HashResult(long prefix, long size, boolean truncated, boolean partial) {
        this(prefix, size, truncated, partial, false, null);
    }

    /** A hash, or none ({@code opaque}), of a value that was read without an exception. */
    public HashResult(long prefix, long size, boolean truncated, boolean partial, boolean opaque) {
        this(prefix, size, truncated, partial, opaque, null);
    }

    /** No hash: the value's content is, at least in part, native state that no adapter reads. */
    public static HashResult ofNativeState(boolean truncated) {
        return new HashResult(0, -1, truncated, true, true, null);
    }

    /**
     * No hash: reading the value threw {@code errorType} (the class name), so what was read is not a prefix that
     * anyone could recompute from the value.
     */
    public static HashResult ofUnreadable(String errorType, boolean partial) {
        return new HashResult(0, -1, false, partial, true, errorType);
    }

    /** From the 16 lowercase hex characters of {@link #hash()}. */
    public HashResult(String hash, long size, boolean truncated, boolean partial) {
        this(Long.parseUnsignedLong(hash, 16), size, truncated, partial);
    }

    /** The hash as events write it: the first 16 lowercase hex characters of the digest. */
    public String hash() {
        return hexOf(prefix);
    }

    /** A 64-bit hash prefix as events write hashes: 16 lowercase hex characters. */
    public static String hexOf(long prefix) {
        return HexDigits.of(prefix);
    }

    /** The first 8 bytes of {@code digest}, big-endian. */
    static long prefixOf(byte[] digest) {
        long p = 0;
        for (int i = 0; i < 8; i++) {
            p = (p << 8) | (digest[i] & 0xFF);
        }
        return p;
    }
}
