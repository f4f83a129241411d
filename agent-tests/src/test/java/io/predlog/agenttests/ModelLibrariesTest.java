package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.expected.CanonicalJson;
import io.predlog.agenttests.expected.Digests;
import io.predlog.agenttests.expected.TensorBytes;
import io.predlog.agenttests.fixtures.libraries.TribuoService;
import io.predlog.agenttests.fixtures.libraries.XGBoostService;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model library's own input types are hashed by the data they hold, with the real libraries in real JVMs: an
 * XGBoost {@code DMatrix} (whose object holds only a native address) hashes as the {@code float[rows][cols]} of its
 * rows, a Tribuo {@code Example} as the map of its features; the same input twice has one hash and is seen before
 * the second time; no event mentions a native handle.
 */
class ModelLibrariesTest {

    private static JvmRun run(Class<?> service, String library, String targets) {
        List<Path> classpath = new ArrayList<>();
        classpath.add(TestEnvironment.fixtureClasses());
        classpath.addAll(TestEnvironment.modelLibs(library));
        return AgentJvm.main(service).classpath(classpath.toArray(new Path[0])).agentArgs(targets).run()
                .assertSucceeded();
    }

    private static void assertNoNativeHandle(JvmRun run) {
        for (JsonNode e : run.allEvents().all()) {
            assertFalse(e.toString().contains("handle"), "a native address is no input: " + e);
        }
    }

    @Test
    void anXGBoostDMatrixHashesAsTheRowsItWasBuiltFrom() {
        JvmRun run = run(XGBoostService.class, "xgboost",
                "predict.xgb=ml.dmlc.xgboost4j.java.Booster#predict(ml.dmlc.xgboost4j.java.DMatrix)");

        List<JsonNode> calls = run.events().named("prediction_success").target("xgb").all();
        assertEquals(5, calls.size(), run.describe());
        float[][] rows = new float[XGBoostService.ROWS][XGBoostService.COLS];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(XGBoostService.BATCH, r * XGBoostService.COLS, rows[r], 0, XGBoostService.COLS);
        }
        String dense = Digests.hash(TensorBytes.f32(rows));
        float n = Float.NaN;
        String csr = Digests.hash(TensorBytes.f32(new float[][] {{0.2f, n, 1f}, {n, 3f, n}}));

        assertEquals(List.of(dense, dense, csr, csr), List.of(calls.get(0).path("input_hash").asText(),
                calls.get(1).path("input_hash").asText(), calls.get(2).path("input_hash").asText(),
                calls.get(3).path("input_hash").asText()), "the numpy hash of the rows, whatever the DMatrix");
        assertEquals(List.of(false, true, false, true), calls.subList(0, 4).stream()
                .map(e -> e.path("input_seen_before").asBoolean()).toList());
        JsonNode input = calls.get(0).path("input");
        assertEquals("ml.dmlc.xgboost4j.java.DMatrix", input.path("type").asText());
        assertEquals("[4,3]", input.path("shape").toString());
        assertEquals(1, input.path("nan_count").asInt());
        assertEquals(-1.0, input.path("min").asDouble());
        assertEquals(4 * 3 * 4 + "f32[4,3]\n".length(), calls.get(0).path("input_size").asInt());
        assertFalse(calls.get(0).path("input_hash_partial").asBoolean());

        JsonNode fromFile = calls.get(4);
        assertTrue(fromFile.path("input_hash_partial").asBoolean(), "its data was never seen: " + fromFile);
        assertTrue(fromFile.path("input_hash").isMissingNode(), "no hash is made up for data never seen: " + fromFile);
        assertTrue(fromFile.path("input_seen_before").isMissingNode(), "nor a novelty answer: " + fromFile);
        assertNoNativeHandle(run);
        assertFalse(run.events().named("model_stats").all().isEmpty(), "the statistics window was written");
        JvmRun off = run(XGBoostService.class, "xgboost", "enabled=false");
        assertEquals(off.appStdout(), run.appStdout(), "the woven constructors leave every score as it was");
    }

    @Test
    void aTribuoExampleHashesAsTheMapOfItsFeatures() {
        JvmRun run = run(TribuoService.class, "tribuo", "predict.tribuo=org.tribuo.Model#predict(org.tribuo.Example)");

        Events calls = run.events().named("prediction_success").target("tribuo");
        assertEquals(4, calls.size(), run.describe());
        List<String> hashes = calls.texts("input_hash");
        for (int i = 0; i < TribuoService.APPLICANTS.length; i++) {
            Map<String, Object> features = new TreeMap<>();
            for (int f = 0; f < TribuoService.FEATURES.length; f++) {
                features.put(TribuoService.FEATURES[f], TribuoService.APPLICANTS[i][f]);
            }
            String expected = Digests.hash(CanonicalJson.bytes(features));
            assertEquals(expected, hashes.get(i), "applicant " + i + " as a map of its features");
            assertEquals(expected, hashes.get(i + 2), "again, features added in another order");
        }
        List<JsonNode> all = calls.all();
        assertEquals(List.of(false, false, true, true), all.stream()
                .map(e -> e.path("input_seen_before").asBoolean()).toList());
        assertEquals(all.get(0).path("output_hash"), all.get(2).path("output_hash"), "one prediction, one hash");
        assertNotEquals(all.get(0).path("input_hash"), all.get(1).path("input_hash"));
        assertEquals("[\"age\",\"income\",\"ratio\"]", all.get(0).path("input").path("field_names").toString());
        assertEquals(52000.5, all.get(0).path("input").path("values").path("income").asDouble());

        JsonNode stats = run.events().named("model_stats").all().get(0);
        List<String> names = new ArrayList<>();
        stats.path("features").fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("age", "income", "ratio"), names.stream().sorted().toList(), stats.toString());
        assertNoNativeHandle(run);
    }
}
