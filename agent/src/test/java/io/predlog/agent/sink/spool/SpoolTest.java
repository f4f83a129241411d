package io.predlog.agent.sink.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolTest {

    private static final long MIN = 64 << 10;
    /** Segments of 64 KiB (a sixteenth of the bound, at least 64 KiB). */
    private static final long ONE_MIB = 1 << 20;

    private static byte[] record(int i) {
        return ("{\"event\":\"prediction_success\",\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> drain(Spool spool, int chunk) throws IOException {
        List<String> all = new ArrayList<>();
        while (!spool.isEmpty()) {
            List<byte[]> records = spool.peek(chunk, Long.MAX_VALUE);
            records.forEach(r -> all.add(new String(r, StandardCharsets.UTF_8)));
            spool.remove(records.size());
        }
        return all;
    }

    private static List<String> expected(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add(new String(record(i), StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(Spool.SUFFIX)).sorted().toList();
        }
    }

    @Test
    void recordsComeOutInTheOrderTheyWentInAcrossSegments(@TempDir Path dir) throws IOException {
        try (Spool spool = Spool.open(dir, ONE_MIB)) { // 3,000 records of ~53 bytes span three 64 KiB segments
            for (int i = 0; i < 3_000; i++) {
                assertTrue(spool.append(record(i)));
            }
            assertTrue(segments(dir).size() >= 2, "several segments: " + segments(dir));

            assertEquals(expected(0, 3_000), drain(spool, 7));
            assertTrue(spool.isEmpty());
            assertEquals(List.of(), segments(dir), "an empty spool keeps no segment");
            assertEquals(0, spool.bytes());
        }
    }

    @Test
    void peekedRecordsStayUntilRemovedAndAPartialRemoveKeepsTheRest(@TempDir Path dir) throws IOException {
        try (Spool spool = Spool.open(dir, MIN)) {
            for (int i = 0; i < 10; i++) {
                spool.append(record(i));
            }
            assertEquals(5, spool.peek(5, Long.MAX_VALUE).size());
            assertEquals(5, spool.peek(5, Long.MAX_VALUE).size(), "a second peek without remove: the same");
            spool.remove(2);

            assertEquals(expected(2, 10), drain(spool, 100));
            assertThrows(IllegalArgumentException.class, () -> spool.remove(1), "nothing peeked");
        }
    }

    @Test
    void aReopenedSpoolContinuesFromItsHead(@TempDir Path dir) throws IOException {
        try (Spool spool = Spool.open(dir, ONE_MIB)) {
            for (int i = 0; i < 2_000; i++) {
                spool.append(record(i));
            }
            spool.remove(spool.peek(1_500, Long.MAX_VALUE).size());
        }

        try (Spool reopened = Spool.open(dir, ONE_MIB)) {
            reopened.append(record(2_000));
            assertEquals(expected(1_500, 2_001), drain(reopened, 64));
        }
    }

    @Test
    void aProcessThatStopsWithoutClosingLeavesEveryAppendedRecord(@TempDir Path dir, @TempDir Path left)
            throws IOException {
        try (Spool running = Spool.open(dir, MIN)) {
            for (int i = 0; i < 100; i++) {
                running.append(record(i));
            }
            // what a process killed now leaves: the files as written, never forced, no close
            for (Path file : segments(dir)) {
                Files.copy(file, left.resolve(file.getFileName()));
            }
        }

        try (Spool next = Spool.open(left, MIN)) {
            assertEquals(expected(0, 100), drain(next, 10));
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndTheSpoolGoesOnAfterIt(@TempDir Path dir) throws IOException {
        try (Spool spool = Spool.open(dir, MIN)) {
            for (int i = 0; i < 3; i++) {
                spool.append(record(i));
            }
        }
        Path segment = segments(dir).get(0);
        long whole = Files.size(segment);
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            // a crash in the middle of the fourth append: its frame and half its payload
            byte[] fourth = record(3);
            file.write(ByteBuffer.allocate(8).putInt(fourth.length).putInt(12345).flip());
            file.write(ByteBuffer.wrap(fourth, 0, fourth.length / 2));
        }

        try (Spool reopened = Spool.open(dir, MIN)) {
            assertEquals(whole, Files.size(segment), "the torn record is cut off");
            reopened.append(record(4));
            assertEquals(List.of(expected(0, 3).get(0), expected(0, 3).get(1), expected(0, 3).get(2),
                    expected(4, 5).get(0)), drain(reopened, 10));
        }
    }

    @Test
    void aLastRecordWhoseBytesChangedFailsItsChecksumAndIsCutOff(@TempDir Path dir) throws IOException {
        try (Spool spool = Spool.open(dir, MIN)) {
            spool.append(record(0));
            spool.append(record(1));
        }
        Path segment = segments(dir).get(0);
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {'X'}), file.size() - 3); // inside the second payload
        }

        try (Spool reopened = Spool.open(dir, MIN)) {
            assertEquals(expected(0, 1), drain(reopened, 10));
        }
    }

    @Test
    void zeroesLeftByACrashAreNoRecords(@TempDir Path dir) throws IOException {
        try (Spool spool = Spool.open(dir, MIN)) {
            spool.append(record(0));
        }
        Path segment = segments(dir).get(0);
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            file.write(ByteBuffer.allocate(64)); // the file grew, its data never reached the disk
        }

        try (Spool reopened = Spool.open(dir, MIN)) {
            assertEquals(expected(0, 1), drain(reopened, 10));
        }
    }

    @Test
    void pastTheBoundAppendsAreRefusedAndCountedUntilRemovalFreesSegments(@TempDir Path dir) throws IOException {
        try (Spool spool = Spool.open(dir, MIN * 2)) {
            int taken = 0;
            for (int i = 0; i < 10_000; i++) {
                if (spool.append(record(i))) {
                    taken++;
                }
            }
            assertTrue(spool.bytes() <= MIN * 2, "bytes " + spool.bytes());
            assertTrue(taken > 2_000 && taken < 10_000, "taken " + taken);
            assertEquals(10_000 - taken, spool.refused());

            assertEquals(expected(0, taken), drain(spool, 500), "the records taken, in order, none of the refused");
            assertTrue(spool.append(record(0)), "space again");
        }
    }

    @Test
    void aReopenedSpoolKeepsItsBound(@TempDir Path dir) throws IOException {
        try (Spool spool = Spool.open(dir, MIN)) {
            while (spool.append(record(1))) {
                // fill it
            }
        }
        try (Spool reopened = Spool.open(dir, MIN)) {
            assertFalse(reopened.append(record(2)));
            assertEquals(1, reopened.refused());
        }
    }

    @Test
    void filesAreOwnerAndGroupOnly(@TempDir Path parent) throws IOException {
        Path dir = parent.resolve("spool");
        try (Spool spool = Spool.open(dir, MIN)) {
            spool.append(record(0));
            spool.append(record(1));
            spool.peek(1, Long.MAX_VALUE);
            spool.remove(1); // writes the head file
        }
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-r-----",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(segments(dir).get(0))));
    }

    @Test
    void aDamagedRecordInsideAnEarlierSegmentSkipsTheRestOfThatSegmentOnly(@TempDir Path dir) throws IOException {
        int count = 4_000;
        try (Spool spool = Spool.open(dir, ONE_MIB)) {
            for (int i = 0; i < count; i++) {
                spool.append(record(i));
            }
        }
        List<Path> files = segments(dir);
        assertTrue(files.size() >= 3, files.toString());
        try (FileChannel file = FileChannel.open(files.get(0), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {'X'}), 100);
        }

        try (Spool reopened = Spool.open(dir, ONE_MIB)) {
            List<String> read = drain(reopened, 1_000);
            assertEquals(expected(0, 1), read.subList(0, 1), "records before the damage");
            assertEquals(expected(count - 500, count), read.subList(read.size() - 500, read.size()),
                    "the later segments whole");
        }
    }

    @Test
    void oneDirectoryServesOneOpenSpool(@TempDir Path dir) throws IOException {
        try (Spool first = Spool.open(dir, MIN)) {
            first.append(record(0));
            IOException e = assertThrows(IOException.class, () -> Spool.open(dir, MIN));
            assertTrue(e.getMessage().contains("in use by another spool"), e.getMessage());
        }
        try (Spool after = Spool.open(dir, MIN)) {
            assertEquals(expected(0, 1), drain(after, 1), "free again once the first is closed");
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheirReason(@TempDir Path dir) throws IOException {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Spool.open(dir, 1000)).getMessage()
                .contains("at least 64 KiB"));
        try (Spool spool = Spool.open(dir, MIN)) {
            assertThrows(IllegalArgumentException.class, () -> spool.append(new byte[0]));
        }
    }
}
