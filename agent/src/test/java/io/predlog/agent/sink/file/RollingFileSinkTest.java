package io.predlog.agent.sink.file;

import io.predlog.agent.sink.Batches;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.LostEventsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writing, rotating and failing: what the dispatcher's side of the file sink promises. */
class RollingFileSinkTest {

    private static final Instant START = Instant.parse("2026-11-27T02:48:00Z");

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(START);

    private RollingFileSink sink(FileSinkSettings settings, long pid, Disk disk) {
        return new RollingFileSink(settings, "fraud scorer/v1", pid, clock, disk);
    }

    private RollingFileSink sink(long maxFileBytes) {
        return sink(FileSinkSettings.defaults(tmp).withMaxFileBytes(maxFileBytes), 4242, Disk.REAL);
    }

    @Test
    void writesJsonLinesIntoTheHourDirectoryNamedAfterServiceStartPidAndSequence() throws IOException {
        RollingFileSink sink = sink(1 << 20);
        assertNull(sink.openFailure());
        sink.write(Batches.numbered(0, 3));
        sink.close();

        Path expected = tmp.resolve("2026/11/27/02/predlog-fraud_scorer_v1-20261127-024800-4242-0000.jsonl");
        assertEquals(List.of(expected), SinkFiles.all(tmp));
        assertEquals(SinkFiles.ids(0, 3), SinkFiles.requestIds(tmp));
    }

