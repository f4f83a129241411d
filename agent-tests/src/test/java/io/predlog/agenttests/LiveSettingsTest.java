package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.live.LiveApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.RunningJvm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator edits the configuration file of a running service: recording down to nothing (sampling 0), off (the
 * kill switch), and back on. Each edit is a {@code config_changed} event and a {@code [predlog]} line, and the
 * calls between two edits are recorded as the settings of that period say.
 */
class LiveSettingsTest {

    private static final String TARGET = "predlog.predict.score = " + LiveApp.Model.class.getName() + "#predict";

    private static void edit(Path config, String... lines) throws IOException, InterruptedException {
        Files.writeString(config, TARGET + "\n" + String.join("\n", lines) + "\n");
        Thread.sleep(2500); // the file is looked at once a second; then calls under the new settings
    }

    @Test
    void samplingAndTheKillSwitchChangeWhileTheServiceRuns() throws Exception {
        Path config = ConfigFile.write("live.properties", TARGET, "predlog.sample.success = 1.0");
        JvmRun run;
        try (RunningJvm jvm = AgentJvm.main(LiveApp.class).agentArgs("config=" + config).args("11000").start()) {
            jvm.awaitStdout(Pattern.compile("ready"), Duration.ofSeconds(30));
            Thread.sleep(1500);
            edit(config, "predlog.sample.success = 0");
            edit(config, "predlog.sample.success = 0", "predlog.enabled = false");
            edit(config, "predlog.sample.success = 1.0");
            run = jvm.awaitExit();
        }
        run.assertSucceeded();
        List<JsonNode> changes = run.events().named("config_changed").all();
        assertEquals(3, changes.size(), run.describe());
        assertEquals("0", changes.get(0).at("/changes/predlog.sample.success/to").asText(), changes.get(0).toString());
        assertEquals("false", changes.get(1).at("/changes/predlog.enabled/to").asText(), changes.get(1).toString());
        assertEquals("true", changes.get(2).at("/changes/predlog.enabled/to").asText(), changes.get(2).toString());
        assertEquals("1.0", changes.get(2).at("/changes/predlog.sample.success/to").asText());
        assertTrue(run.diagnostics().stream().anyMatch(l -> l.contains("changed; predlog.enabled: true -> false")),
                run.diagnostics().toString());

        Instant[] at = changes.stream().map(c -> Instant.parse(c.path("timestamp").asText())).toArray(Instant[]::new);
        List<Instant> calls = run.events().named("prediction_success").stream()
                .map(e -> Instant.parse(e.path("timestamp").asText())).toList();
        long before = calls.stream().filter(t -> t.isBefore(at[0])).count();
        long sampledToNothing = calls.stream().filter(t -> t.isAfter(at[0].plusMillis(20)) && t.isBefore(at[1])).count();
        long off = calls.stream().filter(t -> t.isAfter(at[1].plusMillis(20)) && t.isBefore(at[2])).count();
        long after = calls.stream().filter(t -> t.isAfter(at[2].plusMillis(20))).count();
        assertTrue(before > 50, before + " calls recorded before the first edit");
        assertEquals(0, sampledToNothing, "sampling 0: no routine call is kept");
        assertEquals(0, off, "switched off: no call is recorded");
        assertTrue(after > 50, after + " calls recorded after recording came back");
        JsonNode health = run.health().all().get(run.health().size() - 1);
        assertTrue(health.path("events_sampled_out").asLong() > 50, "the sampled-out calls are counted: " + health);
    }
}
