package io.predlog.agent.context;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HexDigitsTest {

    /** What the JDK writes: 16 lowercase digits, zero-padded. */
    private static String expected(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }

    @Test
    void everyNibbleValueInEveryPositionMatchesTheJdk() {
        for (int position = 0; position < 16; position++) {
            for (long nibble = 0; nibble < 16; nibble++) {
                long value = nibble << (4 * position);
                assertEquals(expected(value), HexDigits.of(value), Long.toHexString(value));
                long others = ~(0xFL << (4 * position)) | value; // the other digits all f
                assertEquals(expected(others), HexDigits.of(others), Long.toHexString(others));
            }
        }
        for (long edge : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x0123456789abcdefL,
            0xfedcba9876543210L, 0x9a9a9a9a9a9a9a9aL, 0x0909090909090909L, 0xa0a0a0a0a0a0a0a0L}) {
            assertEquals(expected(edge), HexDigits.of(edge));
        }
    }

    @Test
    void randomValuesMatchTheJdkInBytesCharsAndWords() {
        SplittableRandom random = new SplittableRandom(20261206);
        byte[] bytes = new byte[20];
        char[] chars = new char[20];
        for (int i = 0; i < 1_000_000; i++) {
            long value = random.nextLong();
            String want = expected(value);
            Arrays.fill(bytes, (byte) '.');
            HexDigits.write(value, bytes, 2);
            assertEquals(".." + want + "..", new String(bytes, StandardCharsets.US_ASCII));
            Arrays.fill(chars, '.');
            HexDigits.write(value, chars, 3);
            assertEquals("..." + want + ".", new String(chars));
            long word = HexDigits.word((int) value);
            byte[] big = new byte[8];
            for (int b = 0; b < 8; b++) {
                big[b] = (byte) (word >>> (56 - 8 * b));
            }
            assertEquals(want.substring(8), new String(big, StandardCharsets.US_ASCII));
        }
    }
}
