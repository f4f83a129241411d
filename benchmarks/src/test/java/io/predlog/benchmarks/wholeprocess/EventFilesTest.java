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
        EventFiles.Summary summary = EventFiles.read(dir);
        assertEquals(Map.of("prediction_success", 3L, "prediction_failure", 1L, "agent_health", 1L), summary.counts());
        assertEquals(-1, summary.droppedAtExit(), "no agent_health written at exit");
    }

    @Test
    void theDropsAreThoseOfTheAgentHealthWrittenAtExit(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("predlog-a-0.jsonl"), """
                {"event":"agent_health","level":"WARN","uptime_ms":60000.5,"events_offered":900,"events_dropped":17}
                {"event":"prediction_success","level":"INFO"}
                """);
        Files.writeString(dir.resolve("predlog-a-1.jsonl"), """
                {"event":"agent_health","level":"INFO","final":true,"events_offered":1200,"events_dropped":0,"dropped":{"queue_full":0}}
                """);
        assertEquals(0, EventFiles.read(dir).droppedAtExit(), "the periodic report's 17 are not the final count");
        Files.writeString(dir.resolve("predlog-a-1.jsonl"), """
                {"event":"agent_health","level":"WARN","final":true,"events_dropped":12345,"events_offered":1200}
                """);
        assertEquals(12345, EventFiles.read(dir).droppedAtExit());
        assertEquals(-1, EventFiles.droppedOf("{\"event\":\"agent_health\",\"final\":true}"));
    }

    @Test
    void aLineThatDoesNotOpenWithTheEventFieldCountsAsUnknown() {
        assertEquals("?", EventFiles.eventName("{\"level\":\"INFO\",\"event\":\"x\"}"));
        assertEquals("model_stats", EventFiles.eventName("{\"event\":\"model_stats\",\"level\":\"INFO\"}"));
    }

    @Test
    void aMissingDirectoryHasNoEvents(@TempDir Path dir) {
        assertEquals(new EventFiles.Summary(Map.of(), -1), EventFiles.read(dir.resolve("never-written")));
    }
}
