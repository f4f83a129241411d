package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.predlog.agenttests.fixtures.logging.Slf4jJsonService;
import io.predlog.agenttests.fixtures.logging.Slf4jLateService;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application's logger as a sink: with {@code predlog.sinks = file, slf4j}, each event is also a
 * log call on the application's SLF4J logger {@code predlog.events}, so an application writing Logback JSON
 * ({@code JsonEncoder}) gets lines whose message is the event name, whose level is the event's, and whose
 * key-value pairs are the event's fields (the same as in the file sink's line), next to its own log lines.
 */
class Slf4jSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JvmRun run() {
        return run("logback", "logback.configurationFile", TestEnvironment.fixtureClasses()
                .resolve("logging").resolve("logback-test-json.xml").toString());
    }

    private static JvmRun run(String libs, String property, String value) {
        return run(Slf4jJsonService.class, libs, property, value);
    }

    private static JvmRun run(Class<?> service, String libs, String property, String value) {
        Path config = ConfigFile.write("agent.properties",
                "predlog.predict.model = " + service.getName() + "#predict",
                "predlog.sinks = file, slf4j");
        List<Path> classpath = new ArrayList<>();
        classpath.add(TestEnvironment.fixtureClasses());
        classpath.addAll(TestEnvironment.loggingLibs(libs));
        return AgentJvm.main(service).classpath(classpath.toArray(new Path[0]))
                .systemProperty(property, value)
                .agentArgs("config=" + config).run().assertSucceeded();
    }

    private static List<JsonNode> logbackLines(JvmRun run) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.stdout()) {
            if (line.startsWith("{")) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(line, e);
                }
            }
        }
        return lines;
    }

    /** Logback's {@code kvpList}: one single-member object per key-value pair. */
    private static Map<String, String> keyValues(JsonNode logLine) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode pair : logLine.path("kvpList")) {
            Iterator<Map.Entry<String, JsonNode>> members = pair.fields();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> m = members.next();
                out.put(m.getKey(), m.getValue().isTextual() ? m.getValue().asText() : m.getValue().toString());
            }
        }
        return out;
    }

    @Test
    void eventsAreLogbackJsonLinesWithTheEventNameAsMessageAndTheFieldsAsKeyValues() throws IOException {
        JvmRun run = run();
        List<JsonNode> lines = logbackLines(run);
        List<JsonNode> events = lines.stream()
                .filter(l -> l.path("loggerName").asText().equals("predlog.events")).toList();
        List<JsonNode> own = lines.stream()
                .filter(l -> l.path("loggerName").asText().equals(Slf4jJsonService.class.getName())).toList();
        assertEquals(List.of("service up", "refused a request", "service down"),
                own.stream().map(l -> l.path("message").asText()).toList(), run.describe());

        List<JsonNode> predictions = events.stream()
                .filter(l -> l.path("message").asText().startsWith("prediction_")).toList();
        assertEquals(List.of("prediction_success", "prediction_failure"),
                predictions.stream().map(l -> l.path("message").asText()).toList(), run.describe());
        assertEquals(List.of("INFO", "ERROR"), predictions.stream().map(l -> l.path("level").asText()).toList());

        // every field of the file sink's line is a key-value pair of the log line, with the same value
        List<JsonNode> fileEvents = List.of(run.events().named("prediction_success").single(),
                run.events().named("prediction_failure").single());
        for (int i = 0; i < 2; i++) {
            JsonNode fileEvent = fileEvents.get(i);
            Map<String, String> kv = keyValues(predictions.get(i));
            Iterator<Map.Entry<String, JsonNode>> fields = fileEvent.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                String expected = value.isContainerNode() ? value.toString() : value.asText();
                assertTrue(kv.containsKey(field.getKey()), field.getKey() + " missing in " + predictions.get(i));
                String actual = kv.get(field.getKey());
                if (value.isContainerNode()) { // the nested input object: its JSON text
                    assertEquals(value, JSON.readTree(actual), field.getKey());
                } else if (value.isNumber()) {
                    assertEquals(value.decimalValue().compareTo(new java.math.BigDecimal(actual)), 0,
                            field.getKey() + ": " + actual);
                } else {
                    assertEquals(expected, actual, field.getKey());
                }
            }
        }
        assertEquals("predlog.events", predictions.get(0).path("loggerName").asText());
        // beside the file sink, the slf4j sink has a thread of its own: no request context, nothing in the MDC
        for (JsonNode event : events) {
            assertEquals("predlog-sink-slf4j", event.path("threadName").asText());
            assertEquals(0, event.path("mdc").size(), event.toString());
        }
        assertTrue(keyValues(predictions.get(1)).get("error_type").contains("IllegalArgumentException"));
        assertTrue(run.diagnostics().stream().anyMatch(d -> d.contains("predlog.events")), run.describe());
    }

    @Test
    void withSlf4j1TheMessageIsTheEventsJsonLine() throws IOException {
        JvmRun run = run("slf4j1", "org.slf4j.simpleLogger.logFile", "System.out");
        String prefix = "[predlog-sink-slf4j] "; // beside the file sink, the slf4j sink's own thread
        List<JsonNode> logged = new ArrayList<>();
        List<String> levels = new ArrayList<>();
        for (String line : run.stdout()) {
            int at = line.indexOf(" predlog.events - ");
            if (line.startsWith(prefix) && at > 0) {
                levels.add(line.substring(prefix.length(), at));
                logged.add(JSON.readTree(line.substring(at + " predlog.events - ".length())));
            }
        }
        assertEquals(List.of("prediction_success", "prediction_failure"), logged.stream()
                .map(e -> e.path("event").asText()).filter(n -> n.startsWith("prediction_")).toList(), run.describe());
        assertEquals(List.of("INFO", "ERROR"), levels.subList(0, 2), run.describe());
        assertEquals(run.events().named("prediction_success").single(), logged.get(0));
        assertEquals(run.events().named("prediction_failure").single(), logged.get(1));
        assertTrue(run.diagnostics().stream().anyMatch(d -> d.contains("SLF4J 1.x")), run.describe());
    }

    @Test
    void eventsRecordedBeforeTheApplicationStartsSlf4jWaitAndComeFirst() {
        JvmRun run = run(Slf4jLateService.class, "logback", "logback.configurationFile", TestEnvironment
                .fixtureClasses().resolve("logging").resolve("logback-test-json.xml").toString());
        List<String> messages = logbackLines(run).stream().map(l -> l.path("message").asText())
                .filter(m -> !m.equals("agent_health") && !m.equals("model_stats")).toList(); // the agent's own
        // order not asserted: once SLF4J is up, the dispatcher and the application log concurrently
        assertEquals(List.of("logging started", "prediction_success"), messages.stream().sorted().toList(),
                run.describe());
        // the prediction waited; so did a model_stats when a statistics window happened to end meanwhile
        assertTrue(run.diagnostics().stream().anyMatch(d -> d.matches(".*[12] waiting first")), run.describe());
        assertEquals(0, run.health().single().path("dropped").path("sink_error").path("slf4j").asInt(-1));
    }
}
