package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.expected.CanonicalJson;
import io.predlog.agenttests.expected.Digests;
import io.predlog.agenttests.expected.TensorBytes;
import io.predlog.agenttests.fixtures.inputs.Applicant;
import io.predlog.agenttests.fixtures.inputs.Chain;
import io.predlog.agenttests.fixtures.inputs.InputModel;
import io.predlog.agenttests.fixtures.inputs.Inputs;
import io.predlog.agenttests.fixtures.inputs.InputsApp;
import io.predlog.agenttests.fixtures.inputs.Node;
import io.predlog.agenttests.fixtures.inputs.Pair;
import io.predlog.agenttests.fixtures.inputs.Transaction;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code input_hash}, {@code output_hash} and {@code input_size} can be recomputed by anyone from the same data. Every expected
 * value here is computed in this test from the fixture's inputs: RFC 8785 text or tensor bytes, then SHA-256
 * (or HMAC-SHA256 with predlog.hash.key).
 */
class HashesTest {

    private static final String KEY = "test-hash-key-7f3a";

    private static JvmRun first;
    private static JvmRun second;
    private static JvmRun keyed;

    @BeforeAll
    static void predictOnEveryInputShape() {
        Path config = ConfigFile.write("agent.properties",
                "predlog.predict.model = " + InputModel.class.getName() + "#predict",
                "predlog.predict.embed = " + InputModel.class.getName() + "#embed",
                "predlog.predict.ctx = " + InputModel.class.getName() + "#predictWithContext",
                "predlog.predict.ctx.input = arg0");
        first = AgentJvm.main(InputsApp.class).agentArgs("config=" + config).run().assertSucceeded();
        second = AgentJvm.main(InputsApp.class).agentArgs("config=" + config).run().assertSucceeded();
        keyed = AgentJvm.main(InputsApp.class).agentArgs("config=" + config).env("PREDLOG_HASH_KEY", KEY)
                .run().assertSucceeded();
    }

    // ---- RFC 8785 values ---------------------------------------------------------------------------------

    @Test
    void aMapIsHashedAsItsCanonicalJson() {
        byte[] canonical = CanonicalJson.bytes(Inputs.features());
        assertTrue(new String(canonical, StandardCharsets.UTF_8).contains("\"f03\":1e-7,\"f04\":1e+21,"),
                "the expected text uses ECMAScript number forms");
        assertHashes(event(first, "java.util.TreeMap"), canonical);
    }

    @Test
    void aRecordIsHashedByItsComponents() {
        Map<String, Object> components = new LinkedHashMap<>();
        Applicant applicant = Inputs.applicant();
        components.put("name", applicant.name());
        components.put("age", applicant.age());
        components.put("income", applicant.income());
        components.put("tags", applicant.tags());
        assertEquals("{\"age\":41,\"income\":52000.5,\"name\":\"Ada\",\"tags\":[\"vip\",\"éé\"]}",
                CanonicalJson.of(components));
        assertHashes(event(first, Applicant.class.getName()), CanonicalJson.bytes(components));
    }

