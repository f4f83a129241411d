package io.predlog.sink.otlp;

import io.predlog.agent.sink.LostEventsException;
import io.predlog.agent.sink.spool.Spool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backlog's order: memory while the spool is empty, the spool's tail once it is not, the oldest taken first. */
class BacklogTest {

    private static final long NO_LINGER = 0; // what waits is due at once

    @TempDir
    Path dir;

    private static PendingEvent event(int n) {
        return new PendingEvent(n, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> lines(Backlog.Batch batch) {
        return batch.events().stream().map(e -> new String(e.line(), StandardCharsets.UTF_8)).toList();
    }

    private static List<String> lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(n -> "{\"n\":" + n + "}").toList();
    }

    private static void add(Backlog backlog, int from, int to) {
        for (int n = from; n < to; n++) {
            backlog.add(event(n), 100);
        }
    }

    @Test
    void aFailedBatchGoesToTheSpoolWithEverythingBehindItAndLaterEventsJoinTheTail() throws IOException {
        Spool spool = Spool.open(dir, 1 << 20);
        Backlog backlog = new Backlog(100, spool, new Losses());
        add(backlog, 0, 3);
        Backlog.Batch first = backlog.next(2, NO_LINGER, false);
        assertEquals(Backlog.Source.MEMORY, first.source());
        assertEquals(lines(0, 2), lines(first));

        backlog.failed(first);
        assertTrue(backlog.spooling());
        add(backlog, 3, 5);                       // the spool holds events: these join its tail
        Backlog.Batch again = backlog.next(10, NO_LINGER, false);
        assertEquals(Backlog.Source.SPOOL, again.source());
        assertEquals(lines(0, 5), lines(again), "the failed batch first, then what followed, in order");
        assertEquals(0, again.events().get(0).observedUnixNano(), "the observed time is kept");

        backlog.settled(again);
        assertFalse(backlog.spooling());
        add(backlog, 5, 6);
        assertEquals(Backlog.Source.MEMORY, backlog.next(10, NO_LINGER, true).source(), "an empty spool: memory again");
        backlog.close();
    }

    @Test
    void aBatchDeliveredAfterItMovedToTheSpoolIsSentAgainNotLost() throws IOException {
        Spool spool = Spool.open(dir, 1 << 20);
        Backlog backlog = new Backlog(3, spool, new Losses());
        add(backlog, 0, 2);
        Backlog.Batch inFlight = backlog.next(2, NO_LINGER, false);
        add(backlog, 2, 4);                       // past the bound of 3: everything moves to the spool

        backlog.settled(inFlight);                // delivered meanwhile: the spool still holds its events
        assertEquals(lines(0, 4), lines(backlog.next(10, NO_LINGER, false)), "sent again (at least once), in order");
        backlog.close();
    }

    @Test
    void nothingIsDueBeforeTheLingerEndsOrABatchIsFull() throws IOException {
        Backlog backlog = new Backlog(100, null, new Losses());
        assertTrue(backlog.add(event(0), 3), "the first event: the sender should look");
        assertFalse(backlog.add(event(1), 3));
        assertNull(backlog.next(3, Long.MAX_VALUE, false));
        assertTrue(backlog.add(event(2), 3), "a full batch");
        assertEquals(lines(0, 3), lines(backlog.next(3, Long.MAX_VALUE, false)));
    }

    @Test
    void withoutASpoolNewerEventsPastTheBoundAndWhatWaitsAtCloseAreLost() throws IOException {
        Losses losses = new Losses();
        Backlog backlog = new Backlog(2, null, losses);
        add(backlog, 0, 5);
        assertEquals(3, losses.total());
        Backlog.Batch batch = backlog.next(10, NO_LINGER, false);
        assertEquals(lines(0, 2), lines(batch), "the oldest are kept");
        backlog.failed(batch);
        assertEquals(lines(0, 2), lines(backlog.next(10, NO_LINGER, false)), "and stay the oldest");

        backlog.close();
        backlog.add(event(9), 10);
        LostEventsException lost = assertThrows(LostEventsException.class, losses::report);
        assertEquals(3 + 2 + 1, lost.lostEvents());
        assertTrue(lost.getMessage().contains("no_spool=5") && lost.getMessage().contains("closed=1"),
                lost.getMessage());
    }

    @Test
    void aFullSpoolCountsWhatItCannotTake() throws IOException {
        Losses losses = new Losses();
        Backlog backlog = new Backlog(1, Spool.open(dir, 64 << 10), losses);
        byte[] big = new byte[20_000];
        Arrays.fill(big, (byte) 'x');
        for (int i = 0; i < 5; i++) {
            backlog.add(new PendingEvent(i, big), 100);
        }
        assertEquals(2, losses.total(), "three records of 20 kB fit in 64 KiB");
        backlog.close();
    }
}
