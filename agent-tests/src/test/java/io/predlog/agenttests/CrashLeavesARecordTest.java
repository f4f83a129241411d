package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.crash.CrashApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.RunningJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM killed with SIGKILL in the middle of predictions leaves its in-flight record; the next
 * JVM started with the agent on the same {@code file.dir} writes one {@code inflight_at_crash} per prediction
 * that was running — request id, target, input hash and size, start time, thread — and deletes the record.
 */
class CrashLeavesARecordTest {

    private static final int RUNNING = 5;

    @TempDir
    Path fileDir;

    @Test
    void aKilledJvmsRunningPredictionsAreReportedByTheNextOne() throws Exception {
        Path config = ConfigFile.write("agent.properties",
                "predlog.entry.gateway = " + CrashApp.Gateway.class.getName() + "#handle",
                "predlog.entry.gateway.request_id = arg0",
                "predlog.predict.slow = " + CrashApp.SlowModel.class.getName() + "#predict");

        Instant beforeCrash = Instant.now();
        JvmRun killed;
        try (RunningJvm victim = AgentJvm.main(CrashApp.class).agentArgs("config=" + config).fileDir(fileDir)
                .args("hang", String.valueOf(RUNNING)).start()) {
            victim.awaitStdout(Pattern.compile("all " + RUNNING + " predictions running"), Duration.ofSeconds(60));
            assertTrue(Files.exists(fileDir.resolve("inflight-" + victim.pid() + ".bin")),
                    "the running JVM keeps its in-flight file next to the logs");
            killed = victim.kill();
        }
        assertTrue(Files.exists(fileDir.resolve("inflight-" + killed.pid() + ".bin")),
                "SIGKILL runs no shutdown hook: the record stays");

        // the next JVM on the same file.dir runs the same requests to completion: their events hash the same inputs
        JvmRun next = AgentJvm.main(CrashApp.class).agentArgs("config=" + config).fileDir(fileDir)
                .args("quick", String.valueOf(RUNNING)).run().assertSucceeded();

        Events crashed = next.events().named("inflight_at_crash");
        assertEquals(RUNNING, crashed.size(), "one inflight_at_crash per running prediction: " + crashed);
        Map<String, String> completedHashes = new HashMap<>();
        Map<String, Long> completedSizes = new HashMap<>();
        next.events().named("prediction_success").where(e -> e.path("pid").asLong() == next.pid())
                .stream().forEach(e -> {
                    completedHashes.put(e.path("request_id").asText(), e.path("input_hash").asText());
                    completedSizes.put(e.path("request_id").asText(), e.path("input_size").asLong());
                });
        assertEquals(RUNNING, completedHashes.size());

        Set<String> ids = new TreeSet<>();
        Set<String> threads = new TreeSet<>();
        for (JsonNode event : crashed.all()) {
            String id = event.path("request_id").asText();
            ids.add(id);
            threads.add(event.path("thread").asText());
            assertEquals("ERROR", event.path("level").asText());
            assertEquals(killed.pid(), event.path("crashed_pid").asLong());
            assertEquals(next.pid(), event.path("pid").asLong());
            assertEquals("predict", event.path("call").asText());
            assertEquals("slow", event.path("target").asText());
            assertEquals(CrashApp.SlowModel.class.getName() + "#predict", event.path("method").asText());
            assertEquals(completedHashes.get(id), event.path("input_hash").asText(), "input hash of " + id);
            assertEquals(completedSizes.get(id), event.path("input_size").asLong(), "input size of " + id);
            Instant started = Instant.parse(event.path("timestamp").asText());
            assertFalse(started.isBefore(beforeCrash.minusSeconds(1)), "start time " + started);
            assertTrue(started.isBefore(killed.finished()), "start time " + started);
        }
        Set<String> expectedIds = new TreeSet<>();
        Set<String> expectedThreads = new TreeSet<>();
        for (int i = 0; i < RUNNING; i++) {
            expectedIds.add("crash-" + i);
            expectedThreads.add("scorer-" + i);
        }
        assertEquals(expectedIds, ids);
        assertEquals(expectedThreads, threads);

        try (Stream<Path> left = Files.list(fileDir)) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith("inflight-")).count(),
                    "the dead JVM's record is deleted once reported, the clean JVM's at exit");
        }
    }

    @Test
    void aCleanExitLeavesNoRecordAndNothingToReport() throws Exception {
        Path config = ConfigFile.write("agent.properties",
                "predlog.predict.slow = " + CrashApp.SlowModel.class.getName() + "#predict");
        AgentJvm.main(CrashApp.class).agentArgs("config=" + config).fileDir(fileDir)
                .args("quick", "2").run().assertSucceeded();
        JvmRun second = AgentJvm.main(CrashApp.class).agentArgs("config=" + config).fileDir(fileDir)
                .args("quick", "2").run().assertSucceeded();
        assertEquals(0, second.events().named("inflight_at_crash").size());
        assertEquals(4, second.events().named("prediction_success").size(), "both runs' predictions are recorded");
        try (Stream<Path> left = Files.list(fileDir)) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith("inflight-")).count());
        }
    }
}
