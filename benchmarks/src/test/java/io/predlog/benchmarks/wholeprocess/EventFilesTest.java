package io.predlog.benchmarks.wholeprocess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventFilesTest {

    @Test
    void eventsAreCountedByNameInPlainAndGzippedFilesBelowTheDirectory(@TempDir Path dir) throws Exception {
        Path hour = Files.createDirectories(dir.resolve("2026/12/02/15"));
        Files.writeString(hour.resolve("predlog-a-1.jsonl"), """
                {"event":"prediction_success","level":"INFO"}
                {"event":"prediction_failure","level":"ERROR"}

                {"event":"prediction_success","level":"INFO"}
                """);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(hour.resolve("predlog-a-0.jsonl.gz")))) {
            out.write("{\"event\":\"prediction_success\"}\n{\"event\":\"agent_health\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(hour.resolve("notes.txt"), "{\"event\":\"prediction_success\"}\n");
        assertEquals(Map.of("prediction_success", 3L, "prediction_failure", 1L, "agent_health", 1L),
                EventFiles.countByEvent(dir));
    }

    @Test
    void aLineThatDoesNotOpenWithTheEventFieldCountsAsUnknown() {
        assertEquals("?", EventFiles.eventName("{\"level\":\"INFO\",\"event\":\"x\"}"));
        assertEquals("model_stats", EventFiles.eventName("{\"event\":\"model_stats\",\"level\":\"INFO\"}"));
    }

    @Test
    void aMissingDirectoryHasNoEvents(@TempDir Path dir) {
        assertEquals(Map.of(), EventFiles.countByEvent(dir.resolve("never-written")));
    }
}
