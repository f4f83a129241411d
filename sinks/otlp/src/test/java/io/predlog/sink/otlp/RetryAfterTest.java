package io.predlog.sink.otlp;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-10-21T07:28:00Z");

    @Test
    void wholeSecondsAreAWaitFromNow() {
        assertEquals(Duration.ofSeconds(120), RetryAfter.parse("120", NOW));
        assertEquals(Duration.ZERO, RetryAfter.parse(" 0 ", NOW));
    }

    @Test
    void anHttpDateIsTheWaitUntilThen() {
        assertEquals(Duration.ofSeconds(30), RetryAfter.parse("Wed, 21 Oct 2026 07:28:30 GMT", NOW));
        assertEquals(Duration.ZERO, RetryAfter.parse("Wed, 21 Oct 2026 07:27:00 GMT", NOW), "a date passed");
    }

    @Test
    void aWaitLongerThanTenMinutesIsCutToTen() {
        assertEquals(RetryAfter.LONGEST, RetryAfter.parse("86400", NOW));
        assertEquals(RetryAfter.LONGEST, RetryAfter.parse("99999999999999999999", NOW));
        assertEquals(RetryAfter.LONGEST, RetryAfter.parse("Thu, 22 Oct 2026 07:28:00 GMT", NOW));
    }

    @Test
    void anythingElseIsNoRetryAfter() {
        assertNull(RetryAfter.parse(null, NOW));
        assertNull(RetryAfter.parse("", NOW));
        assertNull(RetryAfter.parse("-5", NOW));
        assertNull(RetryAfter.parse("1.5", NOW));
        assertNull(RetryAfter.parse("soon", NOW));
    }
}
