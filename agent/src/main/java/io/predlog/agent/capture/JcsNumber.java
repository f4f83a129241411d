package io.predlog.agent.capture;

/**
 * Numbers as RFC 8785 writes them: ECMAScript {@code Number::toString} of the value as a double, with the
 * shortest digits that round-trip.
 *
 * <p>Allocation-free: integers below 2^53 are written directly, doubles with few decimals (0.37, 52000.5) by a
 * short exact search, everything else by {@link ShortestDecimal} (Schubfach), whose digits are then laid out
 * the ECMAScript way. JDK 17's own {@code Double.toString} is not used: it is slower and not always shortest
 * ({@code 1.0E23} prints as {@code 9.999999999999999E22}). NaN and the infinities are not JSON numbers;
 * The canonical form (docs/HASHING.md) makes them the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 */
final class JcsNumber {

    /** Room {@link #format} needs in its buffer: the text (at most 26 bytes) and scratch for the digits. */
    static final int BUFFER = 64;
    private static final int DIGITS_AT = 40;
    private static final double TWO_POW_53 = 0x1p53;
    /**
     * The fast path tries up to this many decimals. Measured here: it formats 79.85 in ~16 ns where Schubfach
     * and the layout take ~28; trying all 17 scales cost a full-precision value ~8 ns before Schubfach, 8
     * scales ~3 ns.
     */
    private static final int SHORT_MAX_DECIMALS = 8;
    private static final long MAX_EXACT = 1L << 53;
    private static final byte[] NAN = ascii("\"NaN\"");
    private static final byte[] INFINITY = ascii("\"Infinity\"");
    private static final byte[] MINUS_INFINITY = ascii("\"-Infinity\"");
    private static final byte[] LONG_MIN = ascii(Long.toString(Long.MIN_VALUE));

    private JcsNumber() {
    }

    /** An integer value: exact when |v| <= 2^53, else the double nearest to it (as JCS prescribes). */
    static void writeLong(DigestWriter out, long v) {
        int at = out.numberAt();
        out.take(at, formatLong(v, out.numberArray(at), Math.max(at, 0)));
    }

    static void writeDouble(DigestWriter out, double d) {
        int at = out.numberAt();
        out.take(at, format(d, out.numberArray(at), Math.max(at, 0)));
    }

    /** {@link #writeLong}'s text into {@code buf} (at least {@link #BUFFER} long) from index 0; returns its length. */
    static int formatLong(long v, byte[] buf) {
        return formatLong(v, buf, 0);
    }

    /**
     * {@link #writeLong}'s text into {@code buf} from index {@code at}, which needs {@link #BUFFER} bytes of room
     * (scratch beyond the text is overwritten); returns its length.
     */
    static int formatLong(long v, byte[] buf, int at) {
        if (v > MAX_EXACT || v < -MAX_EXACT) {
            return format((double) v, buf, at);
        }
        return exactLong(v, buf, at);
    }

    /** The exact decimal digits of {@code v} (not rounded to a double) into {@code buf} from 0; returns the length. */
    static int formatExactLong(long v, byte[] buf) {
        if (v == Long.MIN_VALUE) {
            return copy(LONG_MIN, buf, 0);
        }
        return exactLong(v, buf, 0);
    }

    /** {@link #writeDouble}'s text into {@code buf} (at least {@link #BUFFER} long) from index 0; returns its length. */
    static int format(double d, byte[] buf) {
        return format(d, buf, 0);
    }

    /**
     * {@link #writeDouble}'s text into {@code buf} from index {@code at}, which needs {@link #BUFFER} bytes of room
     * (scratch beyond the text is overwritten); returns its length.
     */
    static int format(double d, byte[] buf, int at) {
        if (d != d) {
            return copy(NAN, buf, at);
        } else if (d == Double.POSITIVE_INFINITY) {
            return copy(INFINITY, buf, at);
        } else if (d == Double.NEGATIVE_INFINITY) {
            return copy(MINUS_INFINITY, buf, at);
        } else if (d == 0) {
            buf[at] = '0'; // also -0.0
            return 1;
        } else if (d < TWO_POW_53 && d > -TWO_POW_53 && d == (long) d) {
            return exactLong((long) d, buf, at);
        }
        int length = shortDecimal(d, buf, at);
        if (length > 0) {
            return length;
        }
        long packed = ShortestDecimal.digits(d, buf, at + DIGITS_AT);
        return layout(d < 0, buf, at + DIGITS_AT, (int) packed, (int) (packed >> 32), buf, at);
    }

