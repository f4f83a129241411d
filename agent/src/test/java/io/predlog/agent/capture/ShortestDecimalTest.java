package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ShortestDecimal} gives the digits that Jackson's Schubfach gives (laid out the ECMAScript way, with
 * ECMAScript's preference for one digit among subnormals), over millions of random doubles and every edge
 * case we know of.
 */
class ShortestDecimalTest {

    private final byte[] buf = new byte[JcsNumber.BUFFER];

    @Test
    void tenMillionRandomBitPatternsMatchTheReference() {
        SplittableRandom random = new SplittableRandom(0x5c4bfac4L);
        int checked = 0;
        while (checked < 10_000_000) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d) && d != 0) {
                check(d);
                checked++;
            }
        }
    }

    @Test
    void randomDoublesOfEverydayMagnitudeMatchTheReference() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 1_000_000; i++) {
            double d = random.nextDouble() * Math.pow(10, random.nextInt(-8, 12));
            if (d != 0) {
                check(d);
                check(-d);
            }
        }
    }

    @Test
    void subnormalsMatchTheReference() {
        for (long c = 1; c <= 200_000; c++) { // the smallest, exhaustively: where digits are fewest
            check(Double.longBitsToDouble(c));
        }
        SplittableRandom random = new SplittableRandom(324);
        for (int i = 0; i < 200_000; i++) {
            check(Double.longBitsToDouble(random.nextLong(1, 1L << 52)));
        }
        check(Double.MIN_VALUE);
        check(Double.longBitsToDouble((1L << 52) - 1)); // the largest subnormal
        assertEquals("5e-324", text(Double.MIN_VALUE));
        assertEquals("1e-323", text(2 * Double.MIN_VALUE));
        assertEquals("1.5e-323", text(3 * Double.MIN_VALUE));
    }

    @Test
    void powersOfTwoAndTheirNeighboursMatchTheReference() {
        for (int e = -1074; e <= 1023; e++) {
            double p = Math.scalb(1.0, e);
            neighbourhood(p);
        }
        neighbourhood(Double.MIN_NORMAL);
        neighbourhood(Double.MAX_VALUE);
    }

    @Test
    void powersOfTenAndTheirNeighboursMatchTheReference() {
        for (int e = -323; e <= 308; e++) {
            neighbourhood(Double.parseDouble("1e" + e));
            neighbourhood(Double.parseDouble("5e" + e));
            neighbourhood(Double.parseDouble("9.999999999999999e" + e));
        }
    }

    @Test
    void knownHardCases() {
        assertEquals("1e+23", text(1e23));
        assertEquals("9.999999999999997e+22", text(Math.nextDown(1e23)));
        assertEquals("1.7976931348623157e+308", text(Double.MAX_VALUE));
        assertEquals("2.2250738585072014e-308", text(Double.MIN_NORMAL));
        assertEquals("9007199254740992", text(9007199254740993.0));
        assertEquals("0.1", text(0.1));
        assertEquals("0.30000000000000004", text(0.1 + 0.2));
        assertEquals("2.9802322387695312e-8", text(Math.scalb(1.0, -25)));
        for (double d : new double[] {5e-324, 1e23, 9007199254740993.0, 2.0 / 3, 1.0 / 3, 123456789012345680.0,
            4.35, 0.000001, 1e-7, 1e21, 1e22, 5e-310, 4.9406564584124654E-324, 1.0e-322}) {
            neighbourhood(d);
        }
    }

    @Test
    void integerLogarithmsAreExactOverTheRangeUsed() {
        BigInteger two = BigInteger.TWO;
        BigInteger ten = BigInteger.TEN;
        for (int q = -1100; q <= 1100; q++) {
            int k = ShortestDecimal.floorLog10Pow2(q);
            assertTrue(lessOrEqual(ten, k, two, q, 1, 1) && !lessOrEqual(ten, k + 1, two, q, 1, 1), "log10 2^" + q);
            int k34 = ShortestDecimal.floorLog10ThreeQuartersPow2(q);
            assertTrue(lessOrEqual(ten, k34, two, q, 3, 4) && !lessOrEqual(ten, k34 + 1, two, q, 3, 4),
                    "log10 3/4·2^" + q);
        }
        for (int e = -400; e <= 400; e++) {
            int b = ShortestDecimal.floorLog2Pow10(e);
            assertTrue(lessOrEqual(two, b, ten, e, 1, 1) && !lessOrEqual(two, b + 1, ten, e, 1, 1), "log2 10^" + e);
        }
    }

    /** Whether {@code a^x <= (num/den)·b^y}, exactly. */
    private static boolean lessOrEqual(BigInteger a, int x, BigInteger b, int y, int num, int den) {
        // a^x·den <= num·b^y, each side scaled by a^max(0,-x)·b^max(0,-y) to stay integral
        BigInteger left = pow(a, Math.max(x, 0)).multiply(pow(b, Math.max(-y, 0))).multiply(BigInteger.valueOf(den));
        BigInteger right = pow(b, Math.max(y, 0)).multiply(pow(a, Math.max(-x, 0))).multiply(BigInteger.valueOf(num));
        return left.compareTo(right) <= 0;
    }

    private static BigInteger pow(BigInteger base, int e) {
        return base.pow(e);
    }

    private void neighbourhood(double d) {
        double x = d;
        for (int i = 0; i < 3; i++) {
            x = Math.nextDown(x);
        }
        for (int i = 0; i < 7; i++) {
            if (Double.isFinite(x) && x != 0) {
                check(x);
                check(-x);
            }
            x = Math.nextUp(x);
        }
    }

    private void check(double d) {
        String actual = JcsNumber.viaShortestDecimal(d);
        String expected = JacksonReference.ecma(d);
        if (!expected.equals(actual)) {
            fail("for bits " + Long.toHexString(Double.doubleToRawLongBits(d)) + ": expected " + expected
                    + " but was " + actual);
        }
    }

    private String text(double d) {
        return new String(buf, 0, JcsNumber.format(d, buf), StandardCharsets.US_ASCII);
    }
}
