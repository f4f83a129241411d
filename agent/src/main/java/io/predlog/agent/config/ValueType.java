package io.predlog.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The type of a key's value: how its text is parsed and how the reference describes it. */
public enum ValueType {
    BOOLEAN("`true` or `false`"),
    TEXT("text"),
    WHOLE_NUMBER("whole number (`_` separators allowed)"),
    BYTES("byte count: a whole number, optionally followed by `B`, `KiB`, `MiB` or `GiB`"),
    DECIMAL("decimal number (`0.05`, `100`)"),
    PATH("file system path; relative paths are relative to the working directory"),
    NAME_LIST("comma list of names"),
    PATH_LIST("list of paths separated by the platform's path separator (`:`; `;` on Windows), as in a class path;"
            + " relative paths are relative to the working directory"),
    FRACTION("decimal number from `0` to `1` (`0.1`, `1e-3`)");

    private final String description;

    ValueType(String description) {
        this.description = description;
    }

    /** How the configuration reference describes values of this type (Markdown). */
    public String description() {
        return description;
    }

    /** Case-insensitive {@code true} or {@code false}; anything else is an error. */
    static boolean parseBoolean(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("expected true or false, got '" + value + "'");
    }

    /** A whole number in [min, max]; {@code _} separators allowed ({@code 100_000}). */
    static long parseWholeNumber(String value, long min, long max) {
        String v = value.trim().replace("_", "");
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number from " + min + " to " + max
                    + ", got '" + value + "'");
        }
        return inRange(value, n, min, max);
    }

    /** A byte count in [min, max]: digits, optionally followed by B, KiB, MiB or GiB (case-insensitive). */
    static long parseBytes(String value, long min, long max) {
        String v = value.trim().replace("_", "");
        int split = 0;
        while (split < v.length() && Character.isDigit(v.charAt(split))) {
            split++;
        }
        String digits = v.substring(0, split);
        String unit = v.substring(split).trim().toLowerCase(Locale.ROOT);
        long factor;
        switch (unit) {
            case "", "b" -> factor = 1;
            case "kib" -> factor = 1L << 10;
            case "mib" -> factor = 1L << 20;
            case "gib" -> factor = 1L << 30;
            case "kb", "mb", "gb", "k", "m", "g" -> throw new IllegalArgumentException("unit '" + v.substring(split).trim()
                    + "' is ambiguous; write KiB, MiB or GiB (powers of 1024), got '" + value + "'");
            default -> throw new IllegalArgumentException("expected a byte count such as 16777216 or 16MiB (units B, KiB,"
                    + " MiB, GiB), got '" + value + "'");
        }
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("expected a byte count such as 16777216 or 16MiB, got '" + value + "'");
        }
        long n;
        try {
            n = Math.multiplyExact(Long.parseLong(digits), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("byte count '" + value + "' is too large (at most " + max + ")");
        }
        return inRange(value, n, min, max);
    }

    /** A finite decimal number in [0, 1], as {@link Double#parseDouble} reads it ({@code 0.1}, {@code 1e-3}). */
    static double parseFraction(String value) {
        double d = parseFinite(value);
        if (!(d >= 0.0 && d <= 1.0)) {
            throw new IllegalArgumentException("expected a number from 0 to 1 (such as 0.1), got '" + value + "'");
        }
        return d;
    }

    /** A finite decimal number greater than {@code min} and at most {@code max}; {@code _} separators allowed. */
    static double parseDecimal(String value, long min, long max) {
        double d = parseFinite(value);
        if (Double.isNaN(d)) {
            throw new IllegalArgumentException("expected a decimal number such as 0.5 or 100, got '" + value + "'");
        }
        if (d <= min || d > max) {
            throw new IllegalArgumentException("expected a value greater than " + min + " and at most " + max
                    + ", got '" + value + "'");
        }
        return d;
    }

    /** {@link Double#parseDouble} without Java's type suffixes, {@code _} separators allowed; NaN unless finite. */
    private static double parseFinite(String value) {
        String v = value.trim().replace("_", "");
        if (v.endsWith("d") || v.endsWith("D") || v.endsWith("f") || v.endsWith("F")) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isInfinite(d) ? Double.NaN : d;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Comma-separated names, trimmed, empty pieces dropped. */
    /** The pieces of a {@link #PATH_LIST}, split at the platform's path separator, trimmed, empty pieces dropped. */
    static List<String> parsePathList(String value) {
        List<String> paths = new ArrayList<>();
        for (String piece : value.split(java.util.regex.Pattern.quote(java.io.File.pathSeparator))) {
            String path = piece.trim();
            if (!path.isEmpty()) {
                paths.add(path);
            }
        }
        return paths;
    }

    static List<String> parseList(String value) {
        List<String> names = new ArrayList<>();
        for (String piece : value.split(",")) {
            String name = piece.trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static long inRange(String value, long n, long min, long max) {
        if (n < min || n > max) {
            throw new IllegalArgumentException("expected a value from " + min + " to " + max + ", got '" + value + "'");
        }
        return n;
    }
}
