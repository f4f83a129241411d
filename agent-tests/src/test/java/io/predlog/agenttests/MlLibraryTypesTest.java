package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.ml.DjlApp;
import io.predlog.agenttests.fixtures.ml.EmbeddingApp;
import io.predlog.agenttests.fixtures.ml.NativeOnly;
import io.predlog.agenttests.fixtures.ml.OnnxApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The types ML libraries hand to models are hashed as the data they hold, never as their native memory: an ONNX
 * Runtime tensor as the {@code float[][]} it was made from, the map of tensors {@code OrtSession#run} takes as that map
 * of arrays, its {@code Result} as a map of output name to value, langchain4j's texts as their strings and its
 * embeddings as their vectors; a value of native state alone has no hash (docs/HASHING.md, "Library types" and
 * "Native state"). Real libraries from Maven Central, a real ONNX model ({@code LinearOnnxModel}), real JVMs.
 */
class MlLibraryTypesTest {

    private static final String ONNX_TARGETS =
            "predict.tensor=" + OnnxApp.TensorScorer.class.getName() + "#score"
                    + ",predict.array=" + OnnxApp.ArrayScorer.class.getName() + "#score"
                    + ",predict.ort=ai.onnxruntime.OrtSession#run(java.util.Map)"
                    + ",predict.native=" + NativeOnly.NativeModel.class.getName() + "#predict";

    private static Path[] classpath() {
        List<Path> cp = new ArrayList<>();
        cp.add(TestEnvironment.fixtureClasses());
        cp.addAll(TestEnvironment.mlLibs());
        return cp.toArray(Path[]::new);
    }

    /** What docs/HASHING.md says a {@code float[][]} hashes to: numpy's {@code b"f32[r,c]\n" + a.astype("<f4").tobytes()}. */
    static String tensorHash(float[][] rows) throws Exception {
        String header = "f32[" + rows.length + "," + rows[0].length + "]\n";
        ByteBuffer b = ByteBuffer.allocate(header.length() + 4 * rows.length * rows[0].length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (float[] row : rows) {
            for (float v : row) {
                b.putFloat(v);
            }
        }
        return hash16(b.array());
    }

    static String tensorHash(float[] vector) throws Exception {
        String header = "f32[" + vector.length + "]\n";
        ByteBuffer b = ByteBuffer.allocate(header.length() + 4 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (float v : vector) {
            b.putFloat(v);
        }
        return hash16(b.array());
    }

    /** The hash of an RFC 8785 text. */
    static String jsonHash(String canonicalJson) throws Exception {
        return hash16(canonicalJson.getBytes(StandardCharsets.UTF_8));
    }

    private static String hash16(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
    }

    private static List<Boolean> seen(Events events) {
        return events.stream().map(e -> e.path("input_seen_before").asBoolean()).toList();
    }

    @Test
    void anOnnxTensorHashesAsTheArrayItWasMadeFromAndIsSeenAgainTheSecondTime() throws Exception {
        JvmRun run = AgentJvm.main(OnnxApp.class).classpath(classpath()).agentArgs(ONNX_TARGETS).run()
                .assertSucceeded();

        Events tensors = run.events().named("prediction_success").target("tensor");
        Events arrays = run.events().named("prediction_success").target("array");
        int calls = OnnxApp.ROUNDS * OnnxApp.ROWS.length;
        assertEquals(calls, tensors.size(), run.describe());
        for (int i = 0; i < calls; i++) {
            JsonNode tensor = tensors.all().get(i);
            float[][] rows = OnnxApp.ROWS[i % OnnxApp.ROWS.length];
            assertEquals(tensorHash(rows), tensor.path("input_hash").asText(), "call " + i + ": " + tensor);
            assertEquals(arrays.all().get(i).path("input_hash").asText(), tensor.path("input_hash").asText());
            assertEquals(16L * rows.length + ("f32[" + rows.length + ",4]\n").length(), tensor.path("input_size").asLong());
            assertEquals("ai.onnxruntime.OnnxTensor", tensor.path("input").path("type").asText());
            assertEquals("[" + rows.length + ",4]", tensor.path("input").path("shape").toString());
            assertFalse(tensor.has("input_hash_partial"), tensor.toString());
        }
        assertEquals(List.of(false, false, true, true), seen(tensors), "new rows, then the same rows again");
    }

    @Test
    void theMapOfTensorsGivenToOrtSessionRunAndItsResultHashAsMapsOfArrays() throws Exception {
        JvmRun run = AgentJvm.main(OnnxApp.class).classpath(classpath()).agentArgs(ONNX_TARGETS).run()
                .assertSucceeded();

        Events runs = run.events().named("prediction_success").target("ort");
        assertEquals(OnnxApp.ROUNDS * OnnxApp.ROWS.length, runs.size(), run.describe());
        String[] inputs = {"{\"x\":[[0.5,1.25,-2,3]]}", "{\"x\":[[1,2,3,4],[-1,-2,-3,-4]]}"};
        String[] outputs = {"{\"y\":[[2.75]]}", "{\"y\":[[10],[-10]]}"};
        for (int i = 0; i < runs.size(); i++) {
            JsonNode e = runs.all().get(i);
            assertEquals(jsonHash(inputs[i % 2]), e.path("input_hash").asText(), "call " + i + ": " + e);
            assertEquals(jsonHash(outputs[i % 2]), e.path("output_hash").asText(), "call " + i + ": " + e);
            assertEquals("[\"x\"]", e.path("input").path("field_names").toString());
            assertEquals("ai.onnxruntime.OrtSession#run", e.path("method").asText());
        }
        assertEquals(List.of(false, false, true, true), seen(runs));
    }

    @Test
    void noEventAndNoStatisticsMentionANativeHandle() {
        JvmRun run = AgentJvm.main(OnnxApp.class).classpath(classpath()).agentArgs(ONNX_TARGETS).run()
                .assertSucceeded();

        assertFalse(run.events().named("model_stats").all().isEmpty(), "the statistics were written: " + run.describe());
        for (JsonNode e : run.allEvents().all()) {
            String text = e.toString().toLowerCase(Locale.ROOT);
            assertFalse(text.contains("handle"), e.toString());
            assertFalse(text.contains("139750487833152"), e.toString());
        }
    }

    @Test
    void aValueOfNativeStateAloneIsRecordedAsSuchWithNoHash() {
        JvmRun run = AgentJvm.main(OnnxApp.class).classpath(classpath()).agentArgs(ONNX_TARGETS).run()
                .assertSucceeded();

        Events calls = run.events().named("prediction_success").target("native");
        assertEquals(3, calls.size(), run.describe());
        for (JsonNode e : calls.all()) {
            assertFalse(e.has("input_hash"), "no invented hash: " + e);
            assertFalse(e.has("input_size"), e.toString());
            assertFalse(e.has("input_seen_before"), "nothing to have seen: " + e);
            assertTrue(e.path("input_hash_partial").asBoolean(), e.toString());
            assertEquals("{\"type\":\"" + NativeOnly.NativeRows.class.getName() + "\"}", e.path("input").toString());
            assertTrue(e.has("output_hash"), "the output is a plain double: " + e);
        }
    }

    @Test
    void langchain4jTextsHashAsTheirStringsAndEmbeddingsAsTheirVectors() throws Exception {
        String targets = "predict.segment=" + EmbeddingApp.Embedder.class.getName() + "#embed"
                + ",predict.document=" + EmbeddingApp.Embedder.class.getName() + "#embedDocument";
        JvmRun run = AgentJvm.main(EmbeddingApp.class).classpath(classpath()).agentArgs(targets).run()
                .assertSucceeded();

        for (String target : List.of("segment", "document")) {
            Events calls = run.events().named("prediction_success").target(target);
            assertEquals(4, calls.size(), run.describe());
            for (int i = 0; i < calls.size(); i++) {
                JsonNode e = calls.all().get(i);
                String text = EmbeddingApp.TEXTS[i % 2];
                assertEquals(jsonHash("\"" + text + "\""), e.path("input_hash").asText(), target + " " + i + ": " + e);
                assertEquals(tensorHash(EmbeddingApp.Embedder.vector(text)), e.path("output_hash").asText());
                assertEquals(text.length(), e.path("input").path("length").asInt(), e.toString());
                assertEquals(text.getBytes(StandardCharsets.UTF_8).length, e.path("input").path("bytes").asInt());
                assertFalse(e.toString().contains(text), "no raw text leaves the process: " + e);
            }
        }
        // one model (Embedder): the segments' metadata is not their text, so the second round is seen again; and a
        // Document of a text is the same input as the TextSegment of it embedded just before
        assertEquals(List.of(false, false, true, true), seen(run.events().named("prediction_success").target("segment")));
        assertEquals(List.of(true, true, true, true), seen(run.events().named("prediction_success").target("document")));
    }

    @Test
    void aDjlNDArrayHashesAsTheArrayItWasMadeFromAloneAndInAnNDList() throws Exception {
        String targets = "predict.ndarray=" + DjlApp.ArrayModel.class.getName() + "#predict"
                + ",predict.ndlist=" + DjlApp.ListModel.class.getName() + "#predict";
        JvmRun run = AgentJvm.main(DjlApp.class).classpath(classpath()).agentArgs(targets).run().assertSucceeded();

        Events arrays = run.events().named("prediction_success").target("ndarray");
        assertEquals(2, arrays.size(), run.describe());
        for (JsonNode e : arrays.all()) {
            assertEquals(tensorHash(DjlApp.ROWS), e.path("input_hash").asText(), e.toString());
            assertEquals("[2,3]", e.path("input").path("shape").toString(), e.toString());
            assertEquals(-2.0, e.path("input").path("min").asDouble());
        }
        assertEquals(List.of(false, true), seen(arrays));
        Events lists = run.events().named("prediction_success").target("ndlist");
        assertEquals(2, lists.size(), run.describe());
        for (JsonNode e : lists.all()) {
            assertEquals(jsonHash("[[[0.5,1.25,-2],[3,4,5]]]"), e.path("input_hash").asText(), e.toString());
            assertEquals("ai.djl.ndarray.NDList", e.path("input").path("type").asText());
        }
        assertEquals(List.of(false, true), seen(lists));
        for (JsonNode e : run.allEvents().all()) {
            assertFalse(e.toString().toLowerCase(Locale.ROOT).contains("handle"), e.toString());
        }
    }
}
