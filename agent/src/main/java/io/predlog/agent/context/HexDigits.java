package io.predlog.agent.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Lowercase hexadecimal digits of 64-bit numbers, most significant first: the text of request ids, event ids, hash
 * prefixes and trace context's span ids. Eight digits are made at once in one {@code long}, without a table or a
 * branch per digit (a random digit's branch is mispredicted half the time).
 */
public final class HexDigits {

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private HexDigits() {
    }

    /**
     * The 8 digits of {@code bits} as the bytes of a {@code long}, the first digit in its most significant byte:
     * stored big-endian, they read in order.
     */
    public static long word(int bits) {
        long x = bits & 0xFFFF_FFFFL;
        // one nibble per byte: 0x1234abcd -> 0x01_02_03_04_0a_0b_0c_0d
        x = (x & 0xFFFF_0000L) << 16 | x & 0xFFFFL;
        x = (x & 0x0000_FF00_0000_FF00L) << 8 | x & 0x0000_00FF_0000_00FFL;
        x = (x & 0x00F0_00F0_00F0_00F0L) << 4 | x & 0x000F_000F_000F_000FL;
        // a byte over 9 gets 'a' - '0' - 10 more: (nibble + 6) carries into bit 4 exactly then
        long letters = (x + 0x0606_0606_0606_0606L) >>> 4 & 0x0101_0101_0101_0101L;
        return x + 0x3030_3030_3030_3030L + letters * ('a' - '0' - 10);
    }

    /** Writes the 16 digits of {@code value} into {@code out} at {@code offset}. */
    public static void write(long value, byte[] out, int offset) {
        LONG_BE.set(out, offset, word((int) (value >>> 32)));
        LONG_BE.set(out, offset + 8, word((int) value));
    }

    /** Writes the 16 digits of {@code value} into {@code out} at {@code offset}. */
    public static void write(long value, char[] out, int offset) {
        spread(word((int) (value >>> 32)), out, offset);
        spread(word((int) value), out, offset + 8);
    }

    /** The 16 digits of {@code value}. */
    public static String of(long value) {
        byte[] digits = new byte[16];
        write(value, digits, 0);
        return new String(digits, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void spread(long word, char[] out, int offset) {
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (char) (word >>> (56 - 8 * i) & 0xFF);
        }
    }
}
