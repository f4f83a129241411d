package io.predlog.agent.capture;

import java.math.BigInteger;

/**
 * The shortest decimal that rounds to a double, as ECMAScript's {@code Number::toString} chooses it: the fewest
 * significant digits; among those, the one closest to the double; on a tie, the even one. Allocation-free;
 * {@link JcsNumber} lays the digits out.
 *
 * <p>Written from R. Giulietti, "The Schubfach way to render doubles" (2020). In short: a double is
 * {@code v = c·2^q}; every decimal that rounds to it lies in the rounding interval {@code R} between the
 * midpoints to its neighbours (closed when {@code c} is even, as round-half-even then keeps the midpoints). Pick
 * {@code k} with {@code 10^k <= width(R) < 10^(k+1)}: then {@code R} holds at most one multiple of
 * {@code 10^(k+1)}, which is the shortest answer when there is one, and else the answer is whichever of
 * {@code s·10^k}, {@code (s+1)·10^k} (with {@code s = floor(v/10^k)}) lies in {@code R} and is closer to
 * {@code v}. The only arithmetic needed is {@code v}, and the two ends of {@code R}, times {@code 10^-k}: one
 * 64x126-bit multiplication each, against a table of 126-bit approximations of powers of ten, rounded to odd
 * so that comparisons with multiples of 4 stay exact (the paper proves the precision suffices).
 *
 * <p>Java's {@code Double.toString} (JDK 19+) makes the same choice except that it never returns fewer than two
 * digits; the two differ only for a few subnormals ({@code 4.9E-324} there, {@code 5e-324} here).
 *
 * <p>The table of powers of ten (617 entries) is computed with {@link BigInteger}, each entry on first use.
 */
public final class ShortestDecimal {

    /** The decimal exponents {@code -k} that doubles need: {@code 10^-k} for k from -324 to 292. */
    private static final int E_MIN = -292;
    private static final int E_MAX = 324;
    private static final long MASK_63 = (1L << 63) - 1;
    private static final long MASK_52 = (1L << 52) - 1;

    /** For e in [E_MIN, E_MAX]: the approximation of {@code 10^e}, filled in as needed ({@link #power}). */
    private static final Power[] POWERS = new Power[E_MAX - E_MIN + 1];

    private ShortestDecimal() {
    }

