package io.predlog.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.predlog.cli.CommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftOnsetsTest {

    @TempDir
    Path dir;

    @Test
    void theOutputsFeaturesAreNamedAsPredictionDriftBesideTheInputs() throws Exception {
        Path log = Files.write(dir.resolve("events.jsonl"), List.of(
                drift("income", "2026-11-27T02:40:00Z"),
                drift("max(output)", "2026-11-27T02:40:00Z"),
                drift("output[*]", "2026-11-27T02:41:00Z")));

        CommandRunner.Run run = CommandRunner.run("report", log.toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("input drift in income; prediction drift in max(output), output[*]"), run.out());
    }

    @Test
    void aDriftEventWithoutItsFeatureOrMetricIsReportedUnderThatNameNotAnError() throws Exception {
        // written by another tool, or cut short: the report names what is missing and goes on
        Path log = Files.write(dir.resolve("events.jsonl"), List.of(
                drift("income", "2026-11-27T02:40:00Z").replace("\"feature\":\"income\",", ""),
                drift("age", "2026-11-27T02:41:00Z").replace("\"metric\":\"psi\",", "")));

        CommandRunner.Run run = CommandRunner.run("report", log.toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("(no feature) (psi): from the window starting"), run.out());
        assertTrue(run.out().contains("age ((no metric)): from the window starting"), run.out());
    }

    @Test
    void anElementWiseDriftIsKeptOnlyWhenItsScoreIsBeyondNoiseCountedInCalls() throws Exception {
        // 12 similarities a call: 44 baseline calls (528 values) and 71 window calls (852 values). KS 0.11 is past the
        // agent's noise level counted in values (0.108) but far under the one counted in calls (0.37).
        Path fewCalls = Files.write(dir.resolve("few.jsonl"), List.of(
                elementWise("embed", 0.11, 44, 528, 852), stats("embed", 71)));
        Path manyCalls = Files.write(dir.resolve("many.jsonl"), List.of(
                elementWise("embed", 0.11, 5000, 60_000, 12_000), stats("embed", 1000)));

        CommandRunner.Run few = CommandRunner.run("report", fewCalls.toString());
        CommandRunner.Run many = CommandRunner.run("report", manyCalls.toString());

        assertEquals(0, few.exit(), few.err());
        assertFalse(few.out().contains("output[*]"), few.out());
        assertEquals(0, many.exit(), many.err());
        assertTrue(many.out().contains("model embed v1: prediction drift in output[*]"), many.out());
    }

    @Test
    void aScoreWithinTheNoiseOfAllTheWindowsTestsIsLeftOutAndOneFarPastItIsKept() throws Exception {
        // 52 baseline and 130 window values: a PSI of 0.79 passes one test's noise level at α = 0.001 (0.75) but not
        // that of 42 tests (about 1.0); 2.5 passes both
        String many = tests(21);
        Path weak = Files.write(dir.resolve("weak.jsonl"), List.of(
                scored("age", "psi", 0.79, 52, 130, null), stats("churn", 130, many, "")));
        Path strong = Files.write(dir.resolve("strong.jsonl"), List.of(
                scored("age", "psi", 2.5, 52, 130, null), stats("churn", 130, many, "")));
        Path alone = Files.write(dir.resolve("alone.jsonl"), List.of(
                scored("age", "psi", 0.79, 52, 130, null), stats("churn", 130, tests(1).replace(",\"ks\":0.1", ""), "")));

        assertFalse(report(weak).contains("input drift in age"), report(weak));
        assertTrue(report(strong).contains("model churn v1: input drift in age"), report(strong));
        assertTrue(report(alone).contains("model churn v1: input drift in age"), report(alone));
    }

    @Test
    void aCategoricalFeaturesNoiseLevelCountsItsCategories() throws Exception {
        // a JS distance of 0.35 between 52 and 130 values: past the noise level of 2 categories at α = 0.001 / 4
        // (0.26), within that of 10 bins (0.39)
        String features = ",\"features\":{\"plan\":{\"kind\":\"categorical\",\"count\":130,"
                + "\"categories\":{\"basic\":70,\"premium\":60}}}";
        Path twoCategories = Files.write(dir.resolve("two.jsonl"), List.of(
                scored("plan", "js", 0.35, 52, 130, "[{\"category\":\"premium\",\"baseline\":0.2,\"window\":0.46}]"),
                stats("churn", 130, tests(2), features)));

        assertTrue(report(twoCategories).contains("model churn v1: input drift in plan"), report(twoCategories));
        assertTrue(DriftOnsets.noiseLevel("js", 2, 130, 52, 0.001 / 4) < 0.35);
        assertTrue(DriftOnsets.noiseLevel("js", DriftOnsets.BINS, 130, 52, 0.001 / 4) > 0.35);
    }

    @Test
    void theNoiseLevelsAreTheOnesDocsDriftStates() {
        // docs/DRIFT.md: KS at n = 100 (beside a baseline of 5,000) needs D = 0.196 at α = 0.001
        assertEquals(0.197, DriftOnsets.noiseLevel("ks", DriftOnsets.BINS, 100, 5000, 0.001), 0.001);
        // PSI is (1/n + 1/m) times χ² with bins - 1 degrees of freedom: 27.88 at 9 and 0.999
        assertEquals(27.877 * (1.0 / 1000 + 1.0 / 5000), DriftOnsets.noiseLevel("psi", 10, 1000, 5000, 0.001), 1e-3);
        assertEquals(0, DriftOnsets.noiseLevel("wasserstein", 10, 1000, 5000, 0.001));
    }

    @Test
    void outputFeatureNamesAreTheOnesTheAgentWrites() {
        for (String name : List.of("output", "output[*]", "output.score", "argmax(output)", "max(output)",
                "norm(output)", "length(output)")) {
            assertTrue(DriftOnsets.isOutputFeature(name), name);
        }
        for (String name : List.of("income", "outputs", "output_tokens", "max(income)", "input.output")) {
            assertFalse(DriftOnsets.isOutputFeature(name), name);
        }
    }

    private static String elementWise(String model, double ks, long baselineCalls, long baselineValues, long windowValues) {
        return "{\"event\":\"drift_detected\",\"level\":\"WARN\",\"timestamp\":\"2026-11-27T02:41:00.005Z\",\"schema\":1,"
                + "\"service\":\"scoring\",\"host\":\"h\",\"pid\":7,\"thread\":\"predlog-stats\",\"target\":\"vector\","
                + "\"model_id\":\"" + model + "\",\"model_version\":\"v1\",\"feature\":\"output[*]\",\"metric\":\"ks\","
                + "\"value\":" + ks + ",\"threshold\":0.1,\"baseline\":{\"source\":\"learned\",\"calls\":" + baselineCalls
                + ",\"count\":" + baselineValues + "},\"window\":{\"start\":\"2026-11-27T02:40:00.000Z\","
                + "\"end\":\"2026-11-27T02:41:00.000Z\",\"count\":" + windowValues + "}}";
    }

    private String report(Path log) {
        CommandRunner.Run run = CommandRunner.run("report", log.toString());
        assertEquals(0, run.exit(), run.err());
        return run.out();
    }

    /** A {@code drift} object of {@code features} features, each scored on psi and ks. */
    private static String tests(int features) {
        StringBuilder b = new StringBuilder(",\"drift\":{");
        for (int i = 0; i < features; i++) {
            b.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":{\"psi\":0.1,\"ks\":0.1}");
        }
        return b.append('}').toString();
    }

    /** A drift_detected of churn v1 over the window 02:40 to 02:41, with the values counted in both samples. */
    private static String scored(String feature, String metric, double value, long baseline, long window, String moved) {
        return "{\"event\":\"drift_detected\",\"level\":\"WARN\",\"timestamp\":\"2026-11-27T02:41:00.005Z\",\"schema\":1,"
                + "\"service\":\"scoring\",\"host\":\"h\",\"pid\":7,\"thread\":\"predlog-stats\",\"target\":\"score\","
                + "\"model_id\":\"churn\",\"model_version\":\"v1\",\"feature\":\"" + feature + "\",\"metric\":\"" + metric
                + "\",\"value\":" + value + ",\"threshold\":0.1,\"baseline\":{\"source\":\"learned\",\"calls\":" + baseline
                + ",\"count\":" + baseline + "},\"window\":{\"start\":\"2026-11-27T02:40:00.000Z\","
                + "\"end\":\"2026-11-27T02:41:00.000Z\",\"count\":" + window + "}"
                + (moved == null ? "" : ",\"top_moved_bins\":" + moved) + "}";
    }

    private static String stats(String model, long calls, String drift, String features) {
        return "{\"event\":\"model_stats\",\"level\":\"INFO\",\"timestamp\":\"2026-11-27T02:41:00.005Z\",\"schema\":1,"
                + "\"service\":\"scoring\",\"host\":\"h\",\"pid\":7,\"thread\":\"predlog-stats\",\"target\":\"score\","
                + "\"model_id\":\"" + model + "\",\"model_version\":\"v1\",\"window_start\":\"2026-11-27T02:40:00.000Z\","
                + "\"window_end\":\"2026-11-27T02:41:00.000Z\",\"window_s\":60.0,\"calls\":" + calls + ",\"errors\":0"
                + features + drift + "}";
    }

    private static String stats(String model, long calls) {
        return "{\"event\":\"model_stats\",\"level\":\"INFO\",\"timestamp\":\"2026-11-27T02:41:00.005Z\",\"schema\":1,"
                + "\"service\":\"scoring\",\"host\":\"h\",\"pid\":7,\"thread\":\"predlog-stats\",\"target\":\"vector\","
                + "\"model_id\":\"" + model + "\",\"model_version\":\"v1\",\"window_start\":\"2026-11-27T02:40:00.000Z\","
                + "\"window_end\":\"2026-11-27T02:41:00.000Z\",\"window_s\":60.0,\"calls\":" + calls + ",\"errors\":0}";
    }

    private static String drift(String feature, String windowStart) {
        return "{\"event\":\"drift_detected\",\"level\":\"WARN\",\"timestamp\":\"" + windowStart.replace(":00Z", ":59.5Z")
                + "\",\"schema\":1,\"service\":\"scoring\",\"host\":\"h\",\"pid\":7,\"thread\":\"predlog-stats\","
                + "\"target\":\"score\",\"model_id\":\"churn\",\"model_version\":\"v2\",\"feature\":\"" + feature
                + "\",\"metric\":\"psi\",\"value\":0.42,\"threshold\":0.2,\"severity\":\"significant\","
                + "\"window\":{\"start\":\"" + windowStart + "\",\"end\":\"" + windowStart.replace(":00Z", ":59Z")
                + "\",\"count\":500}}";
    }
}
