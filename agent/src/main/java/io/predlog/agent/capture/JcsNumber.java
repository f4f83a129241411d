package io.predlog.agent.capture;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;

/**
 * Numbers as RFC 8785 writes them: ECMAScript {@code Number::toString} of the value as a double, with the
 * shortest digits that round-trip.
 *
 * <p>The shortest digits come from Jackson's Schubfach implementation ({@link DoubleToDecimal}), which
 * follows JDK 19's {@code Double.toString} specification; JDK 17's own {@code Double.toString} is slower
 * and not always shortest ({@code 1.0E23} prints as {@code 9.999999999999999E22}). The Java text is
 * re-read here and laid out the ECMAScript way. Two cases never reach Schubfach: integers below 2^53 are
 * written directly (no allocation), and subnormals whose Java form has two digits are checked for a
 * one-digit form, which ECMAScript prefers and Java does not ({@code 5e-324}, not {@code 4.9E-324}).
 * NaN and the infinities are not JSON numbers; SPEC §4 makes them the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}.
 */
final class JcsNumber {

    private static final double TWO_POW_53 = 0x1p53;
    private static final long MAX_EXACT = 1L << 53;

    private JcsNumber() {
    }

    /** An integer value: exact when |v| <= 2^53, else the double nearest to it (as JCS prescribes). */
    static void writeLong(CanonicalSink out, long v) {
        if (v > MAX_EXACT || v < -MAX_EXACT) {
            writeDouble(out, (double) v);
            return;
        }
        writeExactLong(out, v);
    }

    static void writeDouble(CanonicalSink out, double d) {
        if (d != d) {
            out.writeAscii("\"NaN\"");
        } else if (d == Double.POSITIVE_INFINITY) {
            out.writeAscii("\"Infinity\"");
        } else if (d == Double.NEGATIVE_INFINITY) {
            out.writeAscii("\"-Infinity\"");
        } else if (d == 0) {
            out.write('0'); // also -0.0
        } else if (d < TWO_POW_53 && d > -TWO_POW_53 && d == (long) d) {
            writeExactLong(out, (long) d);
        } else if (!writeShortDecimal(out, d)) {
            String java = DoubleToDecimal.toString(d);
            if (Math.abs(d) < Double.MIN_NORMAL) {
                java = preferOneDigit(java, d);
            }
            writeJavaForm(out, java);
        }
    }

