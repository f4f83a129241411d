package io.predlog.agent.capture;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code output_hash} of a call whose output is a {@code double} or a {@code float}, computed by the encoder that
 * writes its event instead of on the application's thread: the same canonical bytes and the same digest (HMAC-SHA256
 * with the key, else SHA-256) as the capture of the number's box gives (docs/HASHING.md). A capture made with a
 * {@code numberHashAtEncoding} condition leaves the hash of such an output to it while the condition holds, so the
 * application's thread does not pay for it (see {@link InputCapture}).
 *
 * <p>Not thread-safe: each encoder has its own ({@link #another()}).
 */
public final class NumberHash {

    private final HashSettings settings;
    private final MessageDigest digest;
    /** Made at the first hash: an application thread's encoder ({@link #another()}) may never need one. */
    private CanonicalWalker walker;

    /** Hashes as a capture with these settings does; fails here if SHA-256 or HmacSHA256 is missing. */
    public NumberHash(HashSettings settings) {
        this.settings = settings;
        byte[] key = settings.hmacKey();
        try {
            this.digest = key == null ? MessageDigest.getInstance("SHA-256") : new MacDigest(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Whether a number's hash may wait for the encoder under this byte bound: its canonical text always fits in it,
     * so the hash is never truncated, whatever the bound is when the event is encoded.
     */
    static boolean fits(long byteBound) {
        return byteBound >= JcsNumber.BUFFER;
    }

    /**
     * The hash's first 8 bytes ({@link HashResult#prefix()}) of {@code value}, a {@code double}, or when
     * {@code single} a {@code float} widened to it.
     */
    public long prefix(double value, boolean single) {
        CanonicalWalker walker = this.walker;
        if (walker == null) {
            walker = this.walker = new CanonicalWalker(settings, ValueAdapters.STANDARD);
        }
        walker.walkNumber(value, single, digest, null, false, null);
        return HashResult.prefixOf(walker.digestOut);
    }

    /** One for another thread, with the same settings. */
    public NumberHash another() {
        return new NumberHash(settings);
    }
}
