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
    void outputFeatureNamesAreTheOnesTheAgentWrites() {
        for (String name : List.of("output", "output[*]", "output.score", "argmax(output)", "max(output)",
                "norm(output)", "length(output)")) {
            assertTrue(DriftOnsets.isOutputFeature(name), name);
        }
        for (String name : List.of("income", "outputs", "output_tokens", "max(income)", "input.output")) {
            assertFalse(DriftOnsets.isOutputFeature(name), name);
        }
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
