package io.predlog.agent.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.drift.SampleDriftEvents;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps docs/schemas and docs/EVENTS.md true to the encoder: every event the encoder writes, with all its
 * optional fields and with none, validates against its schema; every property a schema declares is written by
 * the encoder in some case; every property is named in EVENTS.md.
 */
class EventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCS = Path.of(System.getProperty("basedir", ".")).resolve("../docs").normalize();
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description");

    /** Every event name with the variants that, together, exercise every field the encoder can write. */
    private static Map<String, List<Event>> variants() {
        PredictionEvent flagged = new PredictionEvent(SampleEvents.START, "t", "r", "score", "m#p", "fraud", "v1",
                new HashResult("0011223344556677", 5, true, true), SampleEvents.characteristics(),
                new HashResult("8899aabbccddeeff", 5, true, true), 2, null, null, 0.25, true);
        PredictionEvent flaggedFailure = new PredictionEvent(SampleEvents.START, "t", "r", "score", "m#p", "fraud",
                "v1", new HashResult("0011223344556677", 5, true, true), Map.of("type", "int[]"),
                null, 2, "java.lang.Error", "msg", 0.5, false);
        Map<String, List<Event>> all = new LinkedHashMap<>();
        all.put("prediction_success", List.of(SampleEvents.predictionSuccess(), SampleEvents.predictionBare(null), flagged));
        all.put("prediction_failure", List.of(SampleEvents.predictionFailure(),
                SampleEvents.predictionBare("java.lang.Error"), flaggedFailure));
        for (Phase phase : Phase.values()) {
            String suffix = phase.name().toLowerCase();
            all.put("model_load_" + suffix, List.of(SampleEvents.load(phase), SampleEvents.loadBare(phase)));
            all.put("request_" + suffix, List.of(SampleEvents.request(phase), SampleEvents.requestBare(phase)));
        }
        all.put("agent_health", List.of(SampleEvents.health(), SampleEvents.healthBare()));
        all.put("inflight_at_crash", List.of(
                new InflightAtCrashEvent(SampleEvents.START, "worker-1", 4242, "predict",
                        "0123456789abcdef0123456789abcdef", "score", "com.acme.Model#predict", "fraud", "v1",
                        new HashResult("0011223344556677", 5, true, true)),
                new InflightAtCrashEvent(SampleEvents.START, "worker-1", 4242, "load", "r", "loader",
                        "com.acme.Store#load", null, null, null)));
        // drift events (issue 5), as the drift monitor builds them
        all.put("drift_detected", SampleDriftEvents.detected());
        all.put("drift_resolved", SampleDriftEvents.resolved());
        all.put("model_stats", io.predlog.agent.stats.SampleModelStats.variants()); // window statistics (issue 5)
        return all;
    }

    private static JsonNode schema(String event) throws IOException {
        return JSON.readTree(DOCS.resolve("schemas").resolve(event + ".schema.json").toFile());
    }

    private static JsonNode encode(Event event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EventJsonEncoder(SampleEvents.PROCESS).encode(event, out);
        return JSON.readTree(out.toByteArray());
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
        for (Map.Entry<String, List<Event>> entry : variants().entrySet()) {
            JsonNode schema = schema(entry.getKey());
            for (Event event : entry.getValue()) {
                assertEquals(entry.getKey(), event.name());
                JsonNode json = encode(event);
                List<String> errors = new ArrayList<>();
                validate(schema, json, "", errors);
                assertTrue(errors.isEmpty(), entry.getKey() + ": " + errors + " in " + json);
            }
        }
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
    void theCheckerItselfRejectsWhatTheSchemasForbid() throws IOException {
        JsonNode schema = schema("request_start");
        JsonNode good = encode(SampleEvents.request(Phase.START));
        List<String> errors = new ArrayList<>();
        validate(schema, good, "", errors);
        assertTrue(errors.isEmpty(), errors.toString());

        com.fasterxml.jackson.databind.node.ObjectNode extra = good.deepCopy();
        extra.put("surprise", 1);
        extra.remove("thread");
        extra.put("pid", "4242");
        extra.put("timestamp", "2026-11-27T02:48:00Z");
        validate(schema, extra, "", errors);
        assertEquals(4, errors.size(), errors.toString());
    }

    // ---- a small JSON Schema checker: the keywords the schemas use, and no other ----

    private static void validate(JsonNode schema, JsonNode value, String path, List<String> errors) {
        for (Map.Entry<String, JsonNode> keyword : iterable(schema)) {
            String k = keyword.getKey();
            JsonNode arg = keyword.getValue();
            switch (k) {
                case "type" -> {
                    boolean ok = false;
                    for (JsonNode t : arg.isArray() ? arg : JSON.createArrayNode().add(arg)) {
                        ok |= hasType(value, t.asText());
                    }
                    if (!ok) {
                        errors.add(path + ": not of type " + arg);
                    }
                }
                case "const" -> {
                    if (!arg.equals(value)) {
                        errors.add(path + ": not " + arg);
                    }
                }
                case "pattern" -> {
                    if (value.isTextual() && !Pattern.compile(arg.asText()).matcher(value.asText()).find()) {
                        errors.add(path + ": does not match " + arg.asText());
                    }
                }
                case "minLength" -> check(value.isTextual() && value.asText().length() < arg.asInt(), path, k, errors);
                case "maxLength" -> check(value.isTextual() && value.asText().length() > arg.asInt(), path, k, errors);
                case "minimum" -> check(value.isNumber() && value.asDouble() < arg.asDouble(), path, k, errors);
                case "maximum" -> check(value.isNumber() && value.asDouble() > arg.asDouble(), path, k, errors);
                case "exclusiveMinimum" -> check(value.isNumber() && value.asDouble() <= arg.asDouble(), path, k, errors);
                case "maxItems" -> check(value.isArray() && value.size() > arg.asInt(), path, k, errors);
                case "required" -> {
                    for (JsonNode name : arg) {
                        if (value.isObject() && !value.has(name.asText())) {
                            errors.add(path + ": missing required " + name.asText());
                        }
                    }
                }
                case "properties" -> {
                    if (value.isObject()) {
                        for (Map.Entry<String, JsonNode> p : iterable(arg)) {
                            if (value.has(p.getKey())) {
                                validate(p.getValue(), value.get(p.getKey()), path + "/" + p.getKey(), errors);
                            }
                        }
                    }
                }
                case "additionalProperties" -> {
                    if (value.isObject() && arg.isObject()) { // a map: every undeclared member has this schema
                        value.fields().forEachRemaining(member -> {
                            if (!schema.path("properties").has(member.getKey())) {
                                validate(arg, member.getValue(), path + "/" + member.getKey(), errors);
                            }
                        });
                    } else if (value.isObject() && !arg.asBoolean(true)) {
                        value.fieldNames().forEachRemaining(name -> {
                            if (!schema.path("properties").has(name)) {
                                errors.add(path + ": undeclared property " + name);
                            }
                        });
                    }
                }
                case "items" -> {
                    if (value.isArray()) {
                        for (int i = 0; i < value.size(); i++) {
                            validate(arg, value.get(i), path + "/" + i, errors);
                        }
                    }
                }
                default -> {
                    if (!ANNOTATIONS.contains(k)) {
                        fail("the schema checker does not know keyword '" + k + "' at " + path);
                    }
                }
            }
        }
    }

    private static void check(boolean violated, String path, String keyword, List<String> errors) {
        if (violated) {
            errors.add(path + ": violates " + keyword);
        }
    }

    private static boolean hasType(JsonNode v, String type) {
        return switch (type) {
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "null" -> v.isNull();
            default -> false;
        };
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }

    @Test
    void sampleInputsUseOnlyDeclaredCharacteristics() throws IOException {
        JsonNode declared = schema("prediction_success").at("/properties/input/properties");
        encode(SampleEvents.predictionSuccess()).get("input").fieldNames()
                .forEachRemaining(name -> assertFalse(declared.path(name).isMissingNode(), name));
    }
}