    private static final double[] POW10 = new double[18];

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Double.parseDouble("1e" + i);
        }
    }

    /**
     * The allocation-free path for doubles with few decimals (0.37, 52000.5): the smallest p for which
     * m = round(|d| * 10^p) gives back d as m / 10^p. Below 2^50 the decimals that round to d at one
     * scale span less than a quarter unit, so that m is the only candidate there, and the smallest such
     * p gives the fewest digits: the shortest, closest form that Schubfach would also find.
     */
    private static boolean writeShortDecimal(CanonicalSink out, double d) {
        double a = Math.abs(d);
        if (!(a >= 1e-6 && a < 0x1p50)) {
            return false;
        }
        for (int p = 1; p < POW10.length; p++) {
            double x = a * POW10[p];
            if (x >= 0x1p50) {
                return false;
            }
            double m = Math.rint(x);
            if (Math.abs(x - m) <= 0.25 && m / POW10[p] == a) {
                writePlain(out, d < 0, (long) m, p);
                return true;
            }
        }
        return false;
    }

    /** m * 10^-p, laid out plain (the caller keeps it within 1e-6 <= |x| < 2^50). */
    private static void writePlain(CanonicalSink out, boolean negative, long m, int p) {
        byte[] digits = out.digits;
        int i = digits.length;
        do {
            digits[--i] = (byte) ('0' + (int) (m % 10));
            m /= 10;
        } while (m != 0);
        int k = digits.length - i;
        int n = k - p; // value = 0.digits * 10^n
        if (negative) {
            out.write('-');
        }
        if (n > 0) {
            out.write(digits, i, n);
            out.write('.');
            out.write(digits, i + n, k - n);
        } else {
            out.write('0');
            out.write('.');
            for (int z = n; z < 0; z++) {
                out.write('0');
            }
            out.write(digits, i, k);
        }
    }

    /** The text Schubfach's path gives, bypassing the short-decimal path: for tests. */
    static String viaSchubfach(double d) {
        CapturingSink s = new CapturingSink();
        writeJavaForm(s.sink, DoubleToDecimal.toString(d));
        return s.text();
    }

    /** The ECMAScript text of a double, for tests and documentation tools. */
    static String toEcmaString(double d) {
        CapturingSink s = new CapturingSink();
        writeDouble(s.sink, d);
        return s.text();
    }

    private static void writeExactLong(CanonicalSink out, long v) {
        if (v < 0) {
            out.write('-');
            v = -v;
        }
        byte[] digits = out.digits;
        int i = digits.length;
        do {
            digits[--i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        out.write(digits, i, digits.length - i);
    }

    /**
     * Lays out Java's {@code [-]d.ddd[E[-]n]} text (or plain {@code ddd.ddd}) as ECMAScript does:
     * plain for 1e-7 <= |x| < 1e21, else {@code d.ddde+n} / {@code d.ddde-n}.
     */
    static void writeJavaForm(CanonicalSink out, String s) {
        int start = 0;
        if (s.charAt(0) == '-') {
            out.write('-');
            start = 1;
        }
        int ePos = s.indexOf('E');
        int mantissaEnd = ePos < 0 ? s.length() : ePos;
        int exp = 0;
        if (ePos >= 0) {
            int j = ePos + 1;
            boolean negative = s.charAt(j) == '-';
            if (negative) {
                j++;
            }
            for (; j < s.length(); j++) {
                exp = exp * 10 + (s.charAt(j) - '0');
            }
            if (negative) {
                exp = -exp;
            }
        }
        int dot = s.indexOf('.', start);
        if (dot < 0 || dot > mantissaEnd) {
            dot = mantissaEnd;
        }
        // The digit sequence D is the mantissa without its point; D[j] for j in [0, total).
        int intDigits = dot - start;
        int total = intDigits + Math.max(0, mantissaEnd - dot - 1);
        int first = 0;
        while (first < total && digitAt(s, start, dot, first) == '0') {
            first++;
        }
        int last = total - 1;
        while (last > first && digitAt(s, start, dot, last) == '0') {
            last--;
        }
        int k = last - first + 1;
        int n = intDigits + exp - first; // value = 0.D[first..last] * 10^n
        if (k <= n && n <= 21) {
            for (int j = first; j <= last; j++) {
                out.write(digitAt(s, start, dot, j));
            }
            for (int z = k; z < n; z++) {
                out.write('0');
            }
        } else if (0 < n && n <= 21) {
            for (int j = 0; j < k; j++) {
                if (j == n) {
                    out.write('.');
                }
                out.write(digitAt(s, start, dot, first + j));
            }
        } else if (-6 < n && n <= 0) {
            out.write('0');
            out.write('.');
            for (int z = n; z < 0; z++) {
                out.write('0');
            }
            for (int j = first; j <= last; j++) {
                out.write(digitAt(s, start, dot, j));
            }
        } else {
            out.write(digitAt(s, start, dot, first));
            if (k > 1) {
                out.write('.');
                for (int j = first + 1; j <= last; j++) {
                    out.write(digitAt(s, start, dot, j));
                }
            }
            out.write('e');
            int e = n - 1;
            out.write(e < 0 ? '-' : '+');
            writeExactLong(out, Math.abs(e));
        }
    }

    private static char digitAt(String s, int start, int dot, int j) {
        int index = start + j;
        return s.charAt(index < dot ? index : index + 1);
    }

    /**
     * Java's shortest form allows two digits where one would do, if the two are closer to the value;
     * ECMAScript takes the fewest digits first. That only happens where doubles are sparser than two
     * significant digits: among subnormals.
     */
    private static String preferOneDigit(String java, double d) {
        String mantissa = java.substring(java.charAt(0) == '-' ? 1 : 0, java.indexOf('E') < 0 ? java.length() : java.indexOf('E'));
        String digits = mantissa.replace(".", "").replaceFirst("^0+", "").replaceFirst("0+$", "");
        if (digits.length() != 2) {
            return java;
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal twoDigit = new BigDecimal(java);
        int scale = twoDigit.precision() - twoDigit.scale() - 1; // exponent of the leading digit
        BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(scale);
        BigDecimal lower = twoDigit.abs().divideToIntegralValue(unit).multiply(unit);
        BigDecimal upper = lower.add(unit);
        if (d < 0) {
            lower = lower.negate();
            upper = upper.negate();
        }
        boolean lowerOk = lower.signum() != 0 && lower.doubleValue() == d;
        boolean upperOk = upper.doubleValue() == d;
        BigDecimal best;
        if (lowerOk && upperOk) {
            int cmp = lower.subtract(exact).abs().compareTo(upper.subtract(exact).abs());
            if (cmp == 0) {
                best = lower.unscaledValue().testBit(0) ? upper : lower;
            } else {
                best = cmp < 0 ? lower : upper;
            }
        } else if (lowerOk) {
            best = lower;
        } else if (upperOk) {
            best = upper;
        } else {
            return java;
        }
        return best.stripTrailingZeros().toString().replace("E+", "E");
    }
}
