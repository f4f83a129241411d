package io.predlog.agent.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.HashResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventJsonEncoder encoder = new EventJsonEncoder(SampleEvents.PROCESS);

    private String line(Event event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(event, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private JsonNode json(Event event) throws IOException {
        String line = line(event);
        assertTrue(line.endsWith("\n"), "one line with its newline");
        assertEquals(line.length() - 1, line.indexOf('\n'), "exactly one line");
        return JSON.readTree(line);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void everyEventStartsWithTheCommonFieldsInOrder() throws IOException {
        JsonNode e = json(SampleEvents.predictionSuccess());
        assertEquals(List.of("event", "level", "timestamp", "schema", "service", "host", "pid", "event_id", "thread"),
                fieldNames(e).subList(0, 9));
        assertEquals("prediction_success", e.get("event").asText());
        assertEquals("INFO", e.get("level").asText());
        assertEquals("2026-11-27T02:48:00.123Z", e.get("timestamp").asText());
        assertTrue(e.get("schema").isInt());
        assertEquals(1, e.get("schema").asInt());
        assertEquals("fraud-scorer", e.get("service").asText());
        assertEquals("host-1", e.get("host").asText());
        assertTrue(e.get("pid").isIntegralNumber());
        assertEquals(4242, e.get("pid").asLong());
        assertEquals("http-nio-1", e.get("thread").asText());
    }

    @Test
    void everyKindOfEventCarriesItsOwnEventIdFromOneGenerator() throws IOException {
        EventJsonEncoder numbered = new EventJsonEncoder(SampleEvents.PROCESS, new EventIds(0xfedcba9876543210L), null);
        List<Event> events = List.of(SampleEvents.predictionSuccess(), SampleEvents.predictionFailure(),
                SampleEvents.predictionBare(null), SampleEvents.load(Phase.START), SampleEvents.load(Phase.SUCCESS),
                SampleEvents.load(Phase.FAILURE), SampleEvents.request(Phase.START), SampleEvents.health(),
                new InflightAtCrashEvent(SampleEvents.START, "w", 4241, "predict", "r", "t", "m#p", null, null, null));
        List<String> ids = new ArrayList<>();
        for (Event event : events) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            numbered.encode(event, out);
            JsonNode e = JSON.readTree(out.toString(StandardCharsets.UTF_8));
            assertTrue(e.path("event_id").isTextual(), event.name() + " has an event_id");
            ids.add(e.get("event_id").asText());
        }
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(String.format("fedcba9876543210%016x", i), ids.get(i), "in encoding order");
        }
    }

    @Test
    void predictionSuccessHasEverySpecField() throws IOException {
        JsonNode e = json(SampleEvents.predictionSuccess());
        assertEquals(List.of("event", "level", "timestamp", "schema", "service", "host", "pid", "event_id", "thread",
                        "request_id", "target", "method", "model_id", "model_version", "input_hash", "input_size",
                        "output_hash", "latency_ms", "input", "sample_rate"),
                fieldNames(e));
        assertEquals("0123456789abcdef0123456789abcdef", e.get("request_id").asText());
        assertEquals("score", e.get("target").asText());
        assertEquals("com.acme.Model#predict", e.get("method").asText());
        assertEquals("fraud", e.get("model_id").asText());
        assertEquals("v3", e.get("model_version").asText());
        assertEquals("0011223344556677", e.get("input_hash").asText());
        assertTrue(e.get("input_size").isIntegralNumber());
        assertEquals(27, e.get("input_size").asLong());
        assertEquals("8899aabbccddeeff", e.get("output_hash").asText());
        assertTrue(e.get("latency_ms").isDouble());
        assertEquals(1.235, e.get("latency_ms").asDouble()); // microsecond resolution
        assertEquals(1.0, e.get("sample_rate").asDouble());
        assertTrue(e.get("input").isObject());
    }

    @Test
    void predictionFailureHasErrorFieldsRedactedAndNoOutputHash() throws IOException {
        PredictionEvent failed = new PredictionEvent(SampleEvents.START, "t", "r", "score", "m#p", "fraud", null,
                null, null, new HashResult("8899aabbccddeeff", 1, false, false), 0.5,
                "java.lang.IllegalStateException", "bad input for jane@example.com, card 4111111111111111", 1.0);
        JsonNode e = json(failed);
        assertEquals("prediction_failure", e.get("event").asText());
        assertEquals("ERROR", e.get("level").asText());
        assertFalse(e.has("output_hash"));
        assertEquals("java.lang.IllegalStateException", e.get("error_type").asText());
        assertEquals("bad input for <redacted>, card <redacted>", e.get("error_msg").asText());
    }

    @Test
    void unknownValuesAreLeftOutNeverWrittenEmpty() throws IOException {
        PredictionEvent bare = new PredictionEvent(SampleEvents.START, "main", "r1", "score", "m#p", "",
                null, null, null, null, Double.NaN, null, null, Double.NaN);
        JsonNode e = json(bare);
        assertEquals(List.of("event", "level", "timestamp", "schema", "service", "host", "pid", "event_id", "thread",
                "request_id", "target", "method"), fieldNames(e));
        JsonNode failed = json(SampleEvents.predictionBare("java.lang.Error"));
        assertFalse(failed.has("error_msg"));
        assertFalse(failed.has("model_id"));
    }

    @Test
    void hashFlagsAppearOnlyWhenTrue() throws IOException {
        JsonNode plain = json(SampleEvents.predictionSuccess());
        assertFalse(plain.has("input_hash_truncated"));
        assertFalse(plain.has("input_hash_partial"));
        assertFalse(plain.has("output_hash_truncated"));
        assertFalse(plain.has("output_hash_partial"));

        PredictionEvent flagged = new PredictionEvent(SampleEvents.START, "t", "r", "score", "m#p", "fraud", null,
                new HashResult("0011223344556677", 16_777_216, true, true), Map.of(),
                new HashResult("8899aabbccddeeff", 5, true, true), 1, null, null, 1.0);
        JsonNode e = json(flagged);
        assertTrue(e.get("input_hash_truncated").booleanValue());
        assertTrue(e.get("input_hash_partial").booleanValue());
        assertTrue(e.get("output_hash_truncated").booleanValue());
        assertTrue(e.get("output_hash_partial").booleanValue());
        assertEquals(16_777_216, e.get("input_size").asLong());
    }

    @Test
    void anInputOrOutputOfNativeStateHasNoHashNoSizeAndSaysPartial() throws IOException {
        PredictionEvent nativeOnly = new PredictionEvent(SampleEvents.START, "t", "r", "score", "m#p", "xgb", null,
                HashResult.ofNativeState(false), Map.of("type", "ml.dmlc.xgboost4j.java.DMatrix"),
                HashResult.ofNativeState(false), 1, null, null, 1.0);
        JsonNode e = json(nativeOnly);
        assertFalse(e.has("input_hash"));
        assertFalse(e.has("input_size"));
        assertFalse(e.has("output_hash"));
        assertTrue(e.get("input_hash_partial").booleanValue());
        assertTrue(e.get("output_hash_partial").booleanValue());
        assertFalse(e.has("input_hash_truncated"));
    }

    @Test
    void millisecondFieldsArePlainDecimalsWithMicrosecondResolution() throws IOException {
        Map<Double, String> cases = new LinkedHashMap<>();
        cases.put(0.0001, "0.0");
        cases.put(0.0004999, "0.0");
        cases.put(0.0005, "0.001");
        cases.put(12.0, "12.0");
        cases.put(0.5, "0.5");
        cases.put(1.2345678, "1.235");
        cases.put(1234567.891, "1234567.891");
        cases.put(1.0e13, "10000000000000.0");
        cases.put(1.0e20, "100000000000000000000.0");
        cases.put(-2.5, "-2.5");
        for (Map.Entry<Double, String> c : cases.entrySet()) {
            String line = line(new PredictionEvent(SampleEvents.START, "t", "r", "s", "m#p", null, null, null, null,
                    null, c.getKey(), null, null, 1.0));
            assertTrue(line.contains("\"latency_ms\":" + c.getValue() + ","), c.getKey() + " -> " + line);
        }
    }

    @Test
    void sampleRateIsWrittenExactlyAndWithoutExponent() throws IOException {
        PredictionEvent sampled = new PredictionEvent(SampleEvents.START, "t", "r", "s", "m#p", null, null, null, null,
                null, 1, null, null, 0.0001);
        String line = line(sampled);
        assertTrue(line.contains("\"sample_rate\":0.00010"), line);
        assertEquals(0.0001, JSON.readTree(line).get("sample_rate").asDouble());
    }

    @Test
    void timestampsAreIsoUtcWithMillisecondsForAnyInstant() throws IOException {
        DateTimeFormatter expected = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC);
        SplittableRandom random = new SplittableRandom(7);
        List<Long> instants = new ArrayList<>(List.of(0L, -1L, 86_399_999L, 86_400_000L, 951_782_400_000L,
                253_402_300_799_999L, 253_402_300_800_000L, -62_167_219_200_001L));
        for (int i = 0; i < 2000; i++) {
            instants.add(random.nextLong(-5_000_000_000_000L, 5_000_000_000_000L));
        }
        for (long millis : instants) {
            RequestEvent event = new RequestEvent(Phase.START, millis, "t", "r", "a", "m#p", Double.NaN, null, null);
            String timestamp = json(event).get("timestamp").asText();
            assertEquals(expected.format(Instant.ofEpochMilli(millis)), timestamp, "epoch millis " + millis);
        }
        // the common case, checked against a fixed string rather than another formatter
        assertEquals("1970-01-01T00:00:00.000Z",
                json(new RequestEvent(Phase.START, 0, "t", "r", "a", "m#p", Double.NaN, null, null))
                        .get("timestamp").asText());
    }

    @Test
    void inputCharacteristicsAreWrittenGenericallyInIterationOrder() throws IOException {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("type", "float[][]");
        nested.put("shape", new int[] {32, 384});
        nested.put("min", -1.5f);
        nested.put("max", Double.POSITIVE_INFINITY);
        nested.put("mean", Double.NaN);
        nested.put("neg", Float.NEGATIVE_INFINITY);
        nested.put("nan_count", 2L);
        nested.put("item_types", List.of("float[]"));
        nested.put("exact", new java.math.BigDecimal("0.1"));
        nested.put("flag", true);
        nested.put("nothing", null);
        nested.put("opaque", new Object()); // not part of the contract: never via toString
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("z_first", 1);
        input.put("args", List.of(nested, Map.of("type", "java.lang.String", "length", 5, "bytes", 7)));
        PredictionEvent event = new PredictionEvent(SampleEvents.START, "t", "r", "s", "m#p", null, null,
                new HashResult("0011223344556677", 10, false, false), input, null, 1,
                null, null, 1.0);
        JsonNode in = json(event).get("input");
        assertEquals(List.of("z_first", "args"), fieldNames(in));
        JsonNode first = in.get("args").get(0);
        assertEquals("[32,384]", first.get("shape").toString());
        assertEquals(-1.5, first.get("min").asDouble());
        assertEquals("Infinity", first.get("max").asText());
        assertEquals("NaN", first.get("mean").asText());
        assertEquals("-Infinity", first.get("neg").asText());
        assertEquals(2, first.get("nan_count").asLong());
        assertEquals("[\"float[]\"]", first.get("item_types").toString());
        assertEquals("0.1", first.get("exact").asText());
        assertTrue(first.get("flag").booleanValue());
        assertTrue(first.get("nothing").isNull());
        assertTrue(first.get("opaque").isNull());
        assertEquals(7, in.get("args").get(1).get("bytes").asInt());
    }

    record Row(String user, double score, int count, long big, float ratio, List<String> tags) { }

    /**
     * What the capture hands over is written from its compact form; the JSON says what its {@code Map} view
     * says (same fields, same order, same numbers; numbers may be in the RFC 8785 form: {@code 3} for 3.0,
     * {@code 1e-7} for 1.0E-7).
     */
    @Test
    void capturedCharacteristicsAreWrittenAsTheirMapViewSays() throws IOException {
        io.predlog.agent.capture.InputCapture capture =
                new io.predlog.agent.capture.InputCapture(io.predlog.agent.capture.HashSettings.defaults(), true);
        Map<String, Object> features = new java.util.HashMap<>();
        features.put("whole", 3.0);
        features.put("tiny", 1e-7);
        features.put("huge", 1e300);
        features.put("full", 0.1 + 0.2);
        features.put("int", 42);
        features.put("long", Long.MAX_VALUE);
        features.put("min_long", Long.MIN_VALUE);
        features.put("short", (short) -3);
        features.put("byte", (byte) 7);
        features.put("float", 0.1f);
        features.put("exact", new java.math.BigDecimal("0.25"));
        features.put("atomic", new java.util.concurrent.atomic.AtomicLong(99));
        features.put("nan", Double.NaN);
        features.put("text", "secret");
        features.put("nothing", null);
        features.put("nested", Map.of("x", 1));
        List<Object> inputs = List.of(features, new Row("bob", 0.25, 3, 1L << 60, 0.5f, List.of("t")),
                List.of(1.0, 4.0, Double.NaN), new float[][] {{1f, 2f}, {3f, Float.NaN}}, new long[] {5, -2},
                List.of("a", 2), "héllo", 7, java.util.Collections.emptyMap());
        ObjectMapper numbers = new ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        java.util.Comparator<JsonNode> numeric = (a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;
        for (Object value : inputs) {
            CapturedInput captured = capture.captureValue(value);
            assertTrue(captured.characteristics() instanceof io.predlog.agent.capture.Characteristics);
            JsonNode written = numbers.readTree(line(withInput(captured)).trim()).get("input");
            JsonNode view = numbers.readTree(numbers.writeValueAsString(new LinkedHashMap<>(captured.characteristics())));
            assertTrue(written.equals(numeric, view), () -> "for " + value + ": " + written + " vs " + view);
            assertEquals(fieldNames(view), fieldNames(written));
        }
        CapturedInput several = capture.captureArguments(new Object[] {features, "x"});
        JsonNode written = numbers.readTree(line(withInput(several)).trim()).get("input");
        assertEquals(2, written.get("args").size());
        assertEquals("3", written.get("args").get(0).get("values").get("whole").toString());
        assertEquals("9223372036854775807", written.get("args").get(0).get("values").get("long").toString(),
                "integers are exact in values, though the hash rounds them to a double");
    }

    private static PredictionEvent withInput(CapturedInput input) {
        return new PredictionEvent(SampleEvents.START, "t", "r", "s", "m#p", null, null, input.hash(),
                input.characteristics(), null, 1, null, null, 1.0);
    }

    @Test
    void modelLoadEventsCarryTheirPhaseFieldsOnly() throws IOException {
        JsonNode start = json(SampleEvents.load(Phase.START));
        assertEquals("model_load_start", start.get("event").asText());
        assertEquals(List.of("request_id", "target", "method", "model_id", "model_version"),
                fieldNames(start).subList(9, fieldNames(start).size()));

        JsonNode success = json(SampleEvents.load(Phase.SUCCESS));
        assertEquals("model_load_success", success.get("event").asText());
        assertEquals(812.001, success.get("load_time_ms").asDouble());
        assertEquals(153.25, success.get("memory_mb").asDouble());
        assertEquals("heap_used_delta+rss_anon_delta", success.get("memory_method").asText());
        assertEquals(1.5, success.get("memory_heap_mb").asDouble());
        assertEquals(151.75, success.get("memory_native_mb").asDouble());
        assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                success.get("model_sha256").asText());
        assertFalse(success.has("model_sha256_skipped"));
        assertFalse(success.has("error_type"));
        assertEquals("too_large", json(SampleEvents.loadUnhashed("too_large")).get("model_sha256_skipped").asText());

        JsonNode failure = json(SampleEvents.load(Phase.FAILURE));
        assertEquals("model_load_failure", failure.get("event").asText());
        assertEquals("ERROR", failure.get("level").asText());
        assertEquals("java.io.FileNotFoundException", failure.get("error_type").asText());
        assertEquals("model.bin missing", failure.get("error_msg").asText());
        assertTrue(failure.has("load_time_ms"));
        assertFalse(failure.has("memory_mb"));
        assertFalse(failure.has("model_sha256"));
    }

    @Test
    void requestEventsCarryLatencyOnceFinished() throws IOException {
        JsonNode start = json(SampleEvents.request(Phase.START));
        assertEquals(Set.of("event", "level", "timestamp", "schema", "service", "host", "pid", "event_id", "thread",
                "request_id", "target", "method", "sample_rate"), Set.copyOf(fieldNames(start)));
        JsonNode success = json(SampleEvents.request(Phase.SUCCESS));
        assertEquals("request_success", success.get("event").asText());
        assertEquals(20.5, success.get("latency_ms").asDouble());
        JsonNode failure = json(SampleEvents.request(Phase.FAILURE));
        assertEquals("request_failure", failure.get("event").asText());
        assertEquals("ERROR", failure.get("level").asText());
        assertEquals("java.lang.RuntimeException", failure.get("error_type").asText());
        assertEquals("boom", failure.get("error_msg").asText());
    }

    @Test
    void processFieldsAreEscapedAndUnicodeIsUtf8() throws IOException {
        EventJsonEncoder odd = new EventJsonEncoder(new ProcessInfo("svc \"quoted\"\n", "hôst", 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        odd.encode(new RequestEvent(Phase.START, 0, "thréad-✓", "r", "a", "m#p", Double.NaN, null, null), out);
        JsonNode e = JSON.readTree(out.toByteArray());
        assertEquals("svc \"quoted\"\n", e.get("service").asText());
        assertEquals("hôst", e.get("host").asText());
        assertEquals("thréad-✓", e.get("thread").asText());
        assertEquals(1, out.toString(StandardCharsets.UTF_8).split("\n", -1).length - 1, "one line");
    }

    @Test
    void aFailedEncodingAppendsNothingAndTheEncoderKeepsWorking() throws IOException {
        Map<String, Object> hostile = new LinkedHashMap<>() {
            @Override
            public Set<Map.Entry<String, Object>> entrySet() {
                throw new IllegalStateException("concurrent modification");
            }
        };
        PredictionEvent bad = new PredictionEvent(SampleEvents.START, "t", "r", "s", "m#p", null, null,
                new HashResult("0011223344556677", 10, false, false), hostile, null, 1,
                null, null, 1.0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(SampleEvents.request(Phase.START), out);
        int before = out.size();
        assertThrows(IllegalStateException.class, () -> encoder.encode(bad, out));
        assertEquals(before, out.size());
        encoder.encode(SampleEvents.request(Phase.SUCCESS), out);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertEquals("request_success", JSON.readTree(lines[1]).get("event").asText());
    }

    @Test
    void manyEventsThroughOneEncoderAreEachAValidLine() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            encoder.encode(SampleEvents.numbered(i), out);
        }
        Iterator<String> lines = out.toString(StandardCharsets.UTF_8).lines().iterator();
        for (int i = 0; i < 500; i++) {
            assertEquals(String.format("%032x", i), JSON.readTree(lines.next()).get("request_id").asText());
        }
        assertFalse(lines.hasNext());
    }

    @Test
    void encodingDoesNotFlushOrCloseTheTarget() throws IOException {
        class Watching extends OutputStream {
            boolean closed;
            int bytes;
            int writes;

            @Override
            public void write(int b) {
                bytes++;
                writes++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes += len;
                writes++;
            }

            @Override
            public void close() {
                closed = true;
            }
        }
        Watching out = new Watching();
        encoder.encode(SampleEvents.predictionSuccess(), out);
        assertFalse(out.closed);
        assertEquals(1, out.writes, "one write per event");
        assertTrue(out.bytes > 100);
    }

    /** The process fields are written without Jackson, and exactly as Jackson writes them, whatever the names. */
    @Test
    void theProcessFieldsAreWhatJacksonWritesForAnyServiceAndHost() {
        String[] names = {null, "", "scorer", "scorer \"v2\" \u00e9", "tab\tnew\nline", "\u2028\u2029", "ctl\u0001\u001f",
            "back\\slash/slash", "emoji \ud83d\ude00", "lone \ud83d", "\u00ff\u0100\uffff"};
        SplittableRandom random = new SplittableRandom(3);
        for (String service : names) {
            for (String host : names) {
                ProcessInfo process = new ProcessInfo(service, host, random.nextInt(1, Integer.MAX_VALUE));
                assertEquals(outcome(() -> GeneratorLine.processFieldsJson(process)),
                        outcome(() -> EventJsonEncoder.processFieldsJson(process)), service + " / " + host);
            }
        }
        assertEquals(",\"schema\":1,\"service\":\"scorer\",\"pid\":7", new String(
                EventJsonEncoder.processFieldsJson(new ProcessInfo("scorer", "", 7)), StandardCharsets.UTF_8));
    }

    private static String outcome(java.util.function.Supplier<byte[]> fields) {
        try {
            return new String(fields.get(), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return e.getClass().getName();
        }
    }
}
