package io.predlog.agent.capture;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Has the JIT compile SHA-256 with the processor's instructions before the calls need it. The JDK's SHA-256 runs
 * as Java code until the JIT's top tier compiles the methods that call its compression function, a few thousand
 * blocks in: until then an 18-feature input's hash costs 10 to 30 µs instead of well under one. In a process whose
 * busy threads outnumber its cores, the compiler threads get a small share of the CPU, and that phase lasts
 * seconds, with most of the callers' time spent hashing (docs/PERFORMANCE.md, "SHA-256 compiled after the start").
 * Hashing here, on the agent's start thread before the application's threads are busy, gets that compilation
 * done first.
 */
public final class DigestWarmUp {

    /** The size of each digest: seven blocks, about an 18-feature map's canonical text. */
    static final int BYTES = 400;
    /**
     * A digest of {@link #BYTES} that takes less than this has been compiled with the processor's instructions
     * (they take well under a microsecond; the compiled Java code about 10 µs).
     */
    static final long COMPILED_NANOS = 1_500;
    /** Digests between two timed ones. */
    private static final int CHECK_EVERY = 128;

    /**
     * How a warm-up went.
     *
     * @param digests  the digests made
     * @param nanos    how long it took
     * @param compiled whether a digest became as fast as the processor's instructions make it
     */
    public record Result(int digests, long nanos, boolean compiled) {
    }

    private DigestWarmUp() {
    }

    /**
     * Makes SHA-256 digests until one is fast ({@link #COMPILED_NANOS}) or {@code maxNanos} have passed. Without
     * SHA-256 (a JDK that lacks it, which the capture reports on its own), returns at once with no digest made.
     */
    public static Result run(long maxNanos) {
        long start = System.nanoTime();
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            return new Result(0, System.nanoTime() - start, false);
        }
        byte[] input = new byte[BYTES];
        byte[] out = new byte[32];
        int made = 0;
        try {
            while (System.nanoTime() - start < maxNanos) {
                for (int i = 0; i < CHECK_EVERY; i++) {
                    digest.update(input, 0, BYTES);
                    digest.digest(out, 0, out.length);
                    made++;
                }
                long before = System.nanoTime();
                digest.update(input, 0, BYTES);
                digest.digest(out, 0, out.length);
                made++;
                if (System.nanoTime() - before < COMPILED_NANOS) {
                    return new Result(made, System.nanoTime() - start, true);
                }
            }
        } catch (DigestException e) {
            // a 32-byte array always holds a SHA-256 digest; nothing to warm up if the JDK says otherwise
        }
        return new Result(made, System.nanoTime() - start, false);
    }
}
