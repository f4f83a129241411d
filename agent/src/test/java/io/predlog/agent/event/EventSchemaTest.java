package io.predlog.agent.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.DisallowUnknownKeywordFactory;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.drift.SampleDriftEvents;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps docs/schemas and docs/EVENTS.md true to the encoder: every event the encoder writes, with all its
 * optional fields and with none, validates against its schema (networknt's JSON Schema validator, draft 2020-12,
 * with unknown keywords refused so that a misspelt keyword cannot pass silently); every property a schema declares
 * is written by the encoder in some case; every property is named in EVENTS.md.
 */
class EventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCS = Path.of(System.getProperty("basedir", ".")).resolve("../docs").normalize();
    /** Draft 2020-12, refusing keywords it does not know. */
    private static final Dialect STRICT_2020_12 = Dialect.builder(Dialects.getDraft202012())
            .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance()).build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDialect(STRICT_2020_12);

    /** Every event name with the variants that, together, exercise every field the encoder can write. */
    private static Map<String, List<Event>> variants() {
        PredictionEvent flagged = new PredictionEvent(SampleEvents.START, "t", "r", "score", "m#p", "fraud", "v1",
                new HashResult("0011223344556677", 5, true, true), SampleEvents.characteristics(),
                new HashResult("8899aabbccddeeff", 5, true, true), 2, null, null, 0.25, true,
                SampleEvents.outputCharacteristics(new double[] {0.1, 0.7, 0.2}));
        PredictionEvent mapOutput = new PredictionEvent(SampleEvents.START, "t", "r", "score", "m#p", "fraud", "v1",
                null, null, new HashResult("8899aabbccddeeff", 5, false, false), 2, null, null, 1.0, null,
                SampleEvents.outputCharacteristics(Map.of("score", 0.93, "label", "fraud")));
        PredictionEvent flaggedFailure = new PredictionEvent(SampleEvents.START, "t", "r", "score", "m#p", "fraud",
                "v1", new HashResult("0011223344556677", 5, true, true), Map.of("type", "int[]"),
                null, 2, "java.lang.Error", "msg", 0.5, false);
        PredictionEvent unreadable = new PredictionEvent(SampleEvents.START, "t", "r", "score", "m#p", "fraud", "v1",
                HashResult.ofUnreadable("java.util.ConcurrentModificationException", false), Map.of("type",
                "java.util.HashMap"), HashResult.ofUnreadable("java.util.ConcurrentModificationException", false), 2,
                null, null, 1.0, null);
        PredictionEvent unreadableFailure = new PredictionEvent(SampleEvents.START, "t", "r", "score", "m#p", "fraud",
                "v1", HashResult.ofUnreadable("java.lang.IllegalStateException", false), Map.of("type", "int[]"),
                null, 2, "java.lang.IllegalStateException", "msg", 1.0, null);
        Map<String, List<Event>> all = new LinkedHashMap<>();
        all.put("prediction_success", List.of(SampleEvents.predictionSuccess(), SampleEvents.predictionBare(null), flagged,
                mapOutput, unreadable));
        all.put("prediction_failure", List.of(SampleEvents.predictionFailure(),
                SampleEvents.predictionBare("java.lang.Error"), flaggedFailure, unreadableFailure));
        for (Phase phase : Phase.values()) {
            String suffix = phase.name().toLowerCase();
            all.put("model_load_" + suffix, phase == Phase.SUCCESS
                    ? List.of(SampleEvents.load(phase), SampleEvents.loadBare(phase),
                    SampleEvents.loadUnhashed("timeout"))
                    : List.of(SampleEvents.load(phase), SampleEvents.loadBare(phase)));
            all.put("request_" + suffix, List.of(SampleEvents.request(phase), SampleEvents.requestBare(phase)));
        }
        all.put("agent_health", List.of(SampleEvents.health(), SampleEvents.healthBare()));
        all.put("inflight_at_crash", List.of(
                new InflightAtCrashEvent(SampleEvents.START, "worker-1", 4242, "predict",
                        "0123456789abcdef0123456789abcdef", "score", "com.acme.Model#predict", "fraud", "v1",
                        new HashResult("0011223344556677", 5, true, true)),
                new InflightAtCrashEvent(SampleEvents.START, "worker-1", 4242, "load", "r", "loader",
                        "com.acme.Store#load", null, null, null)));
        // drift events, as the drift monitor builds them
        all.put("drift_detected", SampleDriftEvents.detected());
        all.put("drift_resolved", SampleDriftEvents.resolved());
        all.put("model_stats", io.predlog.agent.stats.SampleModelStats.variants()); // window statistics
        // the configuration file edited while running, as LiveSettings builds it
        Map<String, Object> applied = new LinkedHashMap<>();
        applied.put("file", "/etc/predlog/agent.properties");
        applied.put("changes", Map.of("predlog.sample.success", Map.of("from", "0.01", "to", "1.0")));
        Map<String, Object> restart = new LinkedHashMap<>();
        restart.put("file", "agent.properties");
        restart.put("changes", Map.of());
        restart.put("at_next_start", List.of("predlog.sinks", "predlog.hash.key"));
        Map<String, Object> up = new LinkedHashMap<>();
        up.put("step", 1);
        up.put("step_name", "big_inputs");
        up.put("direction", "up");
        up.put("reason", "5 of 900 events dropped for a full queue in the last second");
        Map<String, Object> down = new LinkedHashMap<>(up);
        down.put("step", 0);
        down.put("step_name", "normal");
        down.put("direction", "down");
        down.put("reason", "no pressure for 30 s");
        all.put("agent_protection", List.of(
                new DerivedEvent("agent_protection", Level.WARN, SampleEvents.START, "predlog-protection", up),
                new DerivedEvent("agent_protection", Level.INFO, SampleEvents.START, "predlog-protection", down)));
        all.put("config_changed", List.of(
                new DerivedEvent("config_changed", Level.INFO, SampleEvents.START, "predlog-config-watch", applied),
                new DerivedEvent("config_changed", Level.INFO, SampleEvents.START, "predlog-config-watch", restart)));
        return all;
    }

    private static JsonNode schema(String event) throws IOException {
        return JSON.readTree(DOCS.resolve("schemas").resolve(event + ".schema.json").toFile());
    }

    /** The event's schema, as the validator reads it. */
    private static Schema validator(String event) throws IOException {
        return SCHEMAS.getSchema(Files.readString(DOCS.resolve("schemas").resolve(event + ".schema.json")),
                InputFormat.JSON);
    }

    private static String line(Event event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EventJsonEncoder(SampleEvents.PROCESS).encode(event, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode encode(Event event) throws IOException {
        return JSON.readTree(line(event));
    }

    /** The keywords {@code json} violates in {@code schema}, with where; empty when it is valid. */
    private static List<String> violations(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON).stream()
                .map(e -> e.getKeyword() + " at '" + e.getInstanceLocation() + "': " + e.getMessage()).toList();
    }

    @Test
    void thereIsExactlyOneSchemaPerEventAndItNamesItsEvent() throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(DOCS.resolve("schemas"))) {
            list.forEach(p -> files.add(p.getFileName().toString()));
        }
        Set<String> expected = new TreeSet<>();
        for (String event : variants().keySet()) {
            expected.add(event + ".schema.json");
            JsonNode schema = schema(event);
            assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
            assertEquals(event, schema.at("/properties/event/const").asText());
        }
        assertEquals(expected, files);
    }

    @Test
    void everyEncodedEventValidatesAgainstItsSchema() throws IOException {
        int validated = 0;
        for (Map.Entry<String, List<Event>> entry : variants().entrySet()) {
            Schema schema = validator(entry.getKey());
            for (Event event : entry.getValue()) {
                assertEquals(entry.getKey(), event.name());
                String json = line(event);
                List<String> errors = violations(schema, json);
                assertTrue(errors.isEmpty(), entry.getKey() + ": " + errors + " in " + json);
                validated++;
            }
        }
        assertTrue(validated >= 2 * variants().size(), "every event with its optional fields and without");
    }

    @Test
    void everyPropertyASchemaDeclaresIsWrittenInSomeCase() throws IOException {
        for (Map.Entry<String, List<Event>> entry : variants().entrySet()) {
            Set<String> declared = new TreeSet<>();
            schema(entry.getKey()).get("properties").fieldNames().forEachRemaining(declared::add);
            Set<String> written = new TreeSet<>();
            for (Event event : entry.getValue()) {
                encode(event).fieldNames().forEachRemaining(written::add);
            }
            assertEquals(declared, written, entry.getKey());
        }
    }

    @Test
    void theEventReferenceNamesEveryEventAndEveryField() throws IOException {
        String reference = Files.readString(DOCS.resolve("EVENTS.md"), StandardCharsets.UTF_8);
        for (String event : variants().keySet()) {
            assertTrue(reference.contains("`" + event + "`"), "EVENTS.md lacks event " + event);
            Set<String> fields = new HashSet<>();
            schema(event).get("properties").fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                assertTrue(reference.contains("`" + field + "`"), "EVENTS.md lacks field " + field);
            }
        }
    }

    @Test
    void aDeliberatelyWrongEventIsRejectedForEachThingWrongWithIt() throws IOException {
        Schema schema = validator("request_start");
        ObjectNode wrong = (ObjectNode) encode(SampleEvents.request(Phase.START));
        assertTrue(violations(schema, wrong.toString()).isEmpty());

        wrong.put("surprise", 1);                             // undeclared property
        wrong.remove("thread");                               // required property missing
        wrong.put("pid", "4242");                             // a string where an integer belongs
        wrong.put("timestamp", "2026-11-27T02:48:00Z");       // no milliseconds
        List<Error> errors = schema.validate(wrong.toString(), InputFormat.JSON);

        assertEquals(Set.of("additionalProperties", "required", "type", "pattern"),
                errors.stream().map(Error::getKeyword).collect(Collectors.toSet()), errors.toString());
        assertEquals(4, errors.size(), errors.toString());
    }

    @Test
    void aSchemaWithAMisspeltKeywordIsRefusedRatherThanIgnored() {
        String misspelt = "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"object\","
                + " \"requird\": [\"event\"]}";
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> SCHEMAS.getSchema(misspelt, InputFormat.JSON).validate("{}", InputFormat.JSON));
        assertTrue(e.getMessage().contains("requird"), e.getMessage());
    }

    @Test
    void everySchemaRejectsAnotherEventsName() throws IOException {
        for (Map.Entry<String, List<Event>> entry : variants().entrySet()) {
            ObjectNode renamed = (ObjectNode) encode(entry.getValue().get(0));
            renamed.put("event", "not_" + entry.getKey());
            List<String> errors = violations(validator(entry.getKey()), renamed.toString());
            assertFalse(errors.isEmpty(), entry.getKey());
            assertTrue(errors.stream().allMatch(e -> e.startsWith("const at '/event'")), entry.getKey() + ": " + errors);
        }
    }

    @Test
    void sampleInputsUseOnlyDeclaredCharacteristics() throws IOException {
        JsonNode declared = schema("prediction_success").at("/properties/input/properties");
        encode(SampleEvents.predictionSuccess()).get("input").fieldNames()
                .forEachRemaining(name -> assertFalse(declared.path(name).isMissingNode(), name));
    }
}
