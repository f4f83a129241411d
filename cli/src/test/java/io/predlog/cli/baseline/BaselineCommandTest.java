package io.predlog.cli.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.predlog.agent.drift.Baseline;
import io.predlog.agent.drift.BaselineFiles;
import io.predlog.agent.drift.Distribution;
import io.predlog.cli.CommandRunner;
import io.predlog.cli.fixture.AgentLogs;
import io.predlog.cli.fixture.SampledLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesAFileTheAgentsBaselineReaderAcceptsWithTheVersionsInputValues() throws Exception {
        Path out = dir.resolve("fraud-v1.json");
        CommandRunner.Run run = CommandRunner.run("baseline", "--model", "fraud", "--version", "v1", "-o", out.toString(),
                AgentLogs.fraud().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("wrote " + out + ": baseline of fraud v1 from 305 successful predictions, "
                + "2 numeric features (amount, count)"), run.out());

        BaselineFiles files = BaselineFiles.read(List.of(out));
        Baseline v1 = files.find("score", "fraud", "v1");
        assertNotNull(v1, "the agent finds the baseline for any target of fraud v1");
        assertNull(files.find("score", "fraud", "v2"));
        assertEquals(305, v1.calls());
        Distribution amount = v1.features().get("amount");
        assertInstanceOf(Distribution.Numeric.class, amount);
        assertEquals(305, amount.count());
        double median = ((Distribution.Numeric) amount).sketch().getQuantile(0.5);
        assertTrue(median > 95 && median < 105, "amounts ~ N(100, 10): median " + median);
    }

    @Test
    void theOutputsScoresAreTheOutputBaselineTheAgentsReaderAccepts() throws Exception {
        Path out = dir.resolve("fraud-v1-output.json");
        CommandRunner.Run run = CommandRunner.run("baseline", "--model", "fraud", "--version", "v1", "-o", out.toString(),
                AgentLogs.fraud().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains(", 1 output feature (output)"), run.out());

        Baseline output = BaselineFiles.read(List.of(out)).findOutput("score", "fraud", "v1");
        assertNotNull(output, "the agent finds the output's baseline in the same entry");
        Distribution.Numeric score = assertInstanceOf(Distribution.Numeric.class, output.features().get("output"));
        assertEquals(305, score.count());
        double median = score.sketch().getQuantile(0.5);
        assertTrue(median > 0.475 && median < 0.525, "scores are amount / 200, amounts ~ N(100, 10): median " + median);
    }

    /**
     * A vector model as the agent logs it: each success's output summary (argmax, max, norm) and each window's
     * {@code model_stats.output_features} (the elements, {@code output[*]}, which no single event holds). The file
     * holds the events' argmax counts and maxima, and the windows' element quantiles.
     */
    @Test
    void aVectorsElementsComeFromTheWindowsStatisticsAndItsSummaryFromTheEvents() throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        java.time.Instant start = java.time.Instant.parse("2026-11-27T02:00:00Z");
        for (int i = 0; i < 300; i++) {
            lines.add("{\"event\":\"prediction_success\",\"level\":\"INFO\",\"timestamp\":\"" + start.plusMillis(200L * i)
                    + "\",\"schema\":1,\"service\":\"search\",\"host\":\"h\",\"pid\":7,\"thread\":\"main\","
                    + "\"target\":\"vector\",\"model_id\":\"embed\",\"model_version\":\"v1\",\"latency_ms\":0.5,"
                    + "\"output\":{\"type\":\"float[]\",\"list_length\":4,\"min\":-0.5,\"max\":" + (0.2 + i % 5 * 0.1)
                    + ",\"mean\":0.1,\"nan_count\":0,\"argmax\":" + (i % 3 == 0 ? 2 : 0) + ",\"norm\":1.0}}");
        }
        for (int w = 0; w < 2; w++) { // two windows of 150 calls, 600 elements each; the second's elements higher
            double shift = w;
            lines.add("{\"event\":\"model_stats\",\"level\":\"INFO\",\"timestamp\":\"" + start.plusSeconds(30L * (w + 1))
                    + "\",\"schema\":1,\"service\":\"search\",\"host\":\"h\",\"pid\":7,\"thread\":\"predlog-stats\","
                    + "\"target\":\"vector\",\"model_id\":\"embed\",\"model_version\":\"v1\",\"window_start\":\""
                    + start.plusSeconds(30L * w) + "\",\"window_end\":\"" + start.plusSeconds(30L * (w + 1))
                    + "\",\"window_s\":30.0,\"calls\":150,\"errors\":0,\"output_features\":{\"output[*]\":{\"kind\":\"numeric\","
                    + "\"count\":600,\"nulls\":0,\"nan_count\":0,\"min\":" + (shift - 1) + ",\"max\":" + (shift + 1)
                    + ",\"mean\":" + shift + ",\"quantiles\":{\"p01\":" + (shift - 0.98) + ",\"p05\":" + (shift - 0.9)
                    + ",\"p25\":" + (shift - 0.5) + ",\"p50\":" + shift + ",\"p75\":" + (shift + 0.5) + ",\"p95\":"
                    + (shift + 0.9) + ",\"p99\":" + (shift + 0.98) + "}},\"argmax(output)\":{\"kind\":\"categorical\","
                    + "\"count\":150,\"nulls\":0,\"categories\":{\"0\":100,\"2\":50},\"distinct\":2}}}");
        }
        Path log = Files.write(dir.resolve("embed.jsonl"), lines);
        Path out = dir.resolve("embed.json");

        CommandRunner.Run run = CommandRunner.run("baseline", "--model", "embed", "--version", "v1", "-o", out.toString(),
                log.toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("from 300 successful predictions, 0 numeric features, 4 output features "
                + "(argmax(output), max(output), norm(output), output[*])"), run.out());
        BaselineFiles files = BaselineFiles.read(List.of(out));
        assertNull(files.find("vector", "embed", "v1"), "no input features: the entry gives only the output's");
        Baseline output = files.findOutput("vector", "embed", "v1");
        Distribution.Categorical argmax = assertInstanceOf(Distribution.Categorical.class, output.features().get("argmax(output)"));
        assertEquals(Map.of("0", 200L, "2", 100L), argmax.counts(), "the events' argmax, call by call");
        Distribution.Numeric max = (Distribution.Numeric) output.features().get("max(output)");
        assertEquals(300, max.count());
        assertEquals(0.2, max.sketch().getMinItem(), 1e-9);
        assertEquals(0.6, max.sketch().getMaxItem(), 1e-9);
        Distribution.Numeric elements = (Distribution.Numeric) output.features().get("output[*]");
        assertEquals(1200, elements.count(), "as many values as the windows counted");
        assertEquals(0.5, elements.sketch().getQuantile(0.5), 0.05, "half the elements from each window: median between them");
        assertEquals(0.25, elements.sketch().getRank(0.0), 0.03, "a quarter of all: the first window's lower half");
        assertEquals(-1, elements.sketch().getMinItem(), 0.02);
        assertEquals(2, elements.sketch().getMaxItem(), 0.02);
    }

    @Test
    void aTargetGivenOnceIsWrittenIntoTheEntryAndValuesAreCappedBySampling() throws Exception {
        Path out = dir.resolve("b.json");
        CommandRunner.Run run = CommandRunner.run("baseline", "--model", "fraud", "--version", "v2", "--target", "score",
                "--max-values", "100", "-o", out.toString(), AgentLogs.gateway().toString());
        assertEquals(0, run.exit(), run.err());
        BaselineFiles files = BaselineFiles.read(List.of(out));
        assertEquals("score", files.entries().get(0).target());
        Baseline v2 = files.find("score", "fraud", "v2");
        assertEquals(100, v2.features().get("amount").count());
        assertTrue(v2.calls() > 200, "calls counts every success: " + v2.calls());
        assertTrue(Files.readString(out).contains("\"format\" : \"predlog-baseline\""));
    }

    @Test
    void withoutOneModelAndOneVersionItIsAUsageError() {
        CommandRunner.Run run = CommandRunner.run("baseline", "--model", "fraud", "-o", dir.resolve("x.json").toString(),
                AgentLogs.fraud().toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("give one --model and one --version, e.g. --model churn --version 3"), run.err());
    }

    @Test
    void aVersionWithoutPredictionsWritesNothingAndSaysWhy() {
        Path out = dir.resolve("none.json");
        CommandRunner.Run run = CommandRunner.run("baseline", "--model", "fraud", "--version", "v9", "-o", out.toString(),
                AgentLogs.fraud().toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("no prediction_success of model fraud version v9"), run.err());
        assertTrue(!Files.exists(out));
    }

    /**
     * 900 calls of amounts ~ N(100, 10) kept at rate 0.1 and 100 slow calls of amounts ~ N(10, 1) all kept: the
     * kept events are mostly the slow calls, the calls mostly the others. The file describes the calls, with as
     * many values as the kept events are worth (Kish's effective size).
     */
    @Test
    void sampledSuccessesCountForTheCallsTheyStandFor() throws Exception {
        Path log = dir.resolve("sampled.jsonl");
        java.util.Random random = new java.util.Random(5);
        double weight = 0;
        double squares = 0;
        java.time.Instant start = java.time.Instant.parse("2026-11-27T02:00:00Z");
        try (SampledLog sampled = new SampledLog(log)) {
            for (int i = 0; i < 1000; i++) {
                boolean slow = i % 10 == 0;
                double amount = slow ? 10 + random.nextGaussian() : 100 + 10 * random.nextGaussian();
                if (sampled.call("fraud", "v3", start.plusSeconds(i), slow ? 1500 : 5, Map.of("amount", amount), null, 0.1)) {
                    double w = slow ? 1 : 10;
                    weight += w;
                    squares += w * w;
                }
            }
            assertTrue(sampled.kept() < 200, "precondition: most calls were sampled out, " + sampled.kept() + " kept");
        }
        Path out = dir.resolve("v3.json");
        CommandRunner.Run run = CommandRunner.run("baseline", "--model", "fraud", "--version", "v3", "-o", out.toString(),
                log.toString());
        assertEquals(0, run.exit(), run.err());
        long kept = Files.readAllLines(log).size();
        assertTrue(run.out().startsWith("wrote " + out + ": baseline of fraud v3 from " + Math.round(weight)
                + " successful predictions (estimated from " + kept + " events kept, each counting 1 / sample_rate calls)"),
                run.out());

        Baseline v3 = BaselineFiles.read(List.of(out)).find("score", "fraud", "v3");
        assertEquals(Math.round(weight), v3.calls());
        assertEquals(1000, v3.calls(), 150, "the calls made, estimated");
        Distribution.Numeric amount = (Distribution.Numeric) v3.features().get("amount");
        assertEquals(Math.round(weight * weight / squares), amount.count(), "as many values as the evidence is worth");
        assertTrue(amount.count() < kept, amount.count() + " values from " + kept + " events of unequal weight");
        double rankOfFifty = amount.sketch().getRank(50);
        assertEquals(0.1, rankOfFifty, 0.04, "a tenth of the calls are the small amounts (of the kept events, "
                + "over half): rank of 50 is " + rankOfFifty);
        double median = amount.sketch().getQuantile(0.5);
        assertTrue(median > 95 && median < 105, "the calls' median amount: " + median);
    }
}
