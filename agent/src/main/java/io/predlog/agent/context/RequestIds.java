package io.predlog.agent.context;

import java.util.concurrent.ThreadLocalRandom;

/** Makes and checks request ids (docs/EVENTS.md, "Request ids"). */
public final class RequestIds {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    /** The length of a generated id. */
    public static final int LENGTH = 32;

    /**
     * A new id: 32 lowercase hex characters of random bits, the W3C trace-id form. Uses the calling thread's
     * {@link ThreadLocalRandom}: no contention. The characters are laid out in {@code scratch} (at least
     * {@link #LENGTH} bytes, the calling thread's own) before the String is made: the one allocation is the id.
     */
    public static String generate(byte[] scratch) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long hi = random.nextLong();
        long lo = random.nextLong();
        if (hi == 0 && lo == 0) {
            lo = 1; // the all-zero trace-id is invalid in W3C trace context
        }
        for (int i = 15; i >= 0; i--) {
            scratch[i] = HEX[(int) (hi & 0xF)];
            hi >>>= 4;
            scratch[16 + i] = HEX[(int) (lo & 0xF)];
            lo >>>= 4;
        }
        return new String(scratch, 0, LENGTH, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Whether an inbound id may be adopted: non-blank, at most 128 characters, printable ASCII only. */
    public static boolean isAdoptable(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return false;
        }
        boolean blank = true;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
            if (c != ' ') {
                blank = false;
            }
        }
        return !blank;
    }
}