    /** Exact powers of ten (literals: parsing them at class initialisation cost ~10 ms of a cold start). */
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17};

    /**
     * The fast path for doubles with few decimals (0.37, 52000.5): the smallest p for which
     * m = round(|d| * 10^p) gives back d as m / 10^p. Below 2^50 the decimals that round to d at one
     * scale span less than a quarter unit, so that m is the only candidate there, and the smallest such
     * p gives the fewest digits: the shortest, closest form that Schubfach would also find. Returns the
     * length written, or 0 when the path does not apply.
     */
    private static int shortDecimal(double d, byte[] buf, int at) {
        double a = Math.abs(d);
        if (!(a >= 1e-6 && a < 0x1p50)) {
            return 0;
        }
        for (int p = 1; p <= SHORT_MAX_DECIMALS; p++) {
            double x = a * POW10[p];
            if (x >= 0x1p50) {
                return 0;
            }
            double m = Math.rint(x);
            if (Math.abs(x - m) <= 0.25 && m / POW10[p] == a) {
                long digits = (long) m;
                int k = writeDigits(digits, buf, at + DIGITS_AT);
                return layout(d < 0, buf, at + DIGITS_AT, k, -p, buf, at);
            }
        }
        return 0;
    }

    /** The ECMAScript text of a double, for tests and documentation tools. */
    static String toEcmaString(double d) {
        byte[] buf = new byte[BUFFER];
        return new String(buf, 0, format(d, buf), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The text {@link ShortestDecimal} gives, bypassing the short-decimal path: for tests. */
    static String viaShortestDecimal(double d) {
        byte[] buf = new byte[BUFFER];
        long packed = ShortestDecimal.digits(d, buf, DIGITS_AT);
        int n = layout(d < 0, buf, DIGITS_AT, (int) packed, (int) (packed >> 32), buf, 0);
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static int exactLong(long v, byte[] buf, int off) {
        int pos = off;
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        return pos + writeDigits(v, buf, pos) - off;
    }

    /** The decimal digits of {@code v >= 0} at {@code off}; returns their count. */
    private static int writeDigits(long v, byte[] buf, int off) {
        if (v == 0) {
            buf[off] = '0';
            return 1;
        }
        int n = v < 1_000_000_000_000_000_000L ? ShortestDecimal.decimalLength(v) : 19;
        if (v <= Integer.MAX_VALUE) {
            ShortestDecimal.writeInt((int) v, buf, off + n);
        } else {
            int pos = off + n;
            do {
                buf[--pos] = (byte) ('0' + (int) (v % 10));
                v /= 10;
            } while (v != 0);
        }
        return n;
    }

    /**
     * Lays out the value {@code digits · 10^exponent} ({@code count} digits at {@code from}, no trailing zeros)
     * as ECMAScript does: plain for 1e-7 <= |x| < 1e21, else {@code d.ddde+n} / {@code d.ddde-n}; into
     * {@code out} from index {@code at} (the text must not reach the digits). Returns the length.
     */
    private static int layout(boolean negative, byte[] digits, int from, int count, int exponent, byte[] out,
                              int at) {
        int pos = at;
        if (negative) {
            out[pos++] = '-';
        }
        int k = count;
        int n = k + exponent; // value = 0.D * 10^n
        if (k <= n && n <= 21) {
            System.arraycopy(digits, from, out, pos, k);
            pos += k;
            for (int z = k; z < n; z++) {
                out[pos++] = '0';
            }
        } else if (0 < n && n <= 21) {
            System.arraycopy(digits, from, out, pos, n);
            pos += n;
            out[pos++] = '.';
            System.arraycopy(digits, from + n, out, pos, k - n);
            pos += k - n;
        } else if (-6 < n && n <= 0) {
            out[pos++] = '0';
            out[pos++] = '.';
            for (int z = n; z < 0; z++) {
                out[pos++] = '0';
            }
            System.arraycopy(digits, from, out, pos, k);
            pos += k;
        } else {
            out[pos++] = digits[from];
            if (k > 1) {
                out[pos++] = '.';
                System.arraycopy(digits, from + 1, out, pos, k - 1);
                pos += k - 1;
            }
            out[pos++] = 'e';
            int e = n - 1;
            out[pos++] = (byte) (e < 0 ? '-' : '+');
            pos += writeDigits(Math.abs(e), out, pos);
        }
        return pos - at;
    }

    private static int copy(byte[] text, byte[] buf, int at) {
        System.arraycopy(text, 0, buf, at, text.length);
        return text.length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
