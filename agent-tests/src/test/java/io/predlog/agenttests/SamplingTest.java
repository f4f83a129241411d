package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.sampling.SampledServiceApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sampling: a pure function of the request id decides, so every event of a request is kept or left
 * out together, and two services that receive the same ids keep the same requests; failures and slow calls are
 * always kept; {@code sample_rate} re-weights the kept events back to the number of calls.
 */
class SamplingTest {

    static final int REQUESTS = 4_000;
    static final double RATE = 0.2;

    private static JvmRun serviceA;
    private static JvmRun serviceB;

    @BeforeAll
    static void runTwoServicesOnTheSameIds() {
        serviceA = service("service-a");
        serviceB = service("service-b");
    }

    static JvmRun service(String name) {
        String app = SampledServiceApp.class.getName();
        return AgentJvm.main(SampledServiceApp.class)
                .agentArgs("service=" + name + ",entry.api=" + app + "$Handler#handle,entry.api.request_id=arg0"
                        + ",predict.score=" + app + "$Model#predict,sample.success=" + RATE
                        + ",sample.slow_ms=" + SampledServiceApp.SLOW_MS / 2)
                .args(String.valueOf(REQUESTS)).run().assertSucceeded();
    }

    /** u(id) < rate, computed here from the documented formula (docs/EVENTS.md, "Sampling"). */
    static boolean sampledIn(String id, double rate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, Arrays.copyOf(digest, 8)).shiftRight(11).doubleValue() / Math.pow(2, 53) < rate;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> ids(Events events) {
        return new TreeSet<>(events.texts("request_id"));
    }

    @Test
    void exactlyTheRequestsTheFunctionSamplesInKeepTheirRoutineEvents() {
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < REQUESTS; i++) {
            String id = SampledServiceApp.id(i);
            if (sampledIn(id, RATE)) {
                expected.add(id);
            }
        }
        Events events = serviceA.events();
        assertEquals(expected, ids(events.named("request_start")), "request_start: the sampled-in requests");
        Set<String> routine = ids(events.named("prediction_success").where(e -> e.path("sample_rate").asDouble() < 1));
        Set<String> expectedRoutine = new TreeSet<>();
        for (int i = 0; i < REQUESTS; i++) {
            boolean special = i % SampledServiceApp.FAIL_EVERY == 0 || i % SampledServiceApp.SLOW_EVERY == 1;
            if (!special && expected.contains(SampledServiceApp.id(i))) {
                expectedRoutine.add(SampledServiceApp.id(i));
            }
        }
        expectedRoutine.removeAll(slowByChance(events, "prediction_success")); // kept at rate 1 as slow calls
        assertEquals(expectedRoutine, routine, "routine predictions: the sampled-in requests, at sample_rate " + RATE);
        double sigma = Math.sqrt(REQUESTS * RATE * (1 - RATE));
        assertTrue(Math.abs(expected.size() - REQUESTS * RATE) < 5 * sigma, "kept " + expected.size());
    }

    @Test
    void twoServicesKeepTheSameRequests() {
        // a routine call that a loaded machine made slow is kept in its own service only, by design: leave it out
        Set<String> slowByChance = new TreeSet<>();
        for (Events events : List.of(serviceA.events(), serviceB.events())) {
            slowByChance.addAll(slowByChance(events, "prediction_success", "request_success"));
        }
        for (String event : List.of("request_start", "request_success", "request_failure", "prediction_success",
                "prediction_failure")) {
            Set<String> a = ids(serviceA.events().named(event));
            Set<String> b = ids(serviceB.events().named(event));
            a.removeAll(slowByChance);
            b.removeAll(slowByChance);
            assertEquals(a, b, event);
        }
    }

    /**
     * The requests whose {@code kinds} of event (the prediction, the request as a whole) were slow though the
     * application did not make them so: past {@code sample.slow_ms} an event is kept at rate 1 in its own service.
     */
    private static Set<String> slowByChance(Events events, String... kinds) {
        Set<String> planted = plantedSlow();
        Set<String> slow = new TreeSet<>();
        for (String event : kinds) {
            slow.addAll(ids(events.named(event)
                    .where(e -> e.path("latency_ms").asDouble() > SampledServiceApp.SLOW_MS / 2.0)));
        }
        slow.removeAll(planted);
        return slow;
    }

    private static Set<String> plantedSlow() {
        Set<String> planted = new TreeSet<>();
        for (int i = 0; i < REQUESTS; i++) {
            if (i % SampledServiceApp.SLOW_EVERY == 1) {
                planted.add(SampledServiceApp.id(i));
            }
        }
        return planted;
    }

    @Test
    void everyFailureAndEverySlowCallIsKeptAtRateOne() {
        Events events = serviceA.events();
        Events failures = events.named("prediction_failure");
        assertEquals(REQUESTS / SampledServiceApp.FAIL_EVERY, failures.size());
        assertEquals(REQUESTS / SampledServiceApp.FAIL_EVERY, events.named("request_failure").size());
        Events slowCalls = events.named("prediction_success")
                .where(e -> e.path("latency_ms").asDouble() > SampledServiceApp.SLOW_MS / 2.0);
        // every call the application made slow, and any a loaded machine made slow too
        assertTrue(ids(slowCalls).containsAll(plantedSlow()), "every slow prediction: " + ids(slowCalls));
        for (JsonNode e : failures.all()) {
            assertEquals(1.0, e.path("sample_rate").asDouble(), e.toString());
            assertTrue(e.path("input_hash").isTextual(), "a kept failure has its input: " + e);
        }
        for (JsonNode e : slowCalls.all()) {
            assertEquals(1.0, e.path("sample_rate").asDouble(), e.toString());
        }
    }

    @Test
    void reweightingByOneOverSampleRateRecoversTheNumberOfCalls() {
        for (String kind : List.of("prediction", "request")) {
            double estimate = serviceA.events().where(e -> e.path("event").asText().matches(kind + "_(success|failure)"))
                    .stream().mapToDouble(e -> 1 / e.path("sample_rate").asDouble()).sum();
            // only routine calls are sampled: the estimate's deviation is theirs, sqrt(n r (1-r)) / r
            double sigma = Math.sqrt(REQUESTS * RATE * (1 - RATE)) / RATE;
            assertTrue(Math.abs(estimate - REQUESTS) < 5 * sigma, kind + ": estimate " + estimate + " for " + REQUESTS);
        }
    }
}