    /**
     * A new file another process takes between its creation and its lock (compressed and deleted as a leftover) is
     * let go for the next one: the events go to a file in the directory, none into the deleted one.
     */
    @Test
    void aNewFileTakenBeforeItIsLockedIsLetGoForTheNext() throws IOException {
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        Disk sweptAway = channel -> {
            if (opened.getAndIncrement() == 0) { // the first file, as another process's sweep would take it
                try (var files = Files.walk(tmp)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                        Files.delete(f);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return channel;
        };
        RollingFileSink sink = sink(FileSinkSettings.defaults(tmp), 4242, sweptAway);
        sink.write(Batches.numbered(0, 3));
        sink.close();

        assertTrue(opened.get() >= 2, "a second file was opened");
        assertEquals(List.of(tmp.resolve("2026/11/27/02/predlog-fraud_scorer_v1-20261127-024800-4242-0001.jsonl")),
                SinkFiles.all(tmp));
        assertEquals(SinkFiles.ids(0, 3), SinkFiles.requestIds(tmp));
    }

    @Test
    void filesAreReadableByOwnerAndGroupOnly() throws IOException {
        RollingFileSink sink = sink(1 << 20);
        sink.write(Batches.numbered(0, 3));
        Path current = sink.currentFile();
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(current)));
        clock.advance(Duration.ofHours(1));
        sink.flush(); // the hour ended: closed and handed over
        sink.maintenance().runPending();
        Path gz = current.resolveSibling(current.getFileName() + ".gz");
        assertTrue(Files.exists(gz));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(gz)));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(gz.getParent())));
        sink.close();
    }

    @Test
    void aFileIsClosedBeforeALineWouldTakeItPastTheMaximumSize() throws IOException {
        int lineBytes = Batches.numbered(0, 1).byteLength();
        long max = lineBytes * 10L + lineBytes / 2; // room for 10 lines
        RollingFileSink sink = sink(max);
        for (int i = 0; i < 10; i++) {
            sink.write(Batches.numbered(i * 7L, 7)); // batches straddle the boundaries
        }
        sink.close();

        List<Path> files = SinkFiles.all(tmp);
        assertTrue(files.size() >= 7, "70 lines at 10 per file: " + files);
        for (Path f : files) {
            assertTrue(Files.size(f) <= max, f + " is " + Files.size(f) + " bytes");
        }
        assertEquals(SinkFiles.ids(0, 70), SinkFiles.requestIds(tmp), "every line once, in order");
    }

    @Test
    void aNewFileStartsInTheNextHourDirectoryWhenTheHourEnds() throws IOException {
        RollingFileSink sink = sink(1 << 20);
        sink.write(Batches.numbered(0, 2));
        clock.set(Instant.parse("2026-11-27T03:00:00Z"));
        sink.write(Batches.numbered(2, 2));
        clock.set(Instant.parse("2026-11-28T00:15:00Z"));
        sink.write(Batches.numbered(4, 2));
        sink.close();

        List<Path> files = SinkFiles.all(tmp);
        assertEquals(List.of(tmp.relativize(files.get(0)).getParent().toString(),
                        tmp.relativize(files.get(1)).getParent().toString(),
                        tmp.relativize(files.get(2)).getParent().toString()),
                List.of("2026/11/27/02", "2026/11/27/03", "2026/11/28/00"));
        assertEquals(SinkFiles.ids(0, 6), SinkFiles.requestIds(tmp));
    }

    @Test
    void aBatchLargerThanTheBufferIsWrittenWholeInOrderWithoutAllocatingABufferOfItsSize() throws IOException {
        EncodedBatch batch = Batches.numbered(0, 4000);
        assertTrue(batch.byteLength() > 4 * RollingFileSink.BUFFER_BYTES, "batch of " + batch.byteLength() + " bytes");
        RollingFileSink sink = sink(1L << 30);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20; i++) { // the first writes open the file and warm the path up
            sink.write(batch);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20; i++) {
            sink.write(batch);
        }
        long perWrite = (threads.getCurrentThreadAllocatedBytes() - before) / 20;
        sink.close();

        assertTrue(perWrite < batch.byteLength() / 8, "allocated " + perWrite + " bytes per write of "
                + batch.byteLength());
        List<String> ids = SinkFiles.requestIds(tmp);
        assertEquals(40 * 4000, ids.size());
        assertEquals(SinkFiles.ids(0, 4000), ids.subList(39 * 4000, 40 * 4000), "the last batch whole, in order");
    }

    @Test
    void closedFilesAreGzippedOffTheWriterAndReadBackWithZcat() throws IOException {
        int lineBytes = Batches.numbered(0, 1).byteLength();
        RollingFileSink sink = sink(lineBytes * 100L);
        for (int i = 0; i < 10; i++) {
            sink.write(Batches.numbered(i * 50L, 50));
        }
        assertEquals(0, SinkFiles.named(tmp, ".gz").size(), "the writer never compresses");
        sink.maintenance().runPending();
        sink.close();

        assertEquals(1, SinkFiles.named(tmp, ".jsonl").size(), "the last file stays as written");
        assertTrue(SinkFiles.named(tmp, ".jsonl.gz").size() >= 4, "closed files compressed");
        assertEquals(SinkFiles.all(tmp).size(), SinkFiles.named(tmp, ".jsonl.gz").size() + 1, "nothing else");
        assertEquals(SinkFiles.ids(0, 500), SinkFiles.requestIds(tmp), "every line once, through zcat");
    }

    @Test
    void leftoversOfACrashAreCompressedAtStart() throws IOException {
        RollingFileSink crashed = sink(1 << 20);
        crashed.write(Batches.numbered(0, 5));
        crashed.flush();
        Path leftover = crashed.currentFile();
        // a crash: the process is gone, its lock with it (closing the channel stands in for that)
        crashed.close();

        RollingFileSink next = sink(FileSinkSettings.defaults(tmp), 5151, Disk.REAL);
        next.maintenance().runPending();
        assertTrue(Files.notExists(leftover));
        assertTrue(Files.exists(leftover.resolveSibling(leftover.getFileName() + ".gz")));
        assertTrue(Files.exists(next.currentFile()), "its own current file is left alone");
        next.close();
        assertEquals(SinkFiles.ids(0, 5), SinkFiles.requestIds(tmp));
    }

    @Test
    void aFullDiskRefusesNewBatchesKeepsAcceptedLinesAndResumesWhenSpaceReturns() throws IOException {
        FullDisk disk = new FullDisk();
        RollingFileSink sink = sink(FileSinkSettings.defaults(tmp), 1, disk);
        sink.write(Batches.numbered(0, 4)); // accepted into the buffer

        disk.full = true;
        assertThrows(IOException.class, sink::flush); // half written, then "no space"
        assertThrows(IOException.class, () -> sink.write(Batches.numbered(100, 3)));
        assertThrows(IOException.class, () -> sink.write(Batches.numbered(200, 3)));

        disk.full = false;
        sink.write(Batches.numbered(4, 2));
        sink.close();
        assertEquals(SinkFiles.ids(0, 6), SinkFiles.requestIds(tmp), "accepted lines completed, refused ones absent");
    }

    @Test
    void anUnwritableDirectoryDoesNotFailConstructionAndIsPickedUpWhenItBecomesWritable() throws IOException {
        Path blocker = Files.createFile(tmp.resolve("not-a-directory"));
        Path dir = blocker.resolve("logs");
        RollingFileSink sink = sink(FileSinkSettings.defaults(dir), 1, Disk.REAL);
        assertNotNull(sink.openFailure());
        assertThrows(IOException.class, () -> sink.write(Batches.numbered(0, 2)));

        Files.delete(blocker);
        sink.write(Batches.numbered(2, 3));
        sink.close();
        assertEquals(SinkFiles.ids(2, 3), SinkFiles.requestIds(dir));
    }

    @Test
    void closeReportsHowManyAcceptedEventsCouldNotBeWritten() throws IOException {
        FullDisk disk = new FullDisk();
        RollingFileSink sink = sink(FileSinkSettings.defaults(tmp), 1, disk);
        sink.write(Batches.numbered(0, 4));
        disk.full = true;
        LostEventsException lost = assertThrows(LostEventsException.class, sink::close);
        assertEquals(4, lost.lostEvents());
        assertThrows(IOException.class, () -> sink.write(Batches.numbered(4, 1)), "closed");
    }

    @Test
    void aSinkThatWroteNothingLeavesNoFile() throws IOException {
        RollingFileSink sink = sink(1 << 20);
        sink.close();
        assertEquals(List.of(), SinkFiles.all(tmp).stream().filter(Files::isRegularFile).toList());
    }
}
