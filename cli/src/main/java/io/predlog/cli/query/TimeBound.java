package io.predlog.cli.query;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the value of {@code --since} and {@code --until}: an ISO-8601 time ({@code 2026-11-27T02:48:00Z},
 * {@code 2026-11-27T04:48+02:00}; without an offset, UTC; a date alone is its midnight UTC) or a duration back
 * from now ({@code 30s}, {@code 90m}, {@code 2h}, {@code 7d}, or ISO {@code PT90M}).
 */
public final class TimeBound {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

    private TimeBound() {
    }

    /**
     * The instant {@code text} names, durations counted back from {@code now}.
     *
     * @throws IllegalArgumentException naming the text and the forms accepted
     */
    public static Instant parse(String text, Instant now) {
        String t = text.trim();
        Matcher m = SHORT_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return now.minus(Duration.parse(t));
            }
            if (t.endsWith("Z") || t.endsWith("z")) {
                return Instant.parse(t.toUpperCase(java.util.Locale.ROOT));
            }
            if (t.matches(".*[+-]\\d\\d:?\\d\\d$") && t.contains("T")) {
                return OffsetDateTime.parse(t).toInstant();
            }
            if (t.contains("T") || t.contains(" ")) {
                return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            }
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an ISO-8601 time (2026-11-27T02:48:00Z) "
                    + "nor a duration back from now (90m, 2h, 7d)");
        }
    }
}
