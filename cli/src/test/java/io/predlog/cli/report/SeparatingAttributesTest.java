package io.predlog.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.predlog.cli.CommandRunner;

/**
 * What separates failing calls, counted as the calls were made: a kept event with sample rate r stands for 1 / r calls,
 * failures are kept at 1.0, so a target whose successes are sampled does not look as if it failed more.
 */
class SeparatingAttributesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-11-27T02:00:00Z");

    @TempDir
    Path dir;

    /**
     * Writes 5,000 calls of target {@code a} and 5,000 of target {@code b}, of which {@code failuresA} and
     * {@code failuresB} (multiples of 100) fail, spread evenly; of a's successes one in ten is kept, with
     * {@code keptRateA} as its sample rate.
     */
    private Path log(int failuresA, int failuresB, double keptRateA) throws IOException {
        Path file = dir.resolve("calls-" + failuresA + "-" + failuresB + "-" + keptRateA + ".jsonl");
        try (Writer w = Files.newBufferedWriter(file)) {
            long n = 0;
            long successesA = 0;
            for (int i = 0; i < 5000; i++) {
                for (String target : List.of("a", "b")) {
                    boolean failed = i % 50 < (target.equals("a") ? failuresA : failuresB) / 100;
                    boolean kept = failed || target.equals("b") || successesA++ % 10 == 0;
                    n++;
                    if (kept) {
                        w.write(JSON.writeValueAsString(prediction(n, target, failed,
                                failed || target.equals("b") ? 1.0 : keptRateA)));
                        w.write('\n');
                    }
                }
            }
        }
        return file;
    }

    /**
     * Writes 4,000 calls of one target taking about {@code typicalMs} (±10 %), of which three in ten of those with
     * {@code x} of 900 or more (a tenth of the calls) take {@code slowMs} instead.
     */
    private Path slowLog(double typicalMs, double slowMs) throws IOException {
        Path file = dir.resolve("slow-" + typicalMs + "-" + slowMs + ".jsonl");
        Random jitter = new Random(3);
        try (Writer w = Files.newBufferedWriter(file)) {
            for (long n = 1; n <= 4000; n++) {
                Map<String, Object> e = prediction(n, "a", false, 1.0);
                boolean slow = x(n) >= 900 && n % 10 < 3;
                e.put("latency_ms", slow ? slowMs : typicalMs * (0.9 + 0.2 * jitter.nextDouble()));
                w.write(JSON.writeValueAsString(e));
                w.write('\n');
            }
        }
        return file;
    }

    private static int x(long n) {
        return new Random(n).nextInt(1000);
    }

    private static Map<String, Object> prediction(long n, String target, boolean failed, double sampleRate) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", failed ? "prediction_failure" : "prediction_success");
        e.put("level", failed ? "ERROR" : "INFO");
        e.put("timestamp", START.plusMillis(n * 360).toString());
        e.put("schema", 1);
        e.put("service", "scoring");
        e.put("host", "host-1");
        e.put("pid", 4242);
        e.put("thread", "worker-1");
        e.put("request_id", String.format(Locale.ROOT, "%032x", n));
        e.put("target", target);
        e.put("method", "com.acme.Model#" + target);
        e.put("model_id", "scorer");
        e.put("model_version", "1");
        e.put("input_hash", String.format(Locale.ROOT, "%016x", n * 0x9E3779B97F4A7C15L));
        e.put("input_size", 40);
        e.put("latency_ms", 1.5);
        e.put("input", Map.of("type", "java.util.HashMap", "num_fields", 1, "field_names", List.of("x"),
                "total_size_bytes", 40, "values", Map.of("x", x(n))));
        e.put("sample_rate", sampleRate);
        if (failed) {
            e.put("error_type", "java.lang.IllegalStateException");
            e.put("error_msg", "scoring failed");
        }
        return e;
    }

    private static Optional<JsonNode> failureAttributes(Path file) throws IOException {
        return finding(file, "failure_attributes");
    }

    private static Optional<JsonNode> finding(Path file, String kind) throws IOException {
        CommandRunner.Run run = CommandRunner.run("report", "--json", file.toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode report = JSON.readTree(run.out());
        return StreamSupport.stream(report.get("findings").spliterator(), false)
                .filter(f -> f.get("kind").asText().equals(kind)).findFirst();
    }

    @Test
    void slowCallsStandOutByTheValueThatMadeThemSlow() throws IOException {
        // 2 ms calls, of which 3 in 10 with x >= 900 take 12 ms: the slow calls are those, and the top tenth of x names them
        JsonNode f = finding(slowLog(2, 12), "slow_call_attributes").orElseThrow(() -> new AssertionError("no finding"));
        String headline = f.get("headline").asText();
        assertTrue(headline.startsWith("Slow calls (over the p95 of their model version and input-size decile, and 1 ms) "
                + "stand out by input.values['x'] > "), headline);
        double bound = Double.parseDouble(headline.replaceAll(".*input.values\\['x'\\] > ([0-9.]+):.*", "$1"));
        assertTrue(bound >= 880 && bound <= 910, headline);
    }

    @Test
    void callsSlowerByLessThanAMillisecondAreNotSlowCalls() throws IOException {
        // the same calls at 40 µs, those with x >= 900 at 120 µs: as separable, but under a millisecond, so no finding
        assertEquals(Optional.empty(), finding(slowLog(0.04, 0.12), "slow_call_attributes").map(JsonNode::toPrettyString));
    }

    @Test
    void aTargetWhoseSuccessesAreSampledDoesNotStandOutWhenItFailsAsOftenAsTheOthers() throws IOException {
        // both targets fail 2 % of their calls; a keeps one success in ten, at sample_rate 0.1
        assertEquals(Optional.empty(), failureAttributes(log(100, 100, 0.1)).map(JsonNode::toPrettyString));
    }

    @Test
    void theSameKeptEventsReadAsUnsampledWouldMakeThatTargetStandOut() throws IOException {
        // the control: the same 590 events of a, claiming sample_rate 1.0, are 17 % failures against b's 2 %
        JsonNode f = failureAttributes(log(100, 100, 1.0)).orElseThrow(() -> new AssertionError("no finding"));
        assertTrue(f.get("headline").asText().contains("target = a"), f.toPrettyString());
    }

    @Test
    void aTargetThatFailsMoreStandsOutWithItsRatesCountedAsTheCallsWereMade() throws IOException {
        // a fails 6 % of its 5,000 calls, b 2 %: with a's successes weighted by 10, the rates are the calls' own
        JsonNode f = failureAttributes(log(300, 100, 0.1)).orElseThrow(() -> new AssertionError("no finding"));
        assertTrue(f.get("headline").asText().startsWith("Failing calls stand out by target = a: 75 % of them, 50 % of all calls"),
                f.toPrettyString());
        String evidence = f.get("evidence").toString();
        assertTrue(evidence.contains("400 failing calls of 10,000 predictions"), evidence);
        assertTrue(evidence.contains("failure rate 6.0 % vs 2.0 % without it (risk ratio 3)"), evidence);
    }

    @Test
    void valuesThatTieRankTheSameWhateverOrderTheyCameIn() {
        // the first three tie on everything but their label (40 % of their calls fail, 17.8 % of the rest); the
        // fourth and fifth have higher risk ratios (4.75 and 2.67 against 2.25)
        List<SeparatingAttributes.Candidate> candidates = List.of(
                new SeparatingAttributes.Candidate("country = 'b'", "country", "c", 100, 40),
                new SeparatingAttributes.Candidate("country = 'a'", "country", "c", 100, 40),
                new SeparatingAttributes.Candidate("plan = 'x'", "plan", "c", 100, 40),
                new SeparatingAttributes.Candidate("age > 90", "age", "c", 50, 40),
                new SeparatingAttributes.Candidate("size > 9", "size", "c", 200, 80));
        List<String> expected = List.of("age > 90", "size > 9", "country = 'a'", "country = 'b'", "plan = 'x'");
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            List<SeparatingAttributes.Candidate> shuffled = new java.util.ArrayList<>(candidates);
            java.util.Collections.shuffle(shuffled, random);
            shuffled.sort(SeparatingAttributes.ranking(1000, 200));
            assertEquals(expected, shuffled.stream().map(SeparatingAttributes.Candidate::label).toList());
        }
    }
}
