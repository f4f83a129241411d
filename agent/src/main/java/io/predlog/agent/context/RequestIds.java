package io.predlog.agent.context;

import java.util.concurrent.ThreadLocalRandom;

/** Makes and checks request ids (docs/EVENTS.md, "Request ids"). */
public final class RequestIds {

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
        long lo = nonZeroLow(hi, random.nextLong());
        hex(hi, lo, scratch, 0);
        return new String(scratch, 0, LENGTH, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * The low half of a new id whose high half is {@code hi}: {@code lo}, or 1 when both are zero (the all-zero
     * trace-id is invalid in W3C trace context). A generated id is therefore never all zeros.
     */
    static long nonZeroLow(long hi, long lo) {
        return hi == 0 && lo == 0 ? 1 : lo;
    }

    /**
     * The text of the id held as two numbers ({@link RequestContext#beginGenerated()}): the 16 hex digits of
     * {@code hi} then those of {@code lo}, as {@link #generate} lays them out.
     */
    public static String text(long hi, long lo) {
        byte[] chars = new byte[LENGTH];
        hex(hi, lo, chars, 0);
        return new String(chars, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Writes the {@link #LENGTH} characters of {@link #text(long, long)} into {@code out} at {@code offset}. */
    public static void hex(long hi, long lo, byte[] out, int offset) {
        HexDigits.write(hi, out, offset);
        HexDigits.write(lo, out, offset + 16);
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
