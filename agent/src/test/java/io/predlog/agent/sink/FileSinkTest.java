package io.predlog.agent.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** The request ids of the lines in the file, each line parsed as JSON. */
    private static List<String> requestIds(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(line -> {
            try {
                return JSON.readTree(line).get("request_id").asText();
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }).toList();
    }

    private static List<String> ids(long from, int count) {
        return java.util.stream.LongStream.range(from, from + count).mapToObj(n -> String.format("%032x", n)).toList();
    }

    @Test
    void writesJsonLinesToOneFilePerProcessNamedAfterServiceTimeAndPid() throws IOException {
        Path dir = tmp.resolve("logs/nested");
        FileSink sink = new FileSink(dir, "fraud scorer/v1", 4242);
        assertNull(sink.openFailure());
        sink.write(Batches.numbered(0, 3));
        sink.write(Batches.numbered(3, 2));
        sink.close();

        List<Path> files = files(dir);
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().matches("predlog-fraud_scorer_v1-\\d{8}-\\d{6}-4242\\.jsonl"),
                files.get(0).toString());
        assertEquals(ids(0, 5), requestIds(files.get(0)));
    }

    @Test
    void theFileNameUsesUtcAndOnlySafeCharacters() {
        assertEquals("predlog-a.b_c-d__-20261127-024800-7.jsonl",
                FileSink.fileName("a.b_c-d/é", 7, Instant.parse("2026-11-27T02:48:00.999Z")));
        assertEquals("unknown", FileSink.sanitize(null));
        assertEquals(100, FileSink.sanitize("x".repeat(300)).length());
    }

    @Test
    void smallBatchesWaitInTheBufferUntilFlush() throws IOException {
        FileSink sink = new FileSink(tmp, "svc", 1);
        sink.write(Batches.numbered(0, 2));
        assertEquals(0, Files.size(sink.file()));
        sink.flush();
        assertEquals(ids(0, 2), requestIds(sink.file()));
        sink.close();
    }

    @Test
    void aRestartedProcessWithTheSameFileNameAppendsInsteadOfOverwriting() throws IOException {
        Instant same = Instant.parse("2026-11-27T02:48:00Z");
        FileSink first = new FileSink(tmp, "svc", 1, same, FileSinkTest::append);
        first.write(Batches.numbered(0, 1));
        first.close();
        FileSink second = new FileSink(tmp, "svc", 1, same, FileSinkTest::append);
        second.write(Batches.numbered(1, 1));
        second.close();
        assertEquals(ids(0, 2), requestIds(second.file()));
    }

    @Test
    void anUnwritableDirectoryDoesNotFailConstructionAndIsPickedUpWhenItBecomesWritable() throws IOException {
        Path blocker = Files.createFile(tmp.resolve("not-a-directory")); // blocks even for root
        FileSink sink = new FileSink(blocker.resolve("logs"), "svc", 1);
        assertNotNull(sink.openFailure());

        assertThrows(IOException.class, () -> {
            sink.write(Batches.numbered(0, 2));
            sink.flush();
        });
        Files.delete(blocker);
        sink.write(Batches.numbered(2, 3));
        sink.close();
        assertEquals(ids(0, 5), requestIds(sink.file()),
                "the first batch was accepted into the buffer and written once the directory appeared");
    }

    @Test
    void aFullDiskRefusesNewBatchesKeepsAcceptedOnesAndRecoversWithoutCorruptingLines() throws IOException {
        FlakyDisk disk = new FlakyDisk();
        FileSink sink = new FileSink(tmp, "svc", 1, Instant.now(), disk);
        sink.write(Batches.numbered(0, 4)); // accepted into the buffer

        disk.full = true;
        assertThrows(IOException.class, sink::flush); // half written, then "no space"
        assertThrows(IOException.class, () -> sink.write(Batches.numbered(100, 3))); // refused: counted by the pipeline
        assertThrows(IOException.class, () -> sink.write(Batches.numbered(200, 3)));

        disk.full = false;
        sink.write(Batches.numbered(4, 2));
        sink.close();
        assertEquals(ids(0, 6), requestIds(sink.file()), "accepted lines completed, refused batches absent");
        assertTrue(disk.opens > 1, "reopened after the failure");
    }

    @Test
    void aBatchLargerThanTheBufferIsWrittenWhole() throws IOException {
        FileSink sink = new FileSink(tmp, "svc", 1);
        int count = FileSink.BUFFER_BYTES / 100;
        sink.write(Batches.numbered(0, 3));
        sink.write(Batches.numbered(3, count));
        sink.close();
        assertEquals(ids(0, count + 3), requestIds(sink.file()));
    }

    @Test
    void closeReportsHowManyAcceptedEventsCouldNotBeWritten() throws IOException {
        FlakyDisk disk = new FlakyDisk();
        FileSink sink = new FileSink(tmp, "svc", 1, Instant.now(), disk);
        sink.write(Batches.numbered(0, 4));
        disk.full = true;
        LostEventsException lost = assertThrows(LostEventsException.class, sink::close);
        assertEquals(4, lost.lostEvents());
        assertThrows(IOException.class, () -> sink.write(Batches.numbered(4, 1)), "closed");
    }

    private static WritableByteChannel append(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** A real file whose writes, while {@code full}, get half their bytes out and then fail as a full disk does. */
    private static final class FlakyDisk implements FileSink.ChannelOpener {
        volatile boolean full;
        int opens;

        @Override
        public WritableByteChannel open(Path file) throws IOException {
            opens++;
            FileChannel real = (FileChannel) append(file);
            return new WritableByteChannel() {
                @Override
                public int write(ByteBuffer src) throws IOException {
                    if (!full) {
                        return real.write(src);
                    }
                    if (src.remaining() > 1) {
                        ByteBuffer half = src.duplicate();
                        half.limit(src.position() + src.remaining() / 2);
                        int n = real.write(half);
                        src.position(src.position() + n);
                        throw new IOException("No space left on device");
                    }
                    throw new IOException("No space left on device");
                }

                @Override
                public boolean isOpen() {
                    return real.isOpen();
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        }
    }
}
