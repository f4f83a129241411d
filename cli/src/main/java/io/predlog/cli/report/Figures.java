package io.predlog.cli.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the report writes numbers, rates and times in its evidence lines. */
final class Figures {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Figures() {
    }

    /** A fraction as a percentage: {@code 9.8 %}, {@code 0 %}, {@code 0.05 %}. */
    static String percent(double fraction) {
        if (Double.isNaN(fraction)) {
            return "-";
        }
        double p = fraction * 100;
        if (p == 0) {
            return "0 %";
        }
        return (p >= 10 ? String.format(Locale.ROOT, "%.0f", p) : p >= 0.1 ? String.format(Locale.ROOT, "%.1f", p)
                : String.format(Locale.ROOT, "%.2g", p)) + " %";
    }

    /** A count (weighted counts rounded). */
    static String count(double n) {
        return String.format(Locale.ROOT, "%,d", Math.round(n));
    }

    /** A measured value with four significant digits. */
    static String number(double d) {
        if (Double.isNaN(d)) {
            return "-";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = String.format(Locale.ROOT, "%.4g", d);
        return s.contains("e") ? s : new java.math.BigDecimal(s).stripTrailingZeros().toPlainString();
    }

    /** A p-value: {@code p=0.0012}, {@code p<1e-15} where the double cannot hold it. */
    static String p(double p) {
        return p < 1e-15 ? "p<1e-15" : "p=" + String.format(Locale.ROOT, "%.2g", p);
    }

    /** A time for people: {@code 2026-11-27 02:48:00Z}. */
    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    /** A time for a {@code --since} option: {@code 2026-11-27T02:48:00Z}. */
    static String iso(Instant t) {
        return ISO.format(t);
    }

    /** A SQL TIMESTAMP literal of {@code t} in UTC, to the millisecond: {@code TIMESTAMP '2026-11-27 02:48:00.000'}. */
    static String timestamp(Instant t) {
        return "TIMESTAMP '" + LITERAL.format(t) + "'";
    }

    /** {@code text} inside a SQL string literal. */
    static String sql(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * {@code text} as one argument of a shell command line, quoted when it needs to be: in double quotes when
     * nothing in it is special there (SQL's {@code "timestamp"} is written {@code timestamp}, which DuckDB reads
     * the same), else in single quotes.
     */
    static String shell(String text) {
        if (text.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return text;
        }
        String sql = text.replace("\"timestamp\"", "timestamp");
        if (!sql.matches("(?s).*[\"$`\\\\!].*")) {
            return "\"" + sql + "\"";
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
