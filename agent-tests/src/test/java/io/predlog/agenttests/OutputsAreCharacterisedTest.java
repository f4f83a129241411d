package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.stats.ScoreShiftTraffic;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model's return value is characterised like its input (docs/EVENTS.md, "output"), described per window in
 * {@code model_stats.output_features}, and scored for drift: a model whose scores shift while its inputs stay the same
 * gets a {@code drift_detected} on an output feature and on no input feature (prediction drift, the early warning
 * when labels arrive days later); the same model without the shift gets none.
 */
class OutputsAreCharacterisedTest {

    static final int CALLS = 14_000;
    static final int SHIFT_FROM = 8_000;
    static final Set<String> OUTPUT_FEATURES = Set.of("output[*]", "argmax(output)", "max(output)", "norm(output)");
    private static JvmRun shifted;
    private static JvmRun steady;
    private static long shiftAt;

    /**
     * Windows of about 2,500 calls (100 calls, then a 40 ms pause); a window is scored from 600 calls, so that the
     * short last window a run ends in is scored only when it is long enough for a three-valued feature's share to
     * be steady (a last window of 300 calls once moved {@code length(plan)} by 0.12 by chance alone).
     */
    private static AgentJvm scorer() {
        return AgentJvm.main(ScoreShiftTraffic.class)
                .agentArgs("predict.scorer=" + ScoreShiftTraffic.Model.class.getName() + "#predict"
                        + ",predict.scorer.model_id=\"scorer\",sample.success=0.05,stats.window_s=1"
                        + ",drift.baseline_size=2000,drift.min_samples=600");
    }

    @BeforeAll
    static void runTheModelWithAndWithoutTheShift() {
        shifted = scorer().args(String.valueOf(CALLS), String.valueOf(SHIFT_FROM), "40").run().assertSucceeded();
        shiftAt = Long.parseLong(shifted.appStdout().stream().filter(l -> l.startsWith("shift at "))
                .findFirst().orElseThrow().substring("shift at ".length()));
        steady = scorer().args(String.valueOf(CALLS), String.valueOf(Integer.MAX_VALUE), "40").run().assertSucceeded();
    }

    private static long millis(JsonNode iso) {
        return Instant.parse(iso.asText()).toEpochMilli();
    }

    @Test
    void eachPredictionSuccessDescribesItsProbabilityVector() {
        Events successes = shifted.events().named("prediction_success");
        assertTrue(successes.size() > 100, shifted.describe());
        for (JsonNode e : successes.all()) {
            JsonNode output = e.path("output");
            assertEquals("double[]", output.path("type").asText(), e.toString());
            assertEquals(3, output.path("list_length").asInt(), e.toString());
            int argmax = output.path("argmax").asInt(-1);
            assertTrue(argmax >= 0 && argmax < 3, e.toString());
            double max = output.path("max").asDouble();
            assertTrue(max > 1.0 / 3 && max < 1, e.toString());
            assertTrue(output.path("norm").asDouble() >= max, "the L2 norm is at least the largest element: " + e);
            assertEquals(1.0, output.path("mean").asDouble() * 3, 1e-9, "probabilities sum to 1: " + e);
            assertFalse(output.has("args"), e.toString());
        }
    }

    @Test
    void modelStatsCarryTheOutputFeaturesApartFromTheInputFeatures() {
        JsonNode stats = shifted.events().named("model_stats").stream()
                .filter(s -> s.path("calls").asLong() > 500).findFirst()
                .orElseThrow(() -> new AssertionError(shifted.describe()));
        Set<String> outputNames = new TreeSet<>();
        stats.path("output_features").fieldNames().forEachRemaining(outputNames::add);
        assertEquals(new TreeSet<>(OUTPUT_FEATURES), outputNames, stats.toString());
        Set<String> inputNames = new TreeSet<>();
        stats.path("features").fieldNames().forEachRemaining(inputNames::add);
        assertEquals(Set.of("plan", "usage"), inputNames, stats.toString());
        JsonNode argmax = stats.path("output_features").path("argmax(output)");
        assertEquals("categorical", argmax.path("kind").asText(), argmax.toString());
        long perClass = 0;
        for (String c : List.of("0", "1", "2")) {
            perClass += argmax.path("categories").path(c).asLong();
        }
        assertEquals(stats.path("calls").asLong(), perClass, "every call's predicted class is counted: " + stats);
        assertEquals(3 * stats.path("calls").asLong(), stats.path("output_features").path("output[*]").path("count")
                .asLong(), "three probabilities per call: " + stats);
    }

    @Test
    void theShiftedScoresAreDetectedOnOutputFeaturesAndNoInputFeatureDrifts() {
        Events detected = shifted.events().named("drift_detected");
        Set<String> features = new TreeSet<>(detected.texts("feature"));
        assertFalse(features.isEmpty(), "no drift detected: " + shifted.describe());
        assertTrue(OUTPUT_FEATURES.containsAll(features), "only output features drift: " + features);
        assertTrue(features.contains("max(output)") || features.contains("argmax(output)"), features.toString());
        for (JsonNode e : detected.all()) {
            assertTrue(millis(e.path("window").path("end")) > shiftAt, "an alarm before the shift: " + e);
            assertEquals("scorer", e.path("model_id").asText());
            assertEquals("learned", e.path("baseline").path("source").asText());
        }
    }

    @Test
    void theSteadyModelRaisesNoDriftThoughItsWindowsAreScored() {
        assertEquals(List.of(), new ArrayList<>(steady.events().named("drift_detected").all()), steady.describe());
        long scored = steady.events().named("model_stats").stream()
                .filter(s -> s.path("drift").has("max(output)")).count();
        assertTrue(scored >= 2, "at least two windows' outputs were scored: " + steady.describe());
    }
}
