package io.predlog.agent.event;

import io.predlog.agent.capture.ShortestDecimal;

/**
 * A finite double as Java's {@code Double.toString} (the JDK 19 specification) and Jackson write it: the shortest
 * digits that read back as the same double, in plain notation from 10<sup>-3</sup> up to 10<sup>7</sup>
 * ({@code 0.001}, {@code 12.5}, {@code 1234567.0}) and as {@code d.dddE±n} outside it ({@code 1.0E-4},
 * {@code 1.2345678E7}), always with a fraction digit. Written as ASCII into a reused array: nothing is allocated.
 * Not thread-safe: one per encoder.
 */
final class JavaDoubleText {

    /** No finite double has these bits: nothing formatted yet. */
    private static final long NONE = 0x7ff8_0000_0000_0001L;

    private final byte[] text = new byte[32];
    private final byte[] digits = new byte[24];
    /**
     * The bits of the double whose text {@link #text} holds: an event's statistics often repeat one value (a single
     * score is its output's min, max, mean and norm), and its text is then not made again.
     */
    private long lastBits = NONE;
    private int lastLength;

    /** Formats a finite {@code d}; returns the length of the text in {@link #bytes()}. */
    int format(double d) {
        long bits = Double.doubleToRawLongBits(d);
        if (bits != lastBits) {
            lastLength = layout(d);
            lastBits = bits;
        }
        return lastLength;
    }

    private int layout(double d) {
        int pos = 0;
        if (d < 0 || d == 0 && 1 / d < 0) {
            text[pos++] = '-';
        }
        if (d == 0) {
            return zero(pos);
        }
        double abs = Math.abs(d);
        if (abs <= 2 * Double.MIN_VALUE) { // the two smallest subnormals: Java writes two digits where one would do
            return tiny(pos, abs == Double.MIN_VALUE ? '4' : '9');
        }
        long packed = ShortestDecimal.digits(d, digits, 0);
        int count = (int) packed;
        int point = count + (int) (packed >> 32) - 1; // the power of ten of the first digit
        if (point >= -3 && point < 7) {
            return plain(pos, count, point);
        }
        text[pos++] = digits[0];
        text[pos++] = '.';
        pos = fraction(pos, 1, count);
        text[pos++] = 'E';
        if (point < 0) {
            text[pos++] = '-';
            point = -point;
        }
        if (point >= 100) {
            text[pos++] = (byte) ('0' + point / 100);
        }
        if (point >= 10) {
            text[pos++] = (byte) ('0' + point / 10 % 10);
        }
        text[pos++] = (byte) ('0' + point % 10);
        return pos;
    }

    byte[] bytes() {
        return text;
    }

    private int zero(int pos) {
        text[pos++] = '0';
        text[pos++] = '.';
        text[pos++] = '0';
        return pos;
    }

    /** {@code 4.9E-324} or {@code 9.9E-324}. */
    private int tiny(int pos, char first) {
        for (byte b : (first + ".9E-324").getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
            text[pos++] = b;
        }
        return pos;
    }

    /** {@code count} digits whose first is at 10^{@code point}, -3 &le; point &lt; 7, without an exponent. */
    private int plain(int pos, int count, int point) {
        if (point < 0) {
            text[pos++] = '0';
            text[pos++] = '.';
            for (int i = -1; i > point; i--) {
                text[pos++] = '0';
            }
            System.arraycopy(digits, 0, text, pos, count);
            return pos + count;
        }
        for (int i = 0; i <= point; i++) {
            text[pos++] = i < count ? digits[i] : (byte) '0';
        }
        text[pos++] = '.';
        return fraction(pos, point + 1, count);
    }

    /** The digits from {@code from} on after the point, or a single 0 when there are none. */
    private int fraction(int pos, int from, int count) {
        if (from >= count) {
            text[pos++] = '0';
            return pos;
        }
        System.arraycopy(digits, from, text, pos, count - from);
        return pos + count - from;
    }
}
