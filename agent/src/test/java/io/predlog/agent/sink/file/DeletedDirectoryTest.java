package io.predlog.agent.sink.file;

import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.SampleEvents;
import io.predlog.agent.pipeline.EventPipeline;
import io.predlog.agent.sink.Batches;
import io.predlog.agent.sink.LostEventsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The directory removed under a running sink (a clean-up job's {@code rm -rf}): the sink notices within a second,
 * writes on into a new file in a recreated directory, and reports the events that went into the deleted file as
 * lost rather than written.
 */
class DeletedDirectoryTest {

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T02:48:00Z"));

    private RollingFileSink sink(Path dir, long maxFileBytes) {
        return new RollingFileSink(FileSinkSettings.defaults(dir).withMaxFileBytes(maxFileBytes), "svc", 7, clock,
                Disk.REAL);
    }

    private static void removeTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void theNextFlushAfterASecondStartsANewFileAndReportsWhatWentIntoTheDeletedOne() throws IOException {
        Path dir = tmp.resolve("logs");
        RollingFileSink sink = sink(dir, 1 << 20);
        sink.write(Batches.numbered(0, 3));
        sink.flush();
        clock.advance(Duration.ofSeconds(1));
        sink.flush(); // checked: in place, so those 3 are safely written
        Path first = sink.currentFile();

        sink.write(Batches.numbered(3, 2));
        sink.flush(); // written into the file, not checked yet (within the second)
        removeTree(dir);
        sink.write(Batches.numbered(5, 4)); // buffered: not yet in any file
        clock.advance(Duration.ofSeconds(1));

        LostEventsException lost = assertThrows(LostEventsException.class, sink::flush);
        assertEquals(2, lost.lostEvents(), "the two written after the last check that found the file");
        assertTrue(lost.getMessage().contains(first.toString()) && lost.getMessage().contains(dir.toString()),
                lost.getMessage());
        Path second = sink.currentFile();
        assertNotEquals(first, second);
        assertTrue(Files.isRegularFile(second), "a new file in a recreated directory");
        assertEquals(SinkFiles.ids(5, 4), SinkFiles.requestIds(dir), "what was buffered went into the new file");

        clock.advance(Duration.ofSeconds(1));
        assertDoesNotThrow(sink::flush, "reported once");
        sink.write(Batches.numbered(9, 1));
        sink.close();
        assertEquals(SinkFiles.ids(5, 5), SinkFiles.requestIds(dir));
    }

    @Test
    void aBufferThatFillsOnceTheCheckIsDueGoesIntoTheNewFileNotTheDeletedOne() throws IOException {
        Path dir = tmp.resolve("logs");
        RollingFileSink sink = sink(dir, 1 << 30);
        sink.write(Batches.numbered(0, 3));
        sink.flush(); // checked and written
        removeTree(dir);
        clock.advance(Duration.ofSeconds(1));
        int lineBytes = Batches.numbered(0, 1).byteLength();
        int many = 3 * RollingFileSink.BUFFER_BYTES / lineBytes; // fills the buffer, which is written before a flush
        for (int i = 0; i < many; i += 100) {
            sink.write(Batches.numbered(3 + i, Math.min(100, many - i)));
        }

        LostEventsException lost = assertThrows(LostEventsException.class, sink::flush);
        assertEquals(3, lost.lostEvents(), "only the three written before the deletion");
        assertEquals(SinkFiles.ids(3, many), SinkFiles.requestIds(dir), "every later event is in the new file");
        sink.close();
    }

    @Test
    void aRotationDueAfterTheDeletionStartsTheNewFileWithoutLosingTheBuffer() throws IOException {
        Path dir = tmp.resolve("logs");
        int lineBytes = Batches.numbered(0, 1).byteLength();
        RollingFileSink sink = sink(dir, lineBytes * 4L + lineBytes / 2); // room for 4 lines per file
        sink.write(Batches.numbered(0, 1));
        sink.flush();
        removeTree(dir);
        sink.write(Batches.numbered(1, 6)); // the size rotation checks first: the file is gone

        LostEventsException lost = assertThrows(LostEventsException.class, sink::close);
        assertEquals(1, lost.lostEvents(), "the one line written before the deletion, unverified");
        assertEquals(SinkFiles.ids(1, 6), SinkFiles.requestIds(dir));
    }

    @Test
    void aFileDeletedRightBeforeCloseIsReportedByClose() throws IOException {
        Path dir = tmp.resolve("logs");
        RollingFileSink sink = sink(dir, 1 << 20);
        sink.write(Batches.numbered(0, 3));
        sink.flush();
        removeTree(dir);
        sink.write(Batches.numbered(3, 2));

        LostEventsException lost = assertThrows(LostEventsException.class, sink::close);
        assertEquals(3, lost.lostEvents());
        assertEquals(SinkFiles.ids(3, 2), SinkFiles.requestIds(dir), "the buffer is written into a new file");
    }

    @Test
    void aSinkWhoseFileStaysInPlaceNeverReportsALoss() throws IOException {
        Path dir = tmp.resolve("logs");
        RollingFileSink sink = sink(dir, 1 << 20);
        for (int i = 0; i < 5; i++) {
            sink.write(Batches.numbered(i * 10L, 10));
            clock.advance(Duration.ofMillis(700));
            sink.flush();
        }
        sink.close();
        assertEquals(SinkFiles.ids(0, 50), SinkFiles.requestIds(dir));
    }

    @Test
    void thePipelineCountsTheLostEventsAsTheSinksDropsNotAsWritten() throws Exception {
        Path dir = tmp.resolve("logs");
        RollingFileSink sink = new RollingFileSink(FileSinkSettings.defaults(dir), "svc", 7, Clock.systemUTC(),
                Disk.REAL);
        EventPipeline pipeline = new EventPipeline(1 << 10, new EventJsonEncoder(SampleEvents.PROCESS), List.of(sink));
        pipeline.start();
        offerAndSettle(pipeline, 0, 50);
        Thread.sleep(RollingFileSink.CHECK_INTERVAL_MILLIS + 100);
        offerAndSettle(pipeline, 50, 50); // flushed after a check found the first 50 in place
        removeTree(dir);
        Thread.sleep(RollingFileSink.CHECK_INTERVAL_MILLIS + 100);
        offerAndSettle(pipeline, 100, 50); // the flush checks, finds the file gone, starts a new one
        pipeline.shutdown(10_000);

        assertEquals(50, pipeline.drops().sinkError("file"),
                "the 50 written into the file after the check that last found it: " + pipeline.drops());
        assertEquals(100, pipeline.written(), "the first 50 (deleted by the clean-up, not lost) and the last 50");
        assertEquals(SinkFiles.ids(100, 50), SinkFiles.requestIds(dir), "events after the deletion: the new file");
        assertEquals(1, pipeline.sinkFailures().get("file"), "reported once");
    }

    private static void offerAndSettle(EventPipeline pipeline, long first, int count) throws InterruptedException {
        for (long n = first; n < first + count; n++) {
            assertTrue(pipeline.offer(SampleEvents.numbered(n)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pipeline.queued() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(250); // past the idle flush
    }
}