    /**
     * Writes the shortest digits of a finite, non-zero {@code v} (its sign ignored) as ASCII into {@code buf} at
     * {@code off}, without trailing zeros (at most 17), and returns {@code (exponent << 32) | count}: the
     * decimal is {@code digits · 10^exponent}.
     */
    public static long digits(double v, byte[] buf, int off) {
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) (bits >>> 52) & 0x7FF;
        long fraction = bits & MASK_52;
        long c;
        int q;
        if (biased != 0) {
            c = fraction | (1L << 52);
            q = biased - 1075;
        } else {
            c = fraction;
            q = -1074;
        }
        // Scaled by 4 so that the interval's ends are integers: v = cb·2^(q-2), R = [cbl, cbr]·2^(q-2).
        // Below a power of two (c = 2^52, not the smallest exponent) the lower neighbour is half as far away.
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (fraction != 0 || biased <= 1) {
            cbl = cb - 2;
            k = floorLog10Pow2(q);
        } else {
            cbl = cb - 1;
            k = floorLog10ThreeQuartersPow2(q);
        }
        int out = (int) c & 1; // 1: R is open (c odd), so its ends do not round to v
        int h = q + floorLog2Pow10(-k) + 2;
        Power power = power(-k);
        long g1 = power.g1;
        long g0 = power.g0;
        // 4·x·10^-k, rounded to odd, for x = v and the ends of R
        long vb = roundToOdd(g1, g0, cb << h);
        long vbl = roundToOdd(g1, g0, cbl << h);
        long vbr = roundToOdd(g1, g0, cbr << h);
        long s = vb >> 2;
        long digits;
        if (s >= 10) {
            // One digit fewer: the only multiples of 10^(k+1) that can lie in R
            long sp10 = 10 * (s / 10);
            long tp10 = sp10 + 10;
            boolean upIn = vbl + out <= sp10 << 2;
            boolean wpIn = (tp10 << 2) + out <= vbr;
            if (upIn != wpIn) {
                return layout(upIn ? sp10 : tp10, k, buf, off);
            }
        }
        long t = s + 1;
        boolean uIn = vbl + out <= s << 2;
        boolean wIn = (t << 2) + out <= vbr;
        if (uIn != wIn) {
            digits = uIn ? s : t;
        } else {
            long cmp = vb - ((s + t) << 1); // both in R: the closer, the even one on a tie
            digits = cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : t;
        }
        return layout(digits, k, buf, off);
    }

    /** Strips trailing zeros and writes the digits; returns {@code (exponent << 32) | count}. */
    private static long layout(long digits, int exponent, byte[] buf, int off) {
        long d = digits;
        int e = exponent;
        if (d % 10 == 0) { // trailing zeros (at most 16), in halving steps: short decimals (79.85) carry a dozen
            if (d % 10_000_000_000_000_000L == 0) {
                d /= 10_000_000_000_000_000L;
                e += 16;
            }
            if (d % 100_000_000 == 0) {
                d /= 100_000_000;
                e += 8;
            }
            if (d % 10_000 == 0) {
                d /= 10_000;
                e += 4;
            }
            if (d % 100 == 0) {
                d /= 100;
                e += 2;
            }
            if (d % 10 == 0) {
                d /= 10;
                e += 1;
            }
        }
        int n = decimalLength(d);
        int end = off + n;
        if (d >= 100_000_000) {
            // the low 8 digits and the rest (at most 9 digits) in int arithmetic, independent of each other
            long high = d / 100_000_000;
            writeEight((int) (d - high * 100_000_000), buf, end - 8);
            writeInt((int) high, buf, end - 8);
        } else {
            writeInt((int) d, buf, end);
        }
        return ((long) e << 32) | n;
    }

    /** Exactly eight digits of {@code 0 <= v < 10^8}, leading zeros included, at {@code [at, at + 8)}. */
    private static void writeEight(int v, byte[] buf, int at) {
        int high = v / 10_000;
        int low = v - high * 10_000;
        writeFour(high, buf, at);
        writeFour(low, buf, at + 4);
    }

    private static void writeFour(int v, byte[] buf, int at) {
        int high = v / 100;
        int low = (v - high * 100) << 1;
        high <<= 1;
        buf[at] = PAIRS[high];
        buf[at + 1] = PAIRS[high + 1];
        buf[at + 2] = PAIRS[low];
        buf[at + 3] = PAIRS[low + 1];
    }

    /** The digits of {@code v >= 0}, ending just before {@code end}. */
    static void writeInt(int v, byte[] buf, int end) {
        int pos = end;
        while (v >= 100) {
            int q = v / 100;
            int pair = (v - q * 100) << 1;
            buf[--pos] = PAIRS[pair + 1];
            buf[--pos] = PAIRS[pair];
            v = q;
        }
        if (v >= 10) {
            int pair = v << 1;
            buf[--pos] = PAIRS[pair + 1];
            buf[--pos] = PAIRS[pair];
        } else {
            buf[--pos] = (byte) ('0' + v);
        }
    }

    /** "00" to "99". */
    private static final byte[] PAIRS = new byte[200];
    /** 10^i for i in [0, 18]. */
    private static final long[] POW10 = new long[19];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /** Digits of a value in [1, 10^18): from its bit length, then one comparison. */
    static int decimalLength(long v) {
        int n = ((64 - Long.numberOfLeadingZeros(v)) * 1233) >>> 12; // floor(bit length · log10 2)
        return v >= POW10[n] ? n + 1 : n;
    }

    /**
     * {@code x = g·cp / 2^127} rounded to odd: its floor, with the lowest bit set when {@code x} is not an
     * integer; {@code g = g1·2^63 + g0} (126 bits), {@code 0 <= cp < 2^61}.
     *
     * <p>{@code g} exceeds the true {@code 10^-k}-scaled value by at most 1, so {@code g·cp} exceeds the true
     * product by less than {@code 2^61}. That excess is why the bits of {@code g·cp} below {@code 2^64} are left
     * out of the "is it an integer" test: where the true product is an exact multiple of {@code 2^127} (a tie
     * between two decimals, an exactly representable value) the excess would otherwise make it look inexact.
     * Where it is not, its fraction is far above {@code 2^-63} (the paper's bound), so nothing is lost.
     */
    private static long roundToOdd(long g1, long g0, long cp) {
        // g·cp = hi1·2^127 + lo1·2^63 + hi0·2^64 + lo0
        long hi1 = Math.multiplyHigh(g1, cp);
        long lo1 = g1 * cp;
        long hi0 = Math.multiplyHigh(g0, cp);
        long lo0 = g0 * cp;
        // floor(g·cp / 2^64) - hi1·2^63: (lo1·2^63 + hi0·2^64 + lo0) / 2^64, with the carry out of the low word
        long mid = (lo1 >>> 1) + hi0;
        long rest = lo0 + (lo1 << 63);
        if (Long.compareUnsigned(rest, lo0) < 0) {
            mid++;
        }
        long floor = hi1 + (mid >>> 63);
        return floor | ((mid & MASK_63) + MASK_63 >>> 63);
    }

    /** {@code floor(q·log10(2))}, exact for |q| <= 1100 (checked by the tests). */
    static int floorLog10Pow2(int q) {
        return (int) ((q * 661_971_961_083L) >> 41);
    }

    /** {@code floor(q·log10(2) + log10(3/4))}, exact for |q| <= 1100. */
    static int floorLog10ThreeQuartersPow2(int q) {
        return (int) ((q * 661_971_961_083L - 274_743_187_321L) >> 41);
    }

    /** {@code floor(e·log2(10))}, exact for |e| <= 400. */
    static int floorLog2Pow10(int e) {
        return (int) ((e * 913_124_641_741L) >> 38);
    }

    /**
     * The table entry for {@code 10^e}, computed on first use: filling the whole table takes ~15 ms of a cold
     * JVM's time (BigInteger division, interpreted), where the values an application sees need a handful of
     * entries. Racing threads may both compute an entry; they compute the same one, and its final fields make
     * it safe to publish without a lock.
     */
    private static Power power(int e) {
        Power p = POWERS[e - E_MIN];
        if (p == null) {
            p = Power.of(e);
            POWERS[e - E_MIN] = p;
        }
        return p;
    }

    /** {@code g = floor(10^e · 2^(125 - floor(log2 10^e))) + 1}, in [2^125, 2^126), as two 63-bit halves. */
    private record Power(long g1, long g0) {

        static Power of(int e) {
            BigInteger p = BigInteger.TEN.pow(Math.abs(e));
            BigInteger g;
            if (e >= 0) {
                int beta = p.bitLength() - 1; // 2^beta <= 10^e < 2^(beta+1)
                g = 125 - beta >= 0 ? p.shiftLeft(125 - beta) : p.shiftRight(beta - 125);
            } else {
                int length = p.bitLength(); // 10^e = 1/p, with 2^-length < 1/p < 2^-(length-1)
                g = BigInteger.ONE.shiftLeft(125 + length).divide(p);
            }
            g = g.add(BigInteger.ONE);
            if (g.bitLength() != 126) {
                throw new AssertionError("power of ten out of range: 10^" + e);
            }
            return new Power(g.shiftRight(63).longValue(), g.longValue() & MASK_63);
        }
    }
}
