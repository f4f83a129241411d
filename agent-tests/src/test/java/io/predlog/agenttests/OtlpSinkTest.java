package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.scoring.Model;
import io.predlog.agenttests.fixtures.scoring.ScoringApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.OtlpEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code otlp} sink, loaded from its extension jar by an agent attached to a real program, sending OTLP/JSON to an
 * endpoint on the loopback interface: every event the file sink writes arrives as one log record, in the same order;
 * a run whose endpoint was down leaves its events in the spool, and the next run sends them first (docs/SINKS.md,
 * "The otlp sink").
 */
class OtlpSinkTest {

    private static final String TARGET = "predict.models=" + Model.class.getName() + "#predict";

    private static String args(String url, Path spool) {
        return TARGET + ",sinks=file,otlp,extensions=" + OtlpEndpoint.sinkJar() + ",otlp.endpoint=" + url
                + ",otlp.protocol=http/json,otlp.spool.dir=" + spool + ",otlp.batch.linger_ms=20"
                + ",otlp.retry.initial_ms=50";
    }

    /** Each record's attribute {@code key} as text, "" where it has none. */
    private static List<String> attribute(List<JsonNode> records, String key) {
        return records.stream().map(r -> {
            for (JsonNode a : r.path("attributes")) {
                if (a.path("key").asText().equals(key)) {
                    return a.path("value").path("stringValue").asText();
                }
            }
            return "";
        }).toList();
    }

    private static List<String> field(List<JsonNode> events, String name) {
        return events.stream().map(e -> e.path(name).asText()).toList();
    }

    @Test
    void everyEventTheFileSinkWritesArrivesAsOneLogRecordInOrder(@TempDir Path dir) throws Exception {
        try (OtlpEndpoint endpoint = OtlpEndpoint.start()) {
            JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs(args(endpoint.url(), dir.resolve("spool")))
                    .args("linear=150").run().assertSucceeded();

            List<JsonNode> written = run.allEvents().all();
            List<JsonNode> received = endpoint.records();
            assertEquals(field(written, "event"), field(received, "eventName"), run.describe());
            assertEquals(field(written, "level"), field(received, "severityText"));
            assertEquals(field(written, "request_id"), attribute(received, "request_id"));
            List<String> ids = field(written, "event_id");
            assertEquals(ids, attribute(received, "event_id"), "one event, one event_id in both sinks");
            assertEquals(ids.size(), ids.stream().filter(id -> id.matches("[0-9a-f]{32}")).distinct().count(),
                    "every event has an event_id of its own: " + ids);
            JsonNode resource = endpoint.resources().get(0);
            Map<String, String> attributes = new HashMap<>();
            resource.path("resource").path("attributes").forEach(a -> attributes.put(a.path("key").asText(),
                    a.path("value").path("stringValue").asText(a.path("value").path("intValue").asText())));
            assertEquals(written.get(0).get("service").asText(), attributes.get("service.name"));
            assertEquals(written.get(0).get("host").asText(), attributes.get("host.name"));
            assertEquals(written.get(0).get("pid").asText(), attributes.get("process.pid"));
            assertEquals("predlog", resource.path("scopeLogs").get(0).path("scope").path("name").asText());
            JsonNode health = run.health().all().get(run.health().size() - 1);
            assertEquals(0, health.path("dropped").path("sink_error").path("otlp").asLong(0), health.toString());
            assertTrue(run.diagnostics().stream().noneMatch(l -> l.contains("unknown key")
                    || l.contains("could not be opened")), run.diagnostics().toString());
        }
    }

    @Test
    void aRunWhoseEndpointWasDownLeavesItsEventsInTheSpoolAndTheNextRunSendsThemFirst(@TempDir Path dir)
            throws Exception {
        Path spool = dir.resolve("spool");
        String nobody;
        try (OtlpEndpoint closed = OtlpEndpoint.start()) {
            nobody = closed.url(); // a port that refuses connections once this endpoint is closed
        }
        JvmRun first = AgentJvm.main(ScoringApp.class).agentArgs(args(nobody, spool)).args("linear=20").run()
                .assertSucceeded();
        assertTrue(first.diagnostics().stream().anyMatch(l -> l.contains("otlp sink") && l.contains("wait in")),
                first.diagnostics().toString());

        try (OtlpEndpoint endpoint = OtlpEndpoint.start()) {
            JvmRun second = AgentJvm.main(ScoringApp.class).agentArgs(args(endpoint.url(), spool)).args("linear=3")
                    .run().assertSucceeded();

            List<String> expected = new ArrayList<>(field(first.allEvents().all(), "request_id"));
            expected.addAll(field(second.allEvents().all(), "request_id"));
            assertEquals(expected, attribute(endpoint.records(), "request_id"),
                    "the first run's events, then the second's");
        }
    }
}
