package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.stats.ChurnTraffic;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A baseline given in a file is what windows are scored against from the first one (no learning);
 * an unreadable baseline file is reported naming the key and the file, and the agent learns baselines instead.
 */
class BaselineFileTest {

    private static final String MODEL = ChurnTraffic.Model.class.getName();
    private static final String TARGET = "predict.churn=" + MODEL + "#predict,predict.churn.input=arg0"
            + ",predict.churn.model_id=\"churn\",predict.churn.model_version=\"3\",stats.window_s=1"
            + ",drift.min_samples=300";

    /** Incomes as a reference period saw them: 20,000 lower than what the fixture sends (a drifted service). */
    private static Path baseline(Path dir) throws IOException {
        Random random = new Random(1);
        StringJoiner values = new StringJoiner(",");
        for (int i = 0; i < 3000; i++) {
            values.add(String.valueOf(30_000 + random.nextGaussian() * 10_000));
        }
        Path file = dir.resolve("churn-3.baseline.json");
        Files.writeString(file, "{\"format\":\"predlog-baseline\",\"version\":1,\"baselines\":[{\"model_id\":\"churn\","
                + "\"model_version\":\"3\",\"features\":{\"income\":{\"type\":\"numeric\",\"values\":[" + values
                + "]}}}]}");
        return file;
    }

    @Test
    void aBaselineFromAFileScoresTheFirstWindowsAndFindsTheirDrift(@TempDir Path dir) throws IOException {
        Path file = baseline(dir);
        JvmRun run = AgentJvm.main(ChurnTraffic.class).agentArgs(TARGET + ",drift.baseline=" + file)
                .args("4000", String.valueOf(Integer.MAX_VALUE), "40").run().assertSucceeded();
        JsonNode first = run.events().named("model_stats").stream()
                .filter(s -> s.has("baseline")).findFirst().orElseThrow(() -> new AssertionError(run.describe()));
        assertEquals("ready", first.path("baseline").path("status").asText(), "no learning: " + first);
        assertEquals(file.toString(), first.path("baseline").path("source").asText());
        JsonNode detected = run.events().named("drift_detected").all().get(0);
        assertEquals("income", detected.path("feature").asText(), detected.toString());
        assertEquals(file.toString(), detected.path("baseline").path("source").asText());
        assertTrue(run.events().named("drift_detected").stream()
                .allMatch(e -> e.path("feature").asText().equals("income")), "only the file's feature is scored");
    }

    @Test
    void anUnreadableBaselineFileIsReportedAndBaselinesAreLearnedInstead(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"baselines\": [ {\"model_id\": \"churn\", \"features\": {\"income\": {\"type\": "
                + "\"numeric\", \"values\": [1, \"two\"]}}} ]}");
        JvmRun run = AgentJvm.main(ChurnTraffic.class)
                .agentArgs(TARGET + ",drift.baseline=" + broken + ",drift.baseline_size=500")
                .args("2000", String.valueOf(Integer.MAX_VALUE), "40").run().assertSucceeded();
        assertTrue(run.diagnostics().stream().anyMatch(d -> d.contains("ERROR") && d.contains("predlog.drift.baseline")
                && d.contains(broken.toString())), run.describe());
        assertTrue(run.appStdout().stream().anyMatch(l -> l.startsWith("calls 2000")), "the application ran unchanged");
        assertTrue(run.events().named("model_stats").stream()
                .anyMatch(s -> s.path("baseline").path("source").asText().equals("learned")), run.describe());
    }
}
