package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JcsNumberTest {

    /** RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text. */
    @ParameterizedTest
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void rfc8785AppendixBNumbers(String bits, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertEquals(expected, JcsNumber.toEcmaString(d));
    }

    @ParameterizedTest
    @CsvSource({
        "1e21, 1e+21",
        "1e20, 100000000000000000000",
        "1e-7, 1e-7",
        "1.5e-7, 1.5e-7",
        "0.000001, 0.000001",
        "0.0000015, 0.0000015",
        "2.0E-3, 0.002",
        "1.0E23, 1e+23",
        "2.0E23, 2e+23",
        "123.0, 123",
        "-123.456, -123.456",
        "0.1, 0.1",
        "1e7, 10000000",
        "4.35, 4.35",
        "5e-324, 5e-324",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "-1.5e300, -1.5e+300",
        "9007199254740993, 9007199254740992",
        "1.2345678901234567e19, 12345678901234567000",
    })
    void formatsAsEcmaScriptNumberToString(double d, String expected) {
        assertEquals(expected, JcsNumber.toEcmaString(d));
    }

    @Test
    void negativeZeroIsZero() {
        assertEquals("0", JcsNumber.toEcmaString(-0.0));
    }

    @Test
    void nonFiniteValuesAreStrings() {
        assertEquals("\"NaN\"", JcsNumber.toEcmaString(Double.NaN));
        assertEquals("\"Infinity\"", JcsNumber.toEcmaString(Double.POSITIVE_INFINITY));
        assertEquals("\"-Infinity\"", JcsNumber.toEcmaString(Double.NEGATIVE_INFINITY));
    }

    @Test
    void floatIsWidenedExactlyToDouble() {
        assertEquals("0.10000000149011612", Canonical.text(0.1f));
        assertEquals("[0.10000000149011612,1.5]", Canonical.text(java.util.List.of(0.1f, 1.5f)));
    }

    @Test
    void integersBeyondTwoToThe53AreTheNearestDouble() {
        assertEquals("9223372036854776000", Canonical.text(Long.MAX_VALUE));
        assertEquals("-9223372036854776000", Canonical.text(Long.MIN_VALUE));
        assertEquals("9007199254740993", String.valueOf((1L << 53) + 1)); // the exact value, for contrast
        assertEquals("9007199254740992", Canonical.text((1L << 53) + 1));
        assertEquals("123", Canonical.text(new BigInteger("123")));
        assertEquals("1e+30", Canonical.text(new BigInteger("1000000000000000000000000000001")));
        assertEquals("0.1", Canonical.text(new BigDecimal("0.1000000000000000000001")));
    }

    /** Every output round-trips and has the fewest digits that do, laid out the ECMAScript way. */
    @Test
    void randomDoublesAreShortestRoundTripInEcmaScriptLayout() {
        SplittableRandom random = new SplittableRandom(8785);
        for (int i = 0; i < 50_000; i++) {
            double d = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong())
                    : random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
            if (!Double.isFinite(d)) {
                continue;
            }
            String s = JcsNumber.toEcmaString(d);
            assertEquals(d == 0 ? 0.0 : d, Double.parseDouble(s), s);
            assertTrue(s.matches("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?(e[+-][1-9][0-9]*)?"), s);
            double abs = Math.abs(d);
            boolean exponent = s.contains("e");
            assertEquals(abs != 0 && (abs >= 1e21 || abs < 1e-6), exponent, s);
            BigDecimal printed = new BigDecimal(s).abs();
            int k = printed.stripTrailingZeros().precision();
            if (k > 1) {
                BigDecimal exact = new BigDecimal(abs);
                for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                    BigDecimal shorter = exact.round(new MathContext(k - 1, mode));
                    assertNotEquals(abs, shorter.doubleValue(), () -> s + " has a shorter form " + shorter);
                }
            }
        }
    }

    /** The fast path for few-decimal values agrees with Schubfach's digits. */
    @Test
    void shortDecimalsAgreeWithSchubfach() {
        SplittableRandom random = new SplittableRandom(53);
        for (int i = 0; i < 100_000; i++) {
            long m = random.nextLong(1, 1L << random.nextInt(1, 52));
            double d = (random.nextBoolean() ? -1 : 1) * (m / Math.pow(10, random.nextInt(0, 18)));
            if (d == (long) d) {
                continue;
            }
            assertEquals(JcsNumber.viaShortestDecimal(d), JcsNumber.toEcmaString(d), () -> "for " + d);
        }
        for (double d : new double[] {0.1, 0.37, 52000.5, 1e-6, 1.5e-6, 0.3, 2.675, 1125899906842623.5, 0.000001234}) {
            assertEquals(JcsNumber.viaShortestDecimal(d), JcsNumber.toEcmaString(d), () -> "for " + d);
        }
    }
}
