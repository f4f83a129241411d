package io.predlog.agent.stats;

import io.predlog.agent.drift.BaselineFiles;
import io.predlog.agent.drift.DriftSettings;
import io.predlog.agent.event.DerivedEvent;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.ProcessInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static io.predlog.agent.stats.StatsFixture.feature;
import static io.predlog.agent.stats.StatsFixture.map;
import static io.predlog.agent.stats.StatsFixture.outputFeature;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outputs' features are described in {@code model_stats.output_features}, apart from the inputs' in
 * {@code features}, and scored for drift like them (docs/STATISTICS.md, "Outputs"; docs/DRIFT.md).
 */
class OutputStatisticsTest {

    @TempDir
    Path dir;

    private static void predict(StatsFixture f, Object input, Object output) {
        f.recorder.prediction("score", "m", "1", 1000, null, StatsFixture.input(input), StatsFixture.output(output),
                null);
    }

    /** Probabilities of three classes, the first favoured by {@code bias}. */
    private static double[] probabilities(Random random, double bias) {
        double x = random.nextGaussian();
        double[] p = {Math.exp(x + bias), 1, Math.exp(-x)};
        double sum = p[0] + p[1] + p[2];
        for (int k = 0; k < 3; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static Set<String> names(DerivedEvent stats, String block) {
        return new TreeSet<>(map(stats.fields().get(block)).keySet());
    }

    @Test
    void aProbabilityVectorsFeaturesAreItsElementsItsPredictedClassesItsMaximumAndItsNorm() {
        StatsFixture f = new StatsFixture(StatsFixture.defaults());
        predict(f, Map.of("x", 1.0), new double[] {0.1, 0.7, 0.2});
        predict(f, Map.of("x", 2.0), new double[] {0.6, 0.3, 0.1});
        predict(f, Map.of("x", 3.0), new double[] {0.2, 0.5, 0.3});
        f.closeWindow();
        DerivedEvent stats = f.onlyStats();
        assertEquals(Set.of("x"), names(stats, "features"), "input features are unchanged");
        assertEquals(Set.of("output[*]", "argmax(output)", "max(output)", "norm(output)"),
                names(stats, "output_features"));
        assertEquals(9L, outputFeature(stats, "output[*]").get("count"));
        Map<String, Object> argmax = outputFeature(stats, "argmax(output)");
        assertEquals("categorical", argmax.get("kind"));
        assertEquals(Map.of("1", 2L, "0", 1L), argmax.get("categories"));
        Map<String, Object> max = outputFeature(stats, "max(output)");
        assertEquals(0.5, max.get("min"));
        assertEquals(0.7, max.get("max"));
    }

    @Test
    void aLabelStaysPrivateUnlessNamedInTheOutputAllowlist() throws Exception {
        StatsFixture hidden = new StatsFixture(StatsFixture.defaults());
        StatsFixture named = new StatsFixture(new StatsSettings(60_000, 1024, 64, 64, 50, 256, Set.of(),
                Set.of("output")));
        for (StatsFixture f : List.of(hidden, named)) {
            for (int i = 0; i < 10; i++) {
                predict(f, Map.of("x", (double) i), i < 7 ? "fraud" : "ok");
            }
            f.closeWindow();
        }
        Map<String, Object> privateLabel = outputFeature(hidden.onlyStats(), "output");
        assertEquals("string", privateLabel.get("kind"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EventJsonEncoder(ProcessInfo.current("s")).encode(hidden.onlyStats(), out);
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("fraud"), out.toString(StandardCharsets.UTF_8));
        Map<String, Object> label = outputFeature(named.onlyStats(), "output");
        assertEquals("categorical", label.get("kind"));
        assertEquals(Map.of("fraud", 7L, "ok", 3L), label.get("categories"));
    }

    @Test
    void theInputAllowlistDoesNotReachOutputs() {
        StatsFixture f = new StatsFixture(StatsFixture.settings(1024, 64, 64, 50, Set.of("label", "output")));
        predict(f, Map.of("label", "a"), Map.of("label", "fraud"));
        f.closeWindow();
        assertEquals("categorical", feature(f.onlyStats(), "label").get("kind"));
        assertEquals("string", outputFeature(f.onlyStats(), "output.label").get("kind"));
    }

    @Test
    void aFailedCallHasNoOutputFeatures() {
        StatsFixture f = new StatsFixture(StatsFixture.defaults());
        f.recorder.prediction("score", "m", "1", 1000, "java.lang.IllegalStateException",
                StatsFixture.input(Map.of("x", 1.0)), null, null);
        f.closeWindow();
        assertNull(f.onlyStats().fields().get("output_features"));
        assertEquals(1L, f.onlyStats().fields().get("errors"));
    }

    @Test
    void shiftedScoresWithSteadyInputsDriftOnOutputFeaturesOnly() {
        DriftSettings drift = new DriftSettings(2000, List.of()).withMinSamples(500);
        StatsFixture f = new StatsFixture(StatsFixture.defaults(), StatsListener.NONE, drift, BaselineFiles.NONE);
        Random random = new Random(5);
        List<Event> before = null;
        for (int window = 0; window < 6; window++) {
            double bias = window < 4 ? 0 : 2.0; // the model's scores move in window 4; its inputs never do
            for (int i = 0; i < 1000; i++) {
                predict(f, Map.of("x", random.nextGaussian()), probabilities(random, bias));
            }
            f.closeWindow();
            if (window == 3) {
                before = List.copyOf(f.events);
            }
        }
        assertTrue(before.stream().noneMatch(e -> e.name().equals("drift_detected")), before.toString());
        Set<String> drifting = new TreeSet<>();
        for (Event e : f.events) {
            if (e.name().equals("drift_detected")) {
                drifting.add((String) ((DerivedEvent) e).fields().get("feature"));
            }
        }
        assertTrue(drifting.contains("max(output)") && drifting.contains("argmax(output)"), drifting.toString());
        assertFalse(drifting.contains("x"), "the input is steady: " + drifting);
        DerivedEvent last = f.stats().get(f.stats().size() - 1);
        assertTrue(map(last.fields().get("drift")).containsKey("x"), "the input is scored too: " + last.fields());
    }

    @Test
    void aBaselineFilesOutputFeaturesAreScoredFromTheFirstWindow() throws Exception {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            values.append(i == 0 ? "" : ",").append(0.5 + (i % 100) / 1000.0);
        }
        Path file = dir.resolve("scores.json");
        Files.writeString(file, "{\"model_id\":\"m\",\"model_version\":\"1\",\"output_features\":{"
                + "\"output\":{\"type\":\"numeric\",\"values\":[" + values + "]}}}");
        DriftSettings drift = new DriftSettings(100_000, List.of(file)).withMinSamples(500);
        StatsFixture f = new StatsFixture(StatsFixture.defaults(), StatsListener.NONE, drift,
                BaselineFiles.read(drift));
        for (int i = 0; i < 600; i++) {
            predict(f, Map.of("x", 1.0), 0.9 + (i % 100) / 1000.0); // every score above the baseline's
        }
        f.closeWindow();
        DerivedEvent detected = (DerivedEvent) f.events.stream().filter(e -> e.name().equals("drift_detected"))
                .findFirst().orElseThrow(() -> new AssertionError(f.events.toString()));
        assertEquals("output", detected.fields().get("feature"));
        assertEquals(file.toString(), map(detected.fields().get("baseline")).get("source"));
        assertEquals("learning", map(f.onlyStats().fields().get("baseline")).get("status"),
                "the inputs, which the file does not describe, are still learning theirs");
    }
}
