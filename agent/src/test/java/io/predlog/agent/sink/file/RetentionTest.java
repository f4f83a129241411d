package io.predlog.agent.sink.file;

import io.predlog.agent.sink.Sink;
import java.util.Optional;

import io.predlog.agent.sink.Batches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expiry by age and by total size, archiving, and the files it must never touch. */
class RetentionTest {

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.now());

    private RollingFileSink sink(FileSinkSettings settings, long pid) {
        return new RollingFileSink(settings, "svc", pid, clock, Disk.REAL);
    }

    /** Writes {@code files} closed, compressed files of 10 events each, an hour apart; returns them oldest first. */
    private List<Path> closedFiles(RollingFileSink sink, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            sink.write(Batches.numbered(i * 10L, 10));
            clock.advance(Duration.ofHours(1));
            sink.flush();
        }
        sink.maintenance().runPending();
        List<Path> gz = SinkFiles.named(tmp.resolve("logs"), ".jsonl.gz").stream()
                .filter(p -> p.getFileName().toString().startsWith("predlog-svc-")).toList();
        assertEquals(files, gz.size());
        return gz;
    }

    @Test
    void filesOlderThanTheRetentionAreDeletedAndForeignFilesAreNeverTouched() throws IOException {
        Path dir = tmp.resolve("logs");
        Files.createDirectories(dir.resolve("2020/01/01/00"));
        List<Path> foreign = List.of(
                Files.writeString(dir.resolve("notes.txt"), "mine"),
                Files.writeString(dir.resolve("other.jsonl"), "{}\n"),
                Files.writeString(dir.resolve("2020/01/01/00/predlog-not-ours.jsonl"), "{}\n"),
                Files.writeString(dir.resolve("2020/01/01/00/app-20200101-000000-1-0000.jsonl.gz"), "x"));
        for (Path f : foreign) {
            Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        }
        RollingFileSink sink = sink(FileSinkSettings.defaults(dir).withRetention(Duration.ofDays(7)), 1);
        List<Path> closed = closedFiles(sink, 3);

        clock.advance(Duration.ofDays(8));
        sink.maintenance().runPending();

        for (Path f : closed) {
            assertFalse(Files.exists(f), f + " expired");
        }
        for (Path f : foreign) {
            assertTrue(Files.exists(f), f + " is not predlog's and stays");
        }
        assertTrue(Files.exists(sink.currentFile()), "the file being written is never expired");
        sink.close();
    }

    @Test
    void theDiskUsageCountsWhatWasWrittenSinceTheLastSweep() throws IOException {
        Path dir = tmp.resolve("logs");
        RollingFileSink sink = sink(FileSinkSettings.defaults(dir).withRetention(Duration.ZERO), 1);
        sink.maintenance().runPending(); // the sweep at start: the sink's new file, still empty
        assertEquals(Optional.of(new Sink.DiskUsage(1, 0)), sink.diskUsage());

        sink.write(Batches.numbered(0, 10));
        sink.flush();
        long written = Files.size(sink.currentFile());
        assertTrue(written > 0);
        assertEquals(Optional.of(new Sink.DiskUsage(1, written)), sink.diskUsage(),
                "the final agent_health of a short run reports the events it wrote, not the start's empty sweep");
        sink.close();
    }

    @Test
    void whenTheTotalSizeIsExceededTheOldestFilesGoFirst() throws IOException {
        Path dir = tmp.resolve("logs");
        RollingFileSink sink = sink(FileSinkSettings.defaults(dir).withRetention(Duration.ZERO), 1);
        List<Path> closed = closedFiles(sink, 5);
        long oldest = 0;
        for (int i = 0; i < closed.size(); i++) {
            Files.setLastModifiedTime(closed.get(i), FileTime.from(Instant.now().minusSeconds(100 - i)));
        }
        long total = 0;
        for (Path f : SinkFiles.all(dir)) {
            total += Files.size(f);
        }
        oldest = Files.size(closed.get(0)) + Files.size(closed.get(1));
        sink.close();

        RollingFileSink limited = sink(FileSinkSettings.defaults(dir).withRetention(Duration.ZERO)
                .withMaxTotalBytes(total - oldest + 1), 2);
        limited.maintenance().runPending();

        assertFalse(Files.exists(closed.get(0)));
        assertFalse(Files.exists(closed.get(1)));
        for (Path f : closed.subList(2, 5)) {
            assertTrue(Files.exists(f), f + " is among the newest and stays");
        }
        long kept = 0;
        List<Path> remaining = SinkFiles.all(dir);
        for (Path f : remaining) {
            kept += Files.size(f);
        }
        assertEquals(Optional.of(new Sink.DiskUsage(remaining.size(), kept)), limited.diskUsage(),
                "agent_health's disk figures are what the sweep left");
        limited.close();
    }

    @Test
    void expiredFilesAreMovedToTheArchiveKeepingTheirPlaceInTheLayout() throws IOException {
        Path dir = tmp.resolve("logs");
        Path archive = tmp.resolve("archive");
        RollingFileSink sink = sink(FileSinkSettings.defaults(dir).withArchiveDir(archive), 1);
        List<Path> closed = closedFiles(sink, 2);
        clock.advance(Duration.ofDays(8));
        sink.maintenance().runPending();
        sink.close();

        for (Path f : closed) {
            assertFalse(Files.exists(f));
            Path moved = archive.resolve(dir.relativize(f).toString());
            assertTrue(Files.exists(moved), moved + " archived");
        }
        assertEquals(SinkFiles.ids(0, 20), SinkFiles.requestIds(archive), "archived files still read back");
        assertFalse(Files.exists(closed.get(0).getParent()), "the emptied hour directory is removed");
    }

    /**
     * Another process creates its file and only then locks it: an empty, unlocked segment just modified may be one
     * in that moment, and is left alone (compressed, it would be deleted under its writer); an empty one older than
     * that, or one with events, is a leftover and is compressed.
     */
    @Test
    void anEmptyFileAnotherProcessMayBeCreatingIsLeftAlone() throws IOException {
        Path dir = tmp.resolve("logs");
        Path hour = Files.createDirectories(dir.resolve("2026/12/05/20"));
        Path creating = Files.createFile(hour.resolve("predlog-other-20261205-200000-7-0000.jsonl"));
        Files.setLastModifiedTime(creating, FileTime.from(clock.instant().minusSeconds(5)));
        Path emptyLeftover = Files.createFile(hour.resolve("predlog-other-20261205-200000-8-0000.jsonl"));
        Files.setLastModifiedTime(emptyLeftover, FileTime.from(clock.instant().minus(Duration.ofMinutes(2))));
        Path leftover = Files.writeString(hour.resolve("predlog-other-20261205-200000-9-0000.jsonl"), "{}\n");

        RollingFileSink sweeper = sink(FileSinkSettings.defaults(dir), 2);
        sweeper.maintenance().runPending();

        assertTrue(Files.exists(creating), "an empty file just made: its writer may be about to lock it");
        assertFalse(Files.exists(emptyLeftover), "an empty file older than a minute is a leftover");
        assertTrue(Files.exists(hour.resolve(emptyLeftover.getFileName() + ".gz")), "compressed");
        assertFalse(Files.exists(leftover), "an unlocked file with events is a leftover");
        assertTrue(Files.exists(hour.resolve(leftover.getFileName() + ".gz")), "compressed");
        sweeper.close();

        RollingFileSink overTheLimit = sink(FileSinkSettings.defaults(dir).withMaxTotalBytes(1), 3);
        overTheLimit.maintenance().runPending();
        assertTrue(Files.exists(creating), "an empty file frees nothing: not expired by the total size either");
        assertFalse(Files.exists(hour.resolve(leftover.getFileName() + ".gz")), "expired by the total size");
        overTheLimit.close();
    }

    @Test
    void anotherSinksCurrentFileIsNeverExpiredEvenWhenOld() throws IOException {
        Path dir = tmp.resolve("logs");
        RollingFileSink other = sink(FileSinkSettings.defaults(dir), 1);
        other.write(Batches.numbered(0, 5));
        other.flush();
        Files.setLastModifiedTime(other.currentFile(), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

        RollingFileSink sweeper = sink(FileSinkSettings.defaults(dir).withMaxTotalBytes(1), 2);
        clock.advance(Duration.ofDays(30));
        sweeper.maintenance().runPending();

        assertTrue(Files.exists(other.currentFile()), "still being written: not compressed, moved or deleted");
        other.write(Batches.numbered(5, 5));
        other.close();
        sweeper.close();
        assertEquals(SinkFiles.ids(0, 10), SinkFiles.requestIds(dir));
    }
}
