package io.predlog.cli.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileReaderTest {

    @TempDir
    Path dir;

    @Test
    void linesEndAtLfCrOrCrLfAndEmptyLinesAreNumberedButNotHandedOver() throws Exception {
        Path file = dir.resolve("a.jsonl");
        Files.writeString(file, "one\r\ntwo\rthree\n\nfive\r\r\nseven");
        List<String> lines = new ArrayList<>();
        EventFileReader.Outcome outcome = EventFileReader.read(file, (n, b, off, len) ->
                lines.add(n + ":" + new String(b, off, len, StandardCharsets.UTF_8)), null);
        assertEquals(List.of("1:one", "2:two", "3:three", "5:five", "7:seven"), lines);
        assertEquals(7, outcome.lines());
        assertNull(outcome.cutShort());
    }

    @Test
    void aCrLfSplitAcrossReadsEndsOneLineAndALineLongerThanTheBufferArrivesWhole() throws Exception {
        String first = "x".repeat((1 << 20) - 1);
        String longLine = "y".repeat(3 << 20);
        Path file = dir.resolve("a.jsonl");
        Files.writeString(file, first + "\r\n" + longLine + "\nlast\n");
        List<Integer> lengths = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        EventFileReader.read(file, (n, b, off, len) -> {
            numbers.add(n);
            lengths.add(len);
        }, null);
        assertEquals(List.of(1L, 2L, 3L), numbers);
        assertEquals(List.of(first.length(), longLine.length(), 4), lengths);
    }

    @Test
    void aGzipFileWithNoCompleteHeaderIsCutShortAfterNoLines() throws Exception {
        Path file = dir.resolve("a.jsonl.gz");
        Files.write(file, new byte[] {0x1f, (byte) 0x8b, 8});
        EventFileReader.Outcome outcome = EventFileReader.read(file, (n, b, off, len) -> { }, null);
        assertEquals(0, outcome.lines());
        assertTrue(outcome.cutShort().startsWith("gzip data cut short or corrupt ("), outcome.cutShort());
        assertTrue(outcome.cutShort().endsWith(") after 0 lines"), outcome.cutShort());
    }
}
