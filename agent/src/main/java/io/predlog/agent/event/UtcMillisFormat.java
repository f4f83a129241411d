package io.predlog.agent.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Formats epoch milliseconds as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (UTC, always three fraction digits) into a
 * reusable {@code char[]}. The date part is computed once per day and cached; the time of day is plain
 * arithmetic, so formatting allocates nothing. Not thread-safe: one per encoder.
 */
public final class UtcMillisFormat {

    static final int LENGTH = 24;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final DateTimeFormatter WIDE_YEARS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final char[] chars = new char[LENGTH];
    private long cachedDay = Long.MIN_VALUE;

    /**
     * Formats {@code epochMillis} and returns the number of valid characters in {@link #chars()} (24, unless
     * the year lies outside 0000-9999; then the text is in {@code overflowText} and -1 is returned).
     */
    int format(long epochMillis) {
        long day = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        if (day != cachedDay) {
            LocalDate date = LocalDate.ofEpochDay(day);
            int year = date.getYear();
            if (year < 0 || year > 9999) {
                return -1;
            }
            digits(year, 0, 4);
            chars[4] = '-';
            digits(date.getMonthValue(), 5, 2);
            chars[7] = '-';
            digits(date.getDayOfMonth(), 8, 2);
            chars[10] = 'T';
            chars[13] = ':';
            chars[16] = ':';
            chars[19] = '.';
            chars[23] = 'Z';
            cachedDay = day;
        }
        int ofDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
        digits(ofDay / 3_600_000, 11, 2);
        digits(ofDay / 60_000 % 60, 14, 2);
        digits(ofDay / 1000 % 60, 17, 2);
        digits(ofDay % 1000, 20, 3);
        return LENGTH;
    }

    char[] chars() {
        return chars;
    }

    /**
     * {@code epochMillis} as the {@code timestamp} field writes it, for any year; allocates. The encoder's slow
     * path for years outside 0000-9999, and the text of times that events carry as fields (window bounds).
     */
    public static String text(long epochMillis) {
        return WIDE_YEARS.format(Instant.ofEpochMilli(epochMillis));
    }

    private void digits(int value, int at, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            chars[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
