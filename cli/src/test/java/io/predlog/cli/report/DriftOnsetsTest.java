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
