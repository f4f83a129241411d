package io.predlog.agent.stats;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** ISO-8601 UTC text with milliseconds, as the {@code timestamp} field writes it ({@code 2026-11-27T02:48:00.000Z}). */
final class UtcText {

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private UtcText() {
    }

    static String millis(long epochMillis) {
        return MILLIS.format(java.time.Instant.ofEpochMilli(epochMillis));
    }
}