    @Test
    void anObjectIsHashedByItsFieldsWithFloatsWidenedExactly() {
        // id from the superclass; no static 'created', no transient 'cache'; risk is 0.1f widened to double
        String expected = "{\"amount\":12.5,\"codes\":[1,2,3],\"currency\":\"EUR\",\"id\":7,"
                + "\"risk\":0.10000000149011612}";
        Map<String, Object> fields = new TreeMap<>(Map.of("amount", 12.5, "codes", new int[] {1, 2, 3},
                "currency", "EUR", "id", 7L, "risk", 0.1f));
        assertEquals(expected, CanonicalJson.of(fields));
        assertHashes(event(first, Transaction.class.getName()), expected.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCycleBecomesTheStringCycleAndDoesNotHang() {
        String expected = "{\"label\":\"a\",\"next\":{\"label\":\"b\",\"next\":\"<cycle>\"}}";
        JsonNode event = event(first, Node.class.getName());
        assertHashes(event, expected.getBytes(StandardCharsets.UTF_8));
        assertFalse(event.path("input_hash_truncated").asBoolean(false));
    }

    @Test
    void anObjectMetTwiceButNotOnItsOwnPathIsWrittenBothTimes() {
        String expected = "{\"left\":{\"label\":\"s\",\"next\":null},\"right\":{\"label\":\"s\",\"next\":null}}";
        assertHashes(event(first, Pair.class.getName()), expected.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void severalArgumentsHashTheirDigestsInOrder() {
        JsonNode event = first.events().named("prediction_success").target("model")
                .where(e -> e.path("input").has("args")).single();
        byte[] user = CanonicalJson.bytes(Inputs.userId());
        byte[] k = CanonicalJson.bytes(3);
        assertEquals(Digests.hashOfArguments(user, k), event.path("input_hash").asText());
        assertEquals(user.length + k.length, event.path("input_size").asLong());
    }

    @Test
    void anInputExpressionMakesHashAndSizeThoseOfThatOneValue() {
        JsonNode event = first.events().named("prediction_success").target("ctx").single();
        assertHashes(event, CanonicalJson.bytes(Inputs.features()));
    }

    @Test
    void theOutputIsHashedLikeAnInput() {
        String expected = Digests.hash(CanonicalJson.bytes(Inputs.PREDICTION));
        for (JsonNode event : first.events().named("prediction_success").target("model").all()) {
            assertEquals(expected, event.path("output_hash").asText(), "predict returns 0.625: " + event);
        }
    }

    // ---- tensors -----------------------------------------------------------------------------------------

    @Test
    void primitiveArraysAreHashedAsTypedTensors() {
        assertHashes(event(first, "float[]"), TensorBytes.f32(Inputs.vector()));
        assertHashes(event(first, "float[][]"), TensorBytes.f32(Inputs.matrix()));
        assertHashes(event(first, "double[]"), TensorBytes.f64(Inputs.withNaN()));
        assertHashes(event(first, "int[]"), TensorBytes.i32(Inputs.counts()));
    }

    @Test
    void aReturnedFloatArrayIsHashedAsATensor() {
        JsonNode embed = first.events().named("prediction_success").target("embed").single();
        assertHashes(embed, CanonicalJson.bytes(Inputs.prompt()));
        assertEquals(Digests.hash(TensorBytes.f32(Inputs.embedding())), embed.path("output_hash").asText());
    }

    // ---- bounds ------------------------------------------------------------------------------------------

    @Test
    void aGraphDeeperThan64IsHashedUpToTheBoundAndSaysSo() {
        JsonNode event = event(first, Chain.class.getName());
        assertTrue(event.path("input_hash_truncated").asBoolean(false), "truncated: " + event);
        assertTrue(event.path("input_hash").asText().matches("[0-9a-f]{16}"));
        assertTrue(event.path("input_size").asLong() > 0);
    }

    @Test
    void aGraphWiderThanMaxNodesIsHashedUpToTheBoundAndSaysSo() {
        JsonNode event = event(first, "java.util.ArrayList");
        assertTrue(event.path("input_hash_truncated").asBoolean(false), "truncated: " + event);
        long complete = CanonicalJson.bytes(Inputs.wide()).length;
        assertTrue(event.path("input_size").asLong() > 0 && event.path("input_size").asLong() < complete,
                "input_size counts the bytes produced until the bound: " + event.path("input_size"));
    }

    @Test
    void inputsWithinTheBoundsAreNotMarkedTruncated() {
        for (String type : List.of("java.util.TreeMap", "float[]", Transaction.class.getName(), Pair.class.getName())) {
            assertFalse(event(first, type).path("input_hash_truncated").asBoolean(false), type);
        }
    }

    // ---- across runs, and with a key ---------------------------------------------------------------------

    @Test
    void equalInputsHashEqualInSeparateJvms() {
        Events a = first.events().named("prediction_success");
        Events b = second.events().named("prediction_success");
        assertEquals(a.size(), b.size());
        assertEquals(a.texts("input_hash"), b.texts("input_hash"), "same inputs in the same order");
        assertEquals(a.texts("output_hash"), b.texts("output_hash"));
    }

    @Test
    void aHashKeySwitchesBothHashesToHmacSha256() {
        byte[] features = CanonicalJson.bytes(Inputs.features());
        JsonNode event = event(keyed, "java.util.TreeMap");
        assertEquals(Digests.hmac(KEY, features), event.path("input_hash").asText());
        assertEquals(Digests.hmac(KEY, CanonicalJson.bytes(Inputs.PREDICTION)), event.path("output_hash").asText());
        assertEquals(features.length, event.path("input_size").asLong());
        assertNotEquals(Digests.hash(features), event.path("input_hash").asText());
        assertEquals(Digests.hmac(KEY, TensorBytes.f32(Inputs.vector())),
                event(keyed, "float[]").path("input_hash").asText());
    }

    @Test
    void noRawStringValueLeavesTheProcess() {
        String everything = first.events().all().toString();
        for (String raw : List.of("Ada", "vip", "EUR", "zoë-1", "hello")) {
            assertFalse(everything.contains(raw), "raw string " + raw + " in the events");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static JsonNode event(JvmRun run, String inputType) {
        return run.events().named("prediction_success").target("model").inputType(inputType).single();
    }

    private static void assertHashes(JsonNode event, byte[] canonical) {
        assertEquals(Digests.hash(canonical), event.path("input_hash").asText(),
                "SHA-256 of " + preview(canonical) + " in " + event);
        assertEquals(canonical.length, event.path("input_size").asLong(), "input_size is the canonical byte count");
    }

    private static String preview(byte[] canonical) {
        String text = new String(canonical, StandardCharsets.ISO_8859_1);
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
