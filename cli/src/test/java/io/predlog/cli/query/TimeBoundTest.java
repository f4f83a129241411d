package io.predlog.cli.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimeBoundTest {

    static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");

    @Test
    void durationsCountBackFromNow() {
        assertEquals(Instant.parse("2026-11-27T01:30:00Z"), TimeBound.parse("90m", NOW));
        assertEquals(Instant.parse("2026-11-27T01:00:00Z"), TimeBound.parse("2h", NOW));
        assertEquals(Instant.parse("2026-11-20T03:00:00Z"), TimeBound.parse("7d", NOW));
        assertEquals(Instant.parse("2026-11-27T02:59:30Z"), TimeBound.parse("30s", NOW));
        assertEquals(Instant.parse("2026-11-27T01:30:00Z"), TimeBound.parse("PT90M", NOW));
    }

    @Test
    void isoTimesWithOrWithoutOffsetAndDatesAreUtcInstants() {
        assertEquals(Instant.parse("2026-11-27T02:48:00.123Z"), TimeBound.parse("2026-11-27T02:48:00.123Z", NOW));
        assertEquals(Instant.parse("2026-11-27T02:48:00Z"), TimeBound.parse("2026-11-27T04:48:00+02:00", NOW));
        assertEquals(Instant.parse("2026-11-27T02:48:00Z"), TimeBound.parse("2026-11-27T02:48", NOW));
        assertEquals(Instant.parse("2026-11-27T00:00:00Z"), TimeBound.parse("2026-11-27", NOW));
    }

    @Test
    void anythingElseIsRejectedWithTheFormsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeBound.parse("yesterday", NOW));
        assertEquals("'yesterday' is neither an ISO-8601 time (2026-11-27T02:48:00Z) nor a duration back from now "
                + "(90m, 2h, 7d)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeBound.parse("2026-13-40", NOW));
    }

    @Test
    void withoutPathsTheDefaultDirectoryIsRead() {
        InputFiles none = InputFiles.of(List.of());
        assertTrue(none.files().isEmpty());
        assertEquals("no such file or directory", none.unreadable().get(InputFiles.DEFAULT_DIR));
    }
}
