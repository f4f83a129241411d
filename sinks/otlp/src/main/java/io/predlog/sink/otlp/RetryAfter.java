package io.predlog.sink.otlp;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A response's {@code Retry-After} header: whole seconds ({@code 120}) or an HTTP date
 * ({@code Wed, 21 Oct 2026 07:28:00 GMT}), as a wait from now, at most {@link #LONGEST}.
 */
final class RetryAfter {

    /** The longest wait a server can ask for; a longer one (or a date far ahead) is cut to this. */
    static final Duration LONGEST = Duration.ofMinutes(10);

    private RetryAfter() {
    }

    /** The wait the header asks for, or null when there is none or it is neither form. */
    static Duration parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        Duration wait;
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            wait = value.length() > 9 ? LONGEST : Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                wait = Duration.between(now, at);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}
