package io.predlog.agent.event;

import com.fasterxml.jackson.core.io.NumberOutput;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The statistics' doubles are written as Jackson writes them: the same text, without its allocations. */
class JavaDoubleTextTest {

    private final JavaDoubleText text = new JavaDoubleText();

    private String format(double d) {
        return new String(text.bytes(), 0, text.format(d), StandardCharsets.US_ASCII);
    }

    private void same(double d) {
        assertEquals(NumberOutput.toString(d, true), format(d), () -> "bits " + Double.doubleToRawLongBits(d));
    }

    @Test
    void theLayoutSwitchesToAnExponentOutsideOneThousandthToTenMillion() {
        assertEquals("0.001", format(0.001));
        assertEquals("9.99E-4", format(0.000999));
        assertEquals("1.0E-4", format(1e-4));
        assertEquals("12.5", format(12.5));
        assertEquals("1.0", format(1));
        assertEquals("-0.0", format(-0.0));
        assertEquals("0.0", format(0.0));
        assertEquals("9999999.0", format(9_999_999));
        assertEquals("1.0E7", format(1e7));
        assertEquals("1.2345678E7", format(12_345_678));
        assertEquals("-3.0E-300", format(-3e-300));
        assertEquals("1.7976931348623157E308", format(Double.MAX_VALUE));
        assertEquals("4.9E-324", format(Double.MIN_VALUE));
    }

    @Test
    void aValueGivenAgainIsWrittenAgainWhateverCameBetween() {
        double[] sequence = {0.5678178668022156, 0.5678178668022156, 0.5678178668022156, 1436.300048828125, 0.0,
            -0.0, -0.0, 0.0, 1e-4, 1e-4, 0.5678178668022156, 1.0E7, 12.5, 12.5};
        for (double d : sequence) {
            same(d);
        }
        SplittableRandom random = new SplittableRandom(20261206);
        double[] few = {0.1, 2.5, 1e-9, 123456.789, -7.0};
        for (int i = 0; i < 10_000; i++) {
            same(few[random.nextInt(few.length)]);
        }
    }

    @Test
    void everyKindOfDoubleReadsAsJacksonWritesIt() {
        double[] special = {Double.MIN_VALUE, 2 * Double.MIN_VALUE, 3 * Double.MIN_VALUE, Double.MIN_NORMAL,
            Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, 1e23, 2e23, 9007199254740993.0, 0.1, 0.2, 0.3,
            1.0 / 3, 2.0 / 3, 100, 1e6, 1e7 - 0.5, 1e-3, Math.nextDown(1e-3), Math.nextUp(1e7), Math.PI, Math.E};
        for (double d : special) {
            same(d);
            same(-d);
        }
        SplittableRandom random = new SplittableRandom(20261204);
        for (int i = 0; i < 1_000_000; i++) {
            double bits = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(bits)) {
                same(bits);
            }
            same(random.nextInt(-1_000_000, 1_000_000) / 100.0); // money, percentages: a few decimals
            same(random.nextDouble() * Math.pow(10, random.nextInt(-8, 12))); // statistics of every scale
            same(Double.longBitsToDouble(random.nextLong(1L << 52))); // subnormals
        }
    }
}
