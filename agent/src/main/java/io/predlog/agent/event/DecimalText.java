package io.predlog.agent.event;

/**
 * Writes a double as plain decimal text rounded to three fraction digits (microseconds, for {@code *_ms}),
 * into a reusable {@code char[]}: never an exponent, trailing zeros dropped but at least one fraction
 * digit kept so the value reads as a number with a fraction ({@code 12.0}, {@code 0.5}, {@code 1.234},
 * {@code 0.0001 -> 0.0}). Allocation-free. Not thread-safe: one per encoder.
 */
final class DecimalText {

    /** Above this the value times 1000 no longer fits a long exactly; such values take the slow path. */
    static final double MAX_FAST = 9.0e15;

    private final char[] chars = new char[32];

    /**
     * Formats a finite {@code value} with |value| below {@link #MAX_FAST}; returns the number of characters
     * in {@link #chars()}.
     */
    int formatMillis(double value) {
        long thousandths = Math.round(value * 1000.0);
        boolean negative = thousandths < 0;
        long abs = Math.abs(thousandths);
        long whole = abs / 1000;
        int fraction = (int) (abs % 1000);
        // build right to left
        int pos = chars.length;
        int fractionDigits = 3;
        while (fractionDigits > 1 && fraction % 10 == 0) {
            fraction /= 10;
            fractionDigits--;
        }
        for (int i = 0; i < fractionDigits; i++) {
            chars[--pos] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        chars[--pos] = '.';
        do {
            chars[--pos] = (char) ('0' + whole % 10);
            whole /= 10;
        } while (whole != 0);
        if (negative) {
            chars[--pos] = '-';
        }
        int length = chars.length - pos;
        System.arraycopy(chars, pos, chars, 0, length);
        return length;
    }

    char[] chars() {
        return chars;
    }

    /** Plain (never exponent) text of any finite double, for the rare values outside the fast path. */
    static String plain(double value) {
        String text = Double.toString(value);
        if (text.indexOf('E') < 0) {
            return text;
        }
        String plain = new java.math.BigDecimal(text).toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }
}
