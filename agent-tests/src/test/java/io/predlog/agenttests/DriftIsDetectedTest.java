package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.stats.ChurnTraffic;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model whose {@code income} input shifts by two standard deviations in the middle of a run is
 * reported — {@code drift_detected}, naming that input feature and no other, within two windows of the shift —
 * against the baseline the agent learned from its first calls, and so is its score ({@code output}), which follows
 * {@code income}; the windows before the shift raise nothing.
 */
class DriftIsDetectedTest {

    static final int CALLS = 14_000;
    static final int SHIFT_FROM = 9_000;
    static final long WINDOW_MS = 1_000;
    private static JvmRun run;
    private static long shiftAt;

    @BeforeAll
    static void shiftIncomeMidway() {
        String model = ChurnTraffic.Model.class.getName();
        run = AgentJvm.main(ChurnTraffic.class)
                .agentArgs("predict.churn=" + model + "#predict,predict.churn.input=arg0,predict.churn.model_id=\"churn\""
                        + ",sample.success=0.01,input.categorical=country,stats.window_s=1"
                        + ",drift.baseline_size=2000,drift.min_samples=300")
                .args(String.valueOf(CALLS), String.valueOf(SHIFT_FROM), "40").run().assertSucceeded();
        shiftAt = Long.parseLong(run.appStdout().stream().filter(l -> l.startsWith("shift at "))
                .findFirst().orElseThrow().substring("shift at ".length()));
    }

    private static long millis(JsonNode iso) {
        return Instant.parse(iso.asText()).toEpochMilli();
    }

    @Test
    void theShiftedFeatureIsDetectedWithinTwoWindowsAndNoOtherFeatureIs() {
        Events detected = run.events().named("drift_detected");
        Set<String> features = new TreeSet<>(detected.texts("feature"));
        assertEquals(Set.of("income", "output"), features,
                "the input that moved, and the score it moves: " + detected);
        long firstEnd = detected.stream().mapToLong(e -> millis(e.path("window").path("end"))).min().orElseThrow();
        assertTrue(firstEnd <= shiftAt + 2 * WINDOW_MS + WINDOW_MS / 2,
                "detected in the window ending " + Instant.ofEpochMilli(firstEnd) + ", shift at "
                        + Instant.ofEpochMilli(shiftAt));
        JsonNode first = detected.all().get(0);
        assertEquals("WARN", first.path("level").asText());
        assertEquals("churn", first.path("model_id").asText());
        assertEquals("learned", first.path("baseline").path("source").asText());
        assertTrue(first.path("value").asDouble() >= first.path("threshold").asDouble(), first.toString());
        assertTrue(first.path("top_moved_bins").size() > 0, first.toString());
    }

    @Test
    void theStationaryWindowsBeforeTheShiftRaiseNothing() {
        for (JsonNode e : run.events().named("drift_detected").all()) {
            assertTrue(millis(e.path("window").path("end")) > shiftAt, "an alarm before the shift: " + e);
        }
        long scoredBefore = run.events().named("model_stats").stream()
                .filter(s -> s.has("drift") && millis(s.path("window_end")) <= shiftAt).count();
        assertTrue(scoredBefore >= 2, "at least two stationary windows were scored before the shift: " + run.describe());
    }

    @Test
    void theModelStatsOfAShiftedWindowCarryTheScores() {
        JsonNode shifted = run.events().named("model_stats").stream()
                .filter(s -> millis(s.path("window_start")) > shiftAt && s.has("drift"))
                .findFirst().orElseThrow(() -> new AssertionError(run.describe()));
        assertTrue(shifted.path("drift").path("income").path("psi").asDouble() >= 0.25, shifted.toString());
        assertFalse(shifted.path("drift").path("age").path("psi").asDouble() >= 0.1, shifted.toString());
        assertEquals("ready", shifted.path("baseline").path("status").asText());
    }
}
