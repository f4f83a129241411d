package io.predlog.agent.capture;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;

/**
 * The reference that {@link ShortestDecimal} is checked against: Jackson's Schubfach ({@link DoubleToDecimal},
 * JDK 19's {@code Double.toString} rule: shortest, closest, at least two digits), re-read and laid out the
 * ECMAScript way, with the one-digit form ECMAScript prefers where Java's rule gives two. This was the
 * production path before {@link ShortestDecimal}; it allocates and is slow, which is fine in tests.
 */
final class JacksonReference {

    private JacksonReference() {
    }

    /** ECMAScript {@code Number::toString} of a finite, non-zero double. */
    static String ecma(double d) {
        String java = DoubleToDecimal.toString(d);
        if (Math.abs(d) < Double.MIN_NORMAL) {
            java = preferOneDigit(java, d);
        }
        return layout(java);
    }

    /** Lays out Java's {@code [-]d.ddd[E[-]n]} text the ECMAScript way. */
    static String layout(String s) {
        StringBuilder out = new StringBuilder(32);
        int start = 0;
        if (s.charAt(0) == '-') {
            out.append('-');
            start = 1;
        }
        int ePos = s.indexOf('E');
        int mantissaEnd = ePos < 0 ? s.length() : ePos;
        int exp = ePos < 0 ? 0 : Integer.parseInt(s.substring(ePos + 1));
        String mantissa = s.substring(start, mantissaEnd);
        int dot = mantissa.indexOf('.');
        int intDigits = dot < 0 ? mantissa.length() : dot;
        String all = mantissa.replace(".", "");
        int first = 0;
        while (first < all.length() && all.charAt(first) == '0') {
            first++;
        }
        int last = all.length() - 1;
        while (last > first && all.charAt(last) == '0') {
            last--;
        }
        String digits = all.substring(first, last + 1);
        int k = digits.length();
        int n = intDigits + exp - first; // value = 0.digits * 10^n
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            int e = n - 1;
            out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return out.toString();
    }

    /**
     * Java's shortest form allows two digits where one would do, if the two are closer to the value;
     * ECMAScript takes the fewest digits first. That only happens among subnormals.
     */
    private static String preferOneDigit(String java, double d) {
        String mantissa = java.substring(java.charAt(0) == '-' ? 1 : 0, java.indexOf('E') < 0 ? java.length() : java.indexOf('E'));
        String digits = mantissa.replace(".", "").replaceFirst("^0+", "").replaceFirst("0+$", "");
        if (digits.length() != 2) {
            return java;
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal twoDigit = new BigDecimal(java);
        int scale = twoDigit.precision() - twoDigit.scale() - 1;
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
