package io.predlog.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.predlog.cli.CommandRunner;
import io.predlog.cli.fixture.SampledLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} between versions whose successes were sampled at different rates: every figure is of the calls
 * the kept events stand for, so sampling alone never shows as a difference, and a real difference still does.
 */
class CompareSampledTest {

    private static final int CALLS = 40_000;

    @TempDir
    Path dir;

    /** What one version's calls were really like. */
    private record Truth(double failureRate, double latencyScale, double successRate) {
    }

    /** The calls of both versions, interleaved over the same period, as the agent kept them; returns true failures. */
    private long[] write(Path file, Truth v1, Truth v2) throws IOException {
        Random random = new Random(11);
        long[] failures = new long[2];
        Instant start = Instant.parse("2026-11-27T02:00:00Z");
        try (SampledLog log = new SampledLog(file)) {
            for (int i = 0; i < CALLS; i++) {
                for (int v = 0; v < 2; v++) {
                    Truth t = v == 0 ? v1 : v2;
                    boolean failed = random.nextDouble() < t.failureRate();
                    failures[v] += failed ? 1 : 0;
                    // failures are slow and come from large amounts; 0.5 % of successes take over a second
                    double latency = failed ? 40 + 5 * random.nextGaussian()
                            : random.nextDouble() < 0.005 ? 1500 + 100 * random.nextDouble()
                            : 5 * Math.exp(0.3 * random.nextGaussian());
                    double amount = failed ? 130 + 10 * random.nextGaussian() : 100 + 10 * random.nextGaussian();
                    log.call("fraud", v == 0 ? "v1" : "v2", start.plusMillis(i * 50L + v), latency * t.latencyScale(),
                            Map.of("amount", amount), failed ? "java.lang.IllegalArgumentException" : null, t.successRate());
                }
            }
        }
        return failures;
    }

    private static List<String> cells(List<String> lines, String start) {
        String line = lines.stream().filter(l -> l.trim().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + start + "' in\n" + String.join("\n", lines)));
        return List.of(line.trim().split("\\s{2,}"));
    }

    private static double percent(String cell) {
        return Double.parseDouble(cell.substring(0, cell.indexOf('%')));
    }

    @Test
    void versionsSampledAtOneQuarterAndTwoPercentShowTheirCallsNotTheirSampling() throws IOException {
        Path file = dir.resolve("sampled.jsonl");
        long[] failures = write(file, new Truth(0.02, 1, 0.25), new Truth(0.02, 1, 0.02));

        CommandRunner.Run run = CommandRunner.run("compare", "--model", "fraud", "v1", "v2", file.toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(2).startsWith("sampled: each event counts 1 / sample_rate calls"), run.out());

        List<String> kept = cells(lines, "events kept");
        long keptV2 = Long.parseLong(kept.get(2));
        assertTrue(failures[1] > 0.4 * keptV2, "precondition: the kept events of v2 alone would show an error rate of "
                + failures[1] + " / " + keptV2);

        List<String> calls = cells(lines, "calls");
        for (int v = 1; v <= 2; v++) {
            double estimate = Double.parseDouble(calls.get(v));
            assertEquals(CALLS, estimate, 0.1 * CALLS, "calls of v" + v + " estimated from its kept events: " + calls);
        }
        List<String> errors = cells(lines, "error rate");
        assertEquals(100.0 * failures[0] / CALLS, percent(errors.get(1)), 0.3, errors.toString());
        assertEquals(100.0 * failures[1] / CALLS, percent(errors.get(2)), 0.3, errors.toString());
        assertTrue(errors.get(4).startsWith("two-proportion z-test"), "the same failure rate is not marked: " + errors);

        List<String> p50 = cells(lines, "latency p50 ms");
        assertEquals(5, Double.parseDouble(p50.get(1)), 0.5, p50.toString());
        assertEquals(5, Double.parseDouble(p50.get(2)), 0.5, "the successes' median, not the kept failures': " + p50);
        assertTrue(p50.get(4).startsWith("Mann-Whitney U"), "the same latencies are not marked: " + p50);

        List<String> mean = cells(lines, "mean");
        assertEquals(100.6, Double.parseDouble(mean.get(1)), 1, mean.toString());
        assertEquals(100.6, Double.parseDouble(mean.get(2)), 1, mean.toString());
        assertTrue(mean.get(4).startsWith("Kolmogorov-Smirnov"), "the same input values are not marked: " + mean);
        assertEquals(CALLS, Double.parseDouble(cells(lines, "input.values['amount'] n").get(2)), 0.1 * CALLS);
    }

    @Test
    void aRealDifferenceBetweenVersionsSampledDifferentlyIsStillMarked() throws IOException {
        Path file = dir.resolve("worse.jsonl");
        long[] failures = write(file, new Truth(0.02, 1, 0.25), new Truth(0.04, 1.3, 0.02));

        CommandRunner.Run run = CommandRunner.run("compare", "--model", "fraud", "v1", "v2", file.toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        List<String> errors = cells(lines, "error rate");
        assertEquals(100.0 * failures[1] / CALLS, percent(errors.get(2)), 0.4, errors.toString());
        assertTrue(errors.get(4).startsWith("* two-proportion z-test"), errors.toString());
        List<String> p50 = cells(lines, "latency p50 ms");
        assertEquals(6.5, Double.parseDouble(p50.get(2)), 0.6, p50.toString());
        assertTrue(p50.get(3).matches("x1\\.[23]\\d"), p50.toString());
        assertTrue(p50.get(4).startsWith("* Mann-Whitney U"), p50.toString());
    }
}
