package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.expected.CanonicalJson;
import io.predlog.agenttests.expected.Digests;
import io.predlog.agenttests.fixtures.stats.ChurnTraffic;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statistics are kept on every call in the process, whatever the sampling: with 1 % of
 * predictions logged, the {@code model_stats} windows still count every call and every failure exactly, describe
 * the features, and let no raw string out except the categorical field's values.
 */
class StatisticsCoverEveryCallTest {

    static final int CALLS = 20_000;
    private static JvmRun run;

    @BeforeAll
    static void scoreWithOnePercentSampling() {
        String model = ChurnTraffic.Model.class.getName();
        run = AgentJvm.main(ChurnTraffic.class)
                .agentArgs("predict.churn=" + model + "#predict,predict.churn.input=arg0,predict.churn.model_id=\"churn\""
                        + ",predict.churn.model_version=\"3\",sample.success=0.01,input.categorical=country")
                .args(String.valueOf(CALLS)).run().assertSucceeded();
    }

    private static Events stats() {
        return run.events().named("model_stats");
    }

    private static long sum(Events events, String field) {
        return events.stream().mapToLong(e -> e.path(field).asLong()).sum();
    }

    @Test
    void everyCallAndEveryFailureIsCountedThoughOnePercentIsLogged() {
        long failures = (CALLS + ChurnTraffic.FAIL_EVERY - 1) / ChurnTraffic.FAIL_EVERY;
        assertEquals(CALLS, sum(stats(), "calls"), run.describe());
        assertEquals(failures, sum(stats(), "errors"));
        int logged = run.events().named("prediction_success").size();
        assertTrue(logged < CALLS * 0.02, "about 1 % of successes logged, got " + logged);
        assertEquals(failures, run.events().named("prediction_failure").size(), "failures are always logged");
        for (JsonNode s : stats().all()) {
            assertEquals("churn", s.path("target").asText());
            assertEquals("3", s.path("model_version").asText());
            assertEquals(0, s.path("observations_dropped").asLong(), "nothing dropped at this rate");
        }
    }

    @Test
    void theLastWindowIsWrittenAtShutdownCutShort() {
        JsonNode last = stats().all().get(stats().size() - 1);
        assertTrue(last.path("partial").asBoolean(), last.toString());
    }

    @Test
    void featuresAreDescribedAndOnlyTheCategoricalFieldShowsRawValues() throws IOException {
        JsonNode busiest = stats().stream().max((a, b) -> Long.compare(a.path("calls").asLong(),
                b.path("calls").asLong())).orElseThrow();
        JsonNode features = busiest.path("features");
        assertEquals("numeric", features.path("income").path("kind").asText());
        assertEquals(50_000, features.path("income").path("quantiles").path("p50").asDouble(), 2_000);
        assertEquals("categorical", features.path("country").path("kind").asText());
        assertTrue(features.path("country").path("categories").has("DE"), features.toString());
        assertEquals("string", features.path("email").path("kind").asText());
        String frequent = "customer" + ChurnTraffic.FREQUENT_CUSTOMER + "@example.com";
        assertEquals(Digests.hash(CanonicalJson.bytes(frequent)),
                features.path("email").path("top").path(0).path("value_hash").asText(),
                "the most frequent address, as the hash it would have as a whole input: " + features.path("email"));
        try (Stream<java.nio.file.Path> files = Files.walk(run.fileDir())) {
            for (java.nio.file.Path p : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(p);
                if (p.toString().endsWith(".gz")) {
                    bytes = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
                }
                String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                assertFalse(text.contains("@example.com"), "a raw e-mail address in " + p);
            }
        }
    }

    @Test
    void latencyPercentilesAreOrdered() {
        for (JsonNode s : stats().all()) {
            if (s.path("calls").asLong() == 0) {
                continue;
            }
            JsonNode l = s.path("latency_ms");
            assertTrue(l.path("p50").asDouble() <= l.path("p90").asDouble(), l.toString());
            assertTrue(l.path("p90").asDouble() <= l.path("p99").asDouble(), l.toString());
            assertTrue(l.path("p99").asDouble() <= l.path("p999").asDouble(), l.toString());
            assertTrue(l.path("p999").asDouble() <= l.path("max").asDouble() * 1.01, l.toString());
        }
    }
}
