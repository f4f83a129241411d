package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.requests.BulkApp;
import io.predlog.agenttests.fixtures.requests.ConcurrentRequestsApp;
import io.predlog.agenttests.fixtures.requests.Handler;
import io.predlog.agenttests.fixtures.requests.RequestApp;
import io.predlog.agenttests.fixtures.requests.ScoreModel;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.predlog.agenttests.harness.RunningJvm;
import io.predlog.agenttests.harness.TestEnvironment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An entry call starts a request whose id every nested event carries; an inbound id is
 * adopted when it is a non-blank run of at most 128 printable ASCII characters, else one is generated; a call
 * outside any request gets its own generated id, 32 lowercase hex characters, distinct every time.
 */
class RequestIdsSpanTheRequestTest {

    private static final Pattern GENERATED = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern LISTENING = Pattern.compile("sample-app listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String MAX_LENGTH_ID = "y".repeat(128);

    /** Requests in the order the fixture handles them: path and X-Request-ID header (see RequestApp). */
    private static final String[] REQUESTS = {
            "adopt", "req-abc-123",
            "too-long", "x*129",
            "non-printable", "bad\\u0007id",
            "non-ascii", "caf\\u00e9-1",
            "blank", "   ",
            "absent", "-",
            "longest", "y*128",
            "fail", "req-fail-1"};

    private static JvmRun run;
    private static List<String> requestIds;

    @BeforeAll
    static void handleRequests() {
        Path config = ConfigFile.write("agent.properties",
                "predlog.entry.http = " + Handler.class.getName() + "#handle",
                "predlog.entry.http.request_id = arg0.header(\"X-Request-ID\")",
                "predlog.predict.score = " + ScoreModel.class.getName() + "#predict");
        String[] args = java.util.Arrays.copyOf(REQUESTS, REQUESTS.length + 1);
        args[REQUESTS.length] = "outside=3";
        run = AgentJvm.main(RequestApp.class).agentArgs("config=" + config).args(args).run().assertSucceeded();
        requestIds = run.events().named("request_start").texts("request_id");
        assertEquals(REQUESTS.length / 2, requestIds.size(), "one request_start per request: " + run.events());
    }

    @Test
    void nestedPredictionsShareTheirRequestsId() {
        Events events = run.events();
        for (String id : requestIds) {
            Events request = events.with("request_id", id);
            assertEquals(1, request.named("request_start").size(), id);
            assertEquals(Handler.PREDICTIONS_PER_REQUEST, request.named("prediction_success").size(),
                    "both nested predictions carry the request's id " + id);
            assertEquals(1, request.named("request_success").size() + request.named("request_failure").size(), id);
            assertEquals(Handler.PREDICTIONS_PER_REQUEST + 2, request.size(), "nothing else has this id");
        }
    }

    @Test
    void aValidInboundIdIsAdopted() {
        assertEquals("req-abc-123", requestIds.get(0));
        assertEquals(MAX_LENGTH_ID, requestIds.get(6), "128 characters is still adoptable");
        assertEquals("req-fail-1", requestIds.get(7), "a failing request keeps its adopted id");
        assertEquals("req-fail-1", run.events().named("request_failure").single().path("request_id").asText());
    }

    @Test
    void anInvalidOrMissingInboundIdIsReplacedByAGeneratedOne() {
        List<String> replaced = requestIds.subList(1, 6); // too-long, non-printable, non-ascii, blank, absent
        for (String id : replaced) {
            assertTrue(GENERATED.matcher(id).matches(), "a generated id, not the inbound one: " + id);
        }
        assertEquals(replaced.size(), new HashSet<>(replaced).size(), "each generated id is new");
    }

    @Test
    void aPredictionOutsideAnyRequestGetsItsOwnGeneratedId() {
        Set<String> inRequests = new HashSet<>(requestIds);
        List<String> outside = run.events().named("prediction_success").stream()
                .map(e -> e.path("request_id").asText())
                .filter(id -> !inRequests.contains(id))
                .toList();
        assertEquals(3, outside.size(), "three predictions outside any request");
        for (String id : outside) {
            assertTrue(GENERATED.matcher(id).matches(), id);
        }
        assertEquals(3, new HashSet<>(outside).size(), "one id each");
    }

    @Test
    void generatedIdsAreDistinctOver100000Calls() {
        int calls = 100_000;
        JvmRun bulk = AgentJvm.main(BulkApp.class)
                .agentArgs("predict.bulk=" + BulkApp.CounterModel.class.getName() + "#predict,queue.capacity=262144")
                .args(String.valueOf(calls))
                .timeout(Duration.ofMinutes(3))
                .run().assertSucceeded();
        assertEquals(List.of("predictions 100000 sum " + (long) calls * (calls - 1) / 2), bulk.stdout());

        Events predictions = bulk.events().named("prediction_success");
        assertEquals(calls, predictions.size(), "none dropped with a queue this large\n" + bulk.describe());
        Set<String> ids = new HashSet<>(calls * 2);
        for (JsonNode event : predictions.all()) {
            String id = event.path("request_id").asText();
            assertTrue(GENERATED.matcher(id).matches(), id);
            ids.add(id);
        }
        assertEquals(calls, ids.size(), "every call outside a request has its own id");
        assertNotEquals(0, ids.size());
    }

    @Test
    void anHttpRequestsIdFromItsHeaderSpansTheModelLoadItCauses() throws Exception {
        JvmRun service;
        try (RunningJvm running = AgentJvm.jar(TestEnvironment.sampleAppJar())
                .agentArgs("config=" + TestEnvironment.exampleConfig())
                .args("--port", "0")
                .start()) {
            Matcher listening = running.awaitStdout(LISTENING, Duration.ofSeconds(60));
            URI base = URI.create("http://127.0.0.1:" + listening.group(1));
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> load = client.send(HttpRequest.newBuilder(base.resolve("/models/load"))
                    .header("X-Request-ID", "http-load-42")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"churn\",\"version\":\"v2\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, load.statusCode(), load.body());
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(base.resolve("/health"))
                    .header("X-Request-ID", "x".repeat(200)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            service = running.stop();
        }
        assertTrue(service.stdout().contains("sample-app stopped"), "SIGTERM ran the shutdown hooks: "
                + service.describe());

        Events adopted = service.events().with("request_id", "http-load-42");
        assertEquals(List.of("request_start", "model_load_start", "model_load_success", "request_success"),
                adopted.texts("event"), "the load runs inside the request and carries its id: " + adopted);
        JsonNode load = adopted.named("model_load_success").single();
        assertEquals("churn", load.path("model_id").asText());
        assertEquals("v2", load.path("model_version").asText());

        List<String> generated = service.events().named("request_start").texts("request_id").stream()
                .filter(id -> !id.equals("http-load-42")).toList();
        assertEquals(1, generated.size(), "the /health request");
        assertTrue(GENERATED.matcher(generated.get(0)).matches(), "a 200-character header is not adopted");
    }

    @Test
    void requestsOnPooledThreadsNeitherMixNorLeakTheirIds() {
        int requests = 200;
        Path config = ConfigFile.write("agent.properties",
                "predlog.entry.http = " + Handler.class.getName() + "#handle",
                "predlog.entry.http.request_id = arg0.header(\"X-Request-ID\")",
                "predlog.predict.score = " + ScoreModel.class.getName() + "#predict");
        JvmRun pooled = AgentJvm.main(ConcurrentRequestsApp.class).agentArgs("config=" + config)
                .args(String.valueOf(requests), "40").run().assertSucceeded();

        Events events = pooled.events();
        for (int n = 0; n < requests; n++) {
            Events request = events.with("request_id", "req-" + n);
            assertEquals(Handler.PREDICTIONS_PER_REQUEST + 2, request.size(), "req-" + n + ": " + request);
            assertEquals(1, request.stream().map(e -> e.path("thread").asText()).distinct().count(),
                    "one request, one thread");
        }
        List<String> outside = events.named("prediction_success").texts("request_id").stream()
                .filter(id -> !id.startsWith("req-")).toList();
        assertEquals(40, outside.size(), "a pooled thread carries no id into its next task");
        outside.forEach(id -> assertTrue(GENERATED.matcher(id).matches(), id));
        assertEquals(40, new HashSet<>(outside).size());
    }
}
