package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.predlog.agenttests.fixtures.scoring.Model;
import io.predlog.agenttests.fixtures.scoring.ScoringApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ExtensionJar;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user adds a sink without rebuilding the agent: a sink compiled against the agent's classes alone, in its own jar
 * named by {@code predlog.extensions}, is named in {@code predlog.sinks} and receives every event; one that fails at
 * every call, or blocks for good, costs the other sinks nothing (docs/SINKS.md, "Your own sink", "Several sinks side
 * by side").
 */
class CustomSinkJarTest {

    private static final String TARGET = "predict.models=" + Model.class.getName() + "#predict";
    private static final int CALLS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path jars;
    private static Path jar;

    @BeforeAll
    static void buildTheUsersJar() throws IOException {
        jar = ExtensionJar.testSinks(jars, "copy-sink.jar");
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    @Test
    void aSinkInItsOwnJarReceivesEveryEventTheFileSinkWrites(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("copy.jsonl");

        JvmRun run = AgentJvm.main(ScoringApp.class)
                .agentArgs(TARGET + ",sinks=file,copy,extensions=" + jar + ",copy.file=" + copy)
                .args("linear=" + CALLS).run().assertSucceeded();

        List<JsonNode> copied = lines(copy);
        assertEquals(CALLS, copied.stream().filter(e -> e.path("event").asText().equals("prediction_success"))
                .count(), run.describe());
        assertEquals(run.allEvents().all(), copied, "the same events, in the same order, as the file sink's");
        assertTrue(run.diagnostics().stream().anyMatch(l -> l.contains("com.example.predlog.SecondFile")
                && l.contains("both make sink 'file'")), "a jar cannot take a built-in name: " + run.diagnostics());
        assertTrue(run.diagnostics().stream().noneMatch(l -> l.contains("unknown key")), run.diagnostics().toString());
    }

    @Test
    void aSinkThatThrowsAtEveryCallLeavesTheFileSinkWithEveryEvent() {
        JvmRun alone = AgentJvm.main(ScoringApp.class).agentArgs(TARGET).args("linear=" + CALLS).run()
                .assertSucceeded();

        JvmRun run = AgentJvm.main(ScoringApp.class)
                .agentArgs(TARGET + ",sinks=file,throwing,extensions=" + jar).args("linear=" + CALLS).run()
                .assertSucceeded();

        assertEquals(alone.appStdout(), run.appStdout(), "the application's output is unchanged");
        assertEquals(CALLS, run.events().named("prediction_success").size(), run.describe());
        JsonNode health = run.health().all().get(run.health().size() - 1);
        assertTrue(health.at("/dropped/sink_error/throwing").asLong() >= CALLS,
                "the failing sink's drops are counted: " + health);
        assertEquals(0, health.at("/dropped/sink_error/file").asLong(), health.toString());
    }

    @Test
    void aSinkThatBlocksForeverLeavesTheFileSinkWithEveryEventAndIsCountedAsDropping() {
        JvmRun alone = AgentJvm.main(ScoringApp.class).agentArgs(TARGET).args("linear=" + CALLS).run()
                .assertSucceeded();

        JvmRun run = AgentJvm.main(ScoringApp.class)
                .agentArgs(TARGET + ",sinks=file,blocking,extensions=" + jar).args("linear=" + CALLS).run()
                .assertSucceeded();

        assertEquals(alone.appStdout(), run.appStdout(), "the application's output is unchanged");
        assertEquals(CALLS, run.events().named("prediction_success").size(), run.describe());
        JsonNode health = run.health().all().get(run.health().size() - 1);
        assertTrue(health.path("final").asBoolean(), "the file sink has the last agent_health: " + health);
        assertEquals(0, health.at("/dropped/queue_full").asLong(), "the dispatcher never waited: " + health);
        assertEquals(0, health.at("/dropped/sink_error/file").asLong(), health.toString());
        long offered = health.path("events_offered").asLong();
        assertTrue(offered >= CALLS, health.toString());
        assertEquals(offered, health.at("/dropped/sink_error/blocking").asLong(),
                "every event the blocked sink never wrote is counted as its drop: " + health);
        assertEquals(0, health.path("events_written").asLong(), "no event was taken by every sink: " + health);
        assertEquals(offered, health.path("events_written").asLong() + health.path("events_sampled_out").asLong()
                + health.path("events_shed").asLong() + health.path("events_dropped").asLong(), health.toString());
        assertTrue(run.diagnostics().stream().anyMatch(l -> l.contains("blocking") && l.contains("shutdown")),
                "the blocked sink is reported: " + run.diagnostics());
    }
}
