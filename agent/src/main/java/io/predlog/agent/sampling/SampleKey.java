package io.predlog.agent.sampling;

import io.predlog.agent.context.RequestIds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The sampling function: where a request id falls in [0, 1), the same in every process and language, so every
 * event of a request, in this service and in any service the id reaches, is kept or left out together.
 *
 * <pre>
 *   key(id) = (first 8 bytes of SHA-256(UTF-8 bytes of id), read as a big-endian unsigned 64-bit integer) &gt;&gt;&gt; 11
 *   u(id)   = key(id) / 2^53                         -- exact in a double
 *   kept    = u(id) &lt; rate
 * </pre>
 *
 * In Python: {@code (int.from_bytes(hashlib.sha256(id.encode()).digest()[:8], "big") >> 11) / 2**53 < rate}.
 *
 * <p>Cost (docs/PERFORMANCE.md, "Sampling decision"): one SHA-256 block for ids up to 55 bytes, with a
 * per-thread digest and buffer, so nothing is allocated for ASCII ids. Each thread remembers the last id it
 * computed (by identity, then equality): every event of a request after its first costs a comparison, since
 * the recorder hands the same id string to all of them.
 */
public final class SampleKey {

    private static final double TWO_TO_MINUS_53 = 0x1.0p-53;
    private static final ThreadLocal<PerThread> STATE = ThreadLocal.withInitial(PerThread::new);

    private SampleKey() {
    }

    /** u(id): the id's place in [0, 1). */
    public static double of(String requestId) {
        PerThread state = STATE.get();
        String last = state.lastId;
        if (last == requestId || (last != null && last.equals(requestId))) {
            return state.lastKey;
        }
        double key = (bits(state, requestId) >>> 11) * TWO_TO_MINUS_53;
        state.lastId = requestId;
        state.lastNumbers = false;
        state.lastKey = key;
        return key;
    }

    /**
     * u(id) of a generated id held as two numbers: the same as {@link #of(String)} of its text
     * ({@code RequestIds.text(idHigh, idLow)}, 32 lowercase hex digits), laid out in the thread's buffer instead.
     */
    public static double of(long idHigh, long idLow) {
        PerThread state = STATE.get();
        if (state.lastNumbers && state.lastHigh == idHigh && state.lastLow == idLow) {
            return state.lastKey;
        }
        RequestIds.hex(idHigh, idLow, state.in, 0);
        double key = (bits(state, RequestIds.LENGTH) >>> 11) * TWO_TO_MINUS_53;
        state.lastId = null;
        state.lastNumbers = true;
        state.lastHigh = idHigh;
        state.lastLow = idLow;
        state.lastKey = key;
        return key;
    }

    /** u(id) computed afresh, without the per-thread memory (for tests and benchmarks). */
    static double compute(String requestId) {
        return (bits(STATE.get(), requestId) >>> 11) * TWO_TO_MINUS_53;
    }

    /** The first 8 bytes of SHA-256 over the id's UTF-8 bytes, big-endian. */
    private static long bits(PerThread state, String id) {
        int n = id.length();
        byte[] in = state.in;
        boolean ascii = n <= in.length;
        for (int i = 0; ascii && i < n; i++) {
            char c = id.charAt(i);
            if (c >= 0x80) {
                ascii = false;
            } else {
                in[i] = (byte) c;
            }
        }
        if (ascii) {
            return bits(state, n);
        }
        state.sha.update(id.getBytes(StandardCharsets.UTF_8));
        return digestBits(state);
    }

    /** The first 8 bytes of SHA-256 over the first {@code length} bytes of the thread's buffer, big-endian. */
    private static long bits(PerThread state, int length) {
        state.sha.update(state.in, 0, length);
        return digestBits(state);
    }

    private static long digestBits(PerThread state) {
        MessageDigest sha = state.sha;
        byte[] out = state.out;
        try {
            sha.digest(out, 0, out.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (out[i] & 0xFF);
        }
        return bits;
    }

    private static final class PerThread {
        final MessageDigest sha;
        final byte[] in = new byte[256];
        final byte[] out = new byte[32];
        String lastId;
        /** The last key was of a generated id's numbers, {@link #lastHigh} and {@link #lastLow}. */
        boolean lastNumbers;
        long lastHigh;
        long lastLow;
        double lastKey;

        PerThread() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every JDK", e);
            }
        }
    }
}
