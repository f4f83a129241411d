package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.loading.BundledModel;
import io.predlog.agenttests.fixtures.loading.CorruptModel;
import io.predlog.agenttests.fixtures.loading.LoadingApp;
import io.predlog.agenttests.fixtures.loading.ModelStore;
import io.predlog.agenttests.fixtures.loading.StoredModel;
import io.predlog.agenttests.fixtures.loading.Warmup;
import io.predlog.agenttests.fixtures.requests.Handler;
import io.predlog.agenttests.fixtures.requests.RequestApp;
import io.predlog.agenttests.fixtures.requests.ScoreModel;
import io.predlog.agenttests.fixtures.scoring.GuardedModel;
import io.predlog.agenttests.fixtures.scoring.Model;
import io.predlog.agenttests.fixtures.scoring.ScoringApp;
import io.predlog.agenttests.fixtures.scoring.TreeModel;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every instrumented call gives its events, each with every field the table names, of the right type;
 * failures carry a redacted, bounded message; nothing is written as an empty string.
 */
class EveryCallRecordedTest {

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3,9}Z");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern EVENT_ID = Pattern.compile("[0-9a-f]{32}");
    private static final List<String> COMMON = List.of("event", "level", "timestamp", "schema", "service", "host",
            "pid", "event_id", "thread");
    private static final Map<String, String> LEVELS = Map.of(
            "prediction_success", "INFO", "prediction_failure", "ERROR",
            "model_load_start", "INFO", "model_load_success", "INFO", "model_load_failure", "ERROR",
            "request_start", "INFO", "request_success", "INFO", "request_failure", "ERROR");

    private static JvmRun scoring;
    private static JvmRun loading;
    private static JvmRun requests;

    @BeforeAll
    static void runFixtures() {
        Path scoringConfig = ConfigFile.write("agent.properties",
                "predlog.predict.models = " + Model.class.getName() + "#predict",
                "predlog.predict.guarded = " + GuardedModel.class.getName() + "#decide");
        scoring = AgentJvm.main(ScoringApp.class).agentArgs("config=" + scoringConfig)
                .args("linear=3", "tree=2", "approve=2", "refuse=2", "overlong=1").run().assertSucceeded();

        Path loadingConfig = ConfigFile.write("agent.properties",
                "predlog.load.store = " + ModelStore.class.getName() + "#load",
                "predlog.load.store.model_id = arg0",
                "predlog.load.store.model_version = arg1",
                "predlog.load.bundled = " + BundledModel.class.getName() + "#<init>",
                "predlog.load.corrupt = " + CorruptModel.class.getName() + "#<init>",
                "predlog.load.corrupt.model_id = arg0",
                "predlog.entry.warmup = " + Warmup.class.getName() + "#warm",
                "predlog.predict.stored = " + StoredModel.class.getName() + "#predict");
        loading = AgentJvm.main(LoadingApp.class).agentArgs("config=" + loadingConfig).run().assertSucceeded();

        Path requestConfig = ConfigFile.write("agent.properties",
                "predlog.entry.http = " + Handler.class.getName() + "#handle",
                "predlog.entry.http.request_id = arg0.header(\"X-Request-ID\")",
                "predlog.predict.score = " + ScoreModel.class.getName() + "#predict");
        requests = AgentJvm.main(RequestApp.class).agentArgs("config=" + requestConfig)
                .args("ok", "-", "fail", "-", "ok", "-", "outside=2").run().assertSucceeded();
    }

    // ---- counts ------------------------------------------------------------------------------------------

    @Test
    void eachPredictionGivesOneSuccessOrFailureEvent() {
        Events events = scoring.events();
        assertEquals(5, events.named("prediction_success").target("models").size(), "3 linear + 2 tree");
        assertEquals(2, events.named("prediction_success").target("guarded").size(), "2 approvals");
        assertEquals(3, events.named("prediction_failure").target("guarded").size(), "2 refusals + 1 overlong");
        assertEquals(0, events.named("prediction_failure").target("models").size());
    }

    @Test
    void eachLoadGivesAStartAndASuccessOrFailure() {
        Events events = loading.events();
        // store: churn (ok) + missing (throws); bundled: one constructor; corrupt: one constructor that throws
        assertEquals(4, events.named("model_load_start").size(), events.toString());
        assertEquals(2, events.named("model_load_success").size(), events.toString());
        assertEquals(2, events.named("model_load_failure").size(), events.toString());
        assertEquals(1, events.named("model_load_failure").target("store").size());
        assertEquals(1, events.named("model_load_failure").target("corrupt").size());
    }

    @Test
    void eachRequestGivesAStartAndASuccessOrFailure() {
        Events events = requests.events();
        assertEquals(3, events.named("request_start").size());
        assertEquals(2, events.named("request_success").size());
        assertEquals(1, events.named("request_failure").size());
        assertEquals(3 * Handler.PREDICTIONS_PER_REQUEST + 2, events.named("prediction_success").size(),
                "2 per request + 2 outside any request");
        JsonNode failure = events.named("request_failure").single();
        assertEquals("java.lang.IllegalStateException", failure.path("error_type").asText());
        assertEquals("handler failed", failure.path("error_msg").asText());
        assertTrue(failure.path("latency_ms").isNumber());
    }

    // ---- fields ------------------------------------------------------------------------------------------

    @Test
    void everyEventHasTheCommonFieldsWithTheirTypes() {
        for (JvmRun run : List.of(scoring, loading, requests)) {
            for (JsonNode event : run.events().all()) {
                for (String field : COMMON) {
                    assertTrue(event.has(field), field + " missing in " + event);
                }
                String name = event.path("event").asText();
                if (name.equals("model_stats")) {
                    continue; // the statistics thread's summary of these calls (StatisticsCoverEveryCallTest)
                }
                assertTrue(LEVELS.containsKey(name), "only the events of these calls: " + event);
                assertEquals(LEVELS.get(name), event.path("level").asText(), "level of " + event);
                assertTrue(event.path("schema").isIntegralNumber() && event.path("schema").asInt() == 1,
                        "schema is the integer 1: " + event);
                assertTrue(event.path("pid").isIntegralNumber(), "pid is an integer: " + event);
                assertEquals(run.pid(), event.path("pid").asLong(), "pid is the process's id");
                assertEquals("main", event.path("thread").asText(), "all calls ran on the main thread");
                assertTrue(event.path("host").isTextual());
                assertTimestampWithin(run, event);
            }
        }
    }

    @Test
    void everyEventLineOfEveryProcessHasAnEventIdOfItsOwn() {
        Set<String> ids = new HashSet<>();
        int lines = 0;
        for (JvmRun run : List.of(scoring, loading, requests)) {
            Set<String> prefixes = new HashSet<>();
            for (JsonNode event : run.allEvents().all()) { // agent_health included
                lines++;
                String id = event.path("event_id").asText("");
                assertTrue(EVENT_ID.matcher(id).matches(), "event_id of 32 hex digits in " + event);
                assertTrue(ids.add(id), "event_id " + id + " written twice: " + event);
                prefixes.add(id.substring(0, 16));
            }
            assertEquals(1, prefixes.size(), "one process, one prefix: " + prefixes);
        }
        assertTrue(lines > 30, "events read: " + lines);
    }

    @Test
    void serviceDefaultsToTheMainClassSimpleName() {
        assertEquals(List.of("ScoringApp"), scoring.events().stream().map(e -> e.path("service").asText())
                .distinct().toList());
    }

    @Test
    void predictionEventsHaveEveryFieldOfTheTable() {
        for (JsonNode event : scoring.events().named("prediction_success").all()) {
            assertPredictionFields(event);
            assertTrue(event.path("output_hash").isTextual()
                    && HASH.matcher(event.path("output_hash").asText()).matches(), "output_hash in " + event);
        }
        JsonNode linear = scoring.events().named("prediction_success")
                .with("method", "io.predlog.agenttests.fixtures.scoring.LinearModel#predict").all().get(0);
        assertEquals("models", linear.path("target").asText());
        assertEquals("LinearModel", linear.path("model_id").asText(), "no load seen: the simple class name");
        assertFalse(linear.has("model_version"), "unknown: left out, not empty");
    }

    @Test
    void latencyIsTheCallsOwnDurationInMilliseconds() {
        Events tree = scoring.events().named("prediction_success")
                .with("method", TreeModel.class.getName() + "#predict");
        assertEquals(2, tree.size());
        for (JsonNode event : tree.all()) {
            double latency = event.path("latency_ms").asDouble();
            assertTrue(latency >= TreeModel.MILLIS && latency < 10_000, "TreeModel sleeps 20 ms: " + event);
        }
    }

    @Test
    void failuresCarryTypeAndRedactedMessageAndNoOutputHash() {
        Events failures = scoring.events().named("prediction_failure");
        for (JsonNode event : failures.all()) {
            assertPredictionFields(event);
            assertFalse(event.has("output_hash"), "no output on failure: " + event);
        }
        JsonNode refusal = failures.with("error_type", "java.lang.IllegalStateException").all().get(0);
        // the fixture's message, with the e-mail address and the 8-digit run redacted; 3 and 12345 stay
        assertEquals("no score for <redacted> on account <redacted> (attempt 3, code 12345)",
                refusal.path("error_msg").asText());
    }

    @Test
    void longErrorMessagesAreCutTo200Characters() {
        JsonNode overlong = scoring.events().named("prediction_failure")
                .with("error_type", "java.lang.IllegalArgumentException").single();
        String message = overlong.path("error_msg").asText();
        assertTrue(message.length() <= 200, "at most 200 characters: " + message.length());
        assertTrue(message.startsWith(GuardedModel.OVERLONG.getMessage().substring(0, 150)), message);
    }

    @Test
    void loadEventsHaveEveryFieldOfTheTable() {
        Events events = loading.events();
        for (JsonNode event : events.named("model_load_start").all()) {
            assertText(event, "request_id", "target", "method");
        }
        // known before the call only where the expression reads arguments (bundled's return.name is not)
        for (JsonNode event : events.named("model_load_start").target("store").all()) {
            assertText(event, "model_id", "model_version");
        }
        for (JsonNode event : events.named("model_load_success").all()) {
            assertText(event, "request_id", "target", "method", "model_id", "memory_method");
            assertNonNegativeNumber(event, "load_time_ms");
            assertNonNegativeNumber(event, "memory_mb");
            assertTrue(event.path("memory_mb").isDouble(), "memory_mb with a fraction digit (0.0, not 0): " + event);
            assertEquals("heap_used_delta+rss_anon_delta", event.path("memory_method").asText(),
                    "heap and resident memory on Linux, as docs/EVENTS.md says");
            assertNonNegativeNumber(event, "memory_heap_mb");
            assertNonNegativeNumber(event, "memory_native_mb");
        }
        for (JsonNode event : events.named("model_load_failure").all()) {
            assertText(event, "request_id", "target", "method", "error_type", "error_msg");
            assertNonNegativeNumber(event, "load_time_ms");
        }
    }

    @Test
    void requestEventsHaveEveryFieldOfTheTable() {
        Events events = requests.events();
        for (JsonNode event : events.named("request_start").all()) {
            assertText(event, "request_id", "target", "method");
            assertEquals(Handler.class.getName() + "#handle", event.path("method").asText());
        }
        for (String name : List.of("request_success", "request_failure")) {
            for (JsonNode event : events.named(name).all()) {
                assertText(event, "request_id", "target", "method");
                assertNonNegativeNumber(event, "latency_ms");
            }
        }
    }

    @Test
    void noFieldIsEverAnEmptyString() {
        for (JvmRun run : List.of(scoring, loading, requests)) {
            for (JsonNode event : run.events().all()) {
                assertNoEmptyStrings(event, event);
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static void assertPredictionFields(JsonNode event) {
        assertText(event, "request_id", "target", "method", "model_id");
        assertTrue(HASH.matcher(event.path("input_hash").asText()).matches(), "input_hash in " + event);
        assertTrue(event.path("input_size").isIntegralNumber() && event.path("input_size").asLong() > 0,
                "input_size in " + event);
        assertNonNegativeNumber(event, "latency_ms");
        assertTrue(event.path("input").isObject(), "input is an object: " + event);
        assertEquals("java.util.TreeMap", event.path("input").path("type").asText(), "the fixture passes a TreeMap");
        // isDouble: Jackson reads "1.0" as a double and "1" as an integer, so this checks the file's text too
        assertTrue(event.path("sample_rate").isDouble() && event.path("sample_rate").asDouble() == 1.0,
                "sample_rate 1.0 when nothing is sampled, with its fraction digit: " + event);
        assertTrue(event.path("method").asText().startsWith("io.predlog.agenttests.fixtures.scoring."), event.toString());
    }

    private static void assertText(JsonNode event, String... fields) {
        for (String field : fields) {
            assertTrue(event.path(field).isTextual() && !event.path(field).asText().isEmpty(),
                    field + " is a non-empty string in " + event);
        }
    }

    private static void assertNonNegativeNumber(JsonNode event, String field) {
        assertTrue(event.path(field).isNumber() && event.path(field).asDouble() >= 0,
                field + " is a non-negative number in " + event);
    }

    private static void assertTimestampWithin(JvmRun run, JsonNode event) {
        String text = event.path("timestamp").asText();
        assertTrue(TIMESTAMP.matcher(text).matches(), "ISO-8601 UTC with milliseconds: " + text);
        Instant at = Instant.parse(text);
        assertFalse(at.isBefore(run.started().minusSeconds(1)) || at.isAfter(run.finished().plusSeconds(1)),
                "timestamp " + at + " within the run " + run.started() + ".." + run.finished());
    }

    private static void assertNoEmptyStrings(JsonNode node, JsonNode event) {
        if (node.isTextual()) {
            assertFalse(node.asText().isEmpty(), "an empty string in " + event);
        }
        Iterator<JsonNode> children = node.elements();
        while (children.hasNext()) {
            assertNoEmptyStrings(children.next(), event);
        }
    }
}
