package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.impl.ListExample;

/**
 * The adapters of model libraries' types, with the real libraries: an XGBoost {@code DMatrix} hashes as the
 * {@code float[rows][cols]} it was built from (its data observed as the woven constructor would report it), or as
 * native state when its data was not seen; a Tribuo {@code Example} as the map of its features; a
 * {@code Prediction} as its output and scores.
 */
class ModelLibraryAdaptersTest {

    private static final float[] ROWS = {1.5f, 0.25f, 3f, -2f, Float.NaN, 7f};

    private final InputCapture capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 100));
    private final DMatrixData observer = new DMatrixData(HashSettings.defaults());

    private DMatrix seenDense(float[] data, int rows, int cols) throws Exception {
        DMatrix m = new DMatrix(data, rows, cols, Float.NaN);
        observer.built(m, new Object[] {data, rows, cols, Float.NaN});
        return m;
    }

    @Test
    void aDMatrixBuiltFromAFloatArrayHashesAsTheFloatArrayOfItsRows() throws Exception {
        DMatrix m = seenDense(ROWS.clone(), 2, 3);
        float[][] asArray = {{1.5f, 0.25f, 3f}, {-2f, Float.NaN, 7f}};

        CapturedInput captured = capture.captureValue(m);

        HashResult array = capture.captureValue(asArray).hash();
        assertEquals(array.hash(), captured.hash().hash());
        assertEquals(9 + 24, captured.hash().size(), "f32[2,3]\\n and six floats");
        assertFalse(captured.hash().partial());
        Map<String, Object> c = captured.characteristics();
        assertEquals("ml.dmlc.xgboost4j.java.DMatrix", c.get("type"));
        assertEquals(2L, c.get("list_length"));
        assertEquals(List.of(2, 3), c.get("shape"));
        assertEquals(-2.0, c.get("min"));
        assertEquals(7.0, c.get("max"));
        assertEquals(1L, c.get("nan_count"));
        assertEquals(0, captured.features().size(), "no feature, least of all a native handle");
        assertTrue(c.toString().indexOf("handle") < 0, c.toString());
    }

    @Test
    void aMatrixIsHashedAsItWasBuiltEvenWhenItsArrayIsReusedBeforeATargetTakesIt() throws Exception {
        float[] buffer = ROWS.clone(); // small: its digest waits for a target, on a copy of its cells
        DMatrix m = seenDense(buffer, 2, 3);
        java.util.Arrays.fill(buffer, 9f); // the service reuses its row buffer for the next request
        float[][] asBuilt = {{1.5f, 0.25f, 3f}, {-2f, Float.NaN, 7f}};
        assertEquals(capture.captureValue(asBuilt).hash().hash(), capture.captureValue(m).hash().hash());

        int cols = 100;
        int rows = DMatrixData.LAZY_CELLS / cols + 1; // too large to copy: digested as it is built
        float[] large = new float[rows * cols];
        for (int i = 0; i < large.length; i++) {
            large[i] = i * 0.5f;
        }
        float[][] largeRows = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(large, r * cols, largeRows[r], 0, cols);
        }
        DMatrix big = seenDense(large, rows, cols);
        java.util.Arrays.fill(large, 9f);
        assertEquals(capture.captureValue(largeRows).hash().hash(), capture.captureValue(big).hash().hash());
    }

    @Test
    void aSmallMatrixIsDigestedOnceHoweverOftenItIsTakenAndLetGoWhenReleased() throws Exception {
        DMatrix m = seenDense(ROWS.clone(), 2, 3);
        MatrixDigest first = DMatrixData.of(m);
        assertNotNull(first);
        assertSame(first, DMatrixData.of(m), "the second take finds the digest the first made");
        assertEquals(capture.captureValue(new float[][] {{1.5f, 0.25f, 3f}, {-2f, Float.NaN, 7f}}).hash(),
                capture.captureValue(m).hash());

        DMatrix untaken = seenDense(ROWS.clone(), 2, 3);
        observer.released(untaken); // disposed before any target took it
        observer.released(m);
        assertNull(DMatrixData.of(untaken));
        assertNull(DMatrixData.of(m), "what was kept for a disposed matrix is gone");
        observer.released(m); // a second dispose, or one of a matrix never seen: nothing to do
        observer.released(new Object());
        m.dispose();
        untaken.dispose();
    }

    @Test
    void theWalksAfterASeenMatrixHashAsFreshOnes() throws Exception {
        DMatrix m = seenDense(ROWS.clone(), 2, 3);
        HashSettings settings = HashSettings.defaults();
        Object[] after = {3.25, Map.of("a", 1, "b", 2.5), new float[][] {{0.5f}}, List.of(m, 1)};
        for (Object value : after) {
            capture.captureValue(m); // the matrix's digest is the one made when it was built
            CapturedOutput out = capture.captureOutput(value, new CapturedOutput());
            CapturedOutput alone = new InputCapture(settings, true).captureOutput(value, new CapturedOutput());
            assertEquals(alone.hash(), out.hash(), "after a matrix: " + value);
        }
        m.dispose();
    }

    @Test
    void twoDMatricesOfTheSameRowsHaveOneHashWhateverTheirHandles() throws Exception {
        DMatrix a = seenDense(ROWS.clone(), 2, 3);
        DMatrix b = seenDense(ROWS.clone(), 2, 3);
        DMatrix other = seenDense(new float[] {1.5f, 0.25f, 3f, -2f, Float.NaN, 8f}, 2, 3);

        assertNotEquals(a.getHandle(), b.getHandle());
        assertEquals(capture.captureValue(a).hash(), capture.captureValue(b).hash());
        assertNotEquals(capture.captureValue(a).hash(), capture.captureValue(other).hash());
    }

    @Test
    void withAKeyAndAmongOtherArgumentsADMatrixStillHashesAsItsRows() throws Exception {
        HashSettings keyed = new HashSettings("k3y".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                HashSettings.DEFAULT_MAX_NODES, HashSettings.DEFAULT_MAX_BYTES, HashSettings.DEFAULT_MAX_DEPTH);
        InputCapture keyedCapture = new InputCapture(keyed, true);
        DMatrix m = new DMatrix(ROWS.clone(), 2, 3, Float.NaN);
        new DMatrixData(keyed).built(m, new Object[] {ROWS.clone(), 2, 3, Float.NaN});
        float[][] asArray = {{1.5f, 0.25f, 3f}, {-2f, Float.NaN, 7f}};

        assertEquals(keyedCapture.captureValue(asArray).hash(), keyedCapture.captureValue(m).hash(), "HMAC alone");
        assertEquals(keyedCapture.captureArguments(new Object[] {asArray, 0.5}).hash(),
                keyedCapture.captureArguments(new Object[] {m, 0.5}).hash(), "one of several arguments");
        assertNotEquals(capture.captureValue(asArray).hash(), keyedCapture.captureValue(m).hash());
    }

    @Test
    void theByteBoundCutsADMatrixWhereItCutsItsRows() throws Exception {
        HashSettings small = new HashSettings(null, HashSettings.DEFAULT_MAX_NODES, 20, HashSettings.DEFAULT_MAX_DEPTH);
        InputCapture bounded = new InputCapture(small, true);
        DMatrix m = new DMatrix(ROWS.clone(), 2, 3, Float.NaN);
        new DMatrixData(small).built(m, new Object[] {ROWS.clone(), 2, 3, Float.NaN});

        HashResult matrix = bounded.captureValue(m).hash();

        assertEquals(bounded.captureValue(new float[][] {{1.5f, 0.25f, 3f}, {-2f, Float.NaN, 7f}}).hash(), matrix);
        assertTrue(matrix.truncated());
        assertEquals(20, matrix.size());
    }

    @Test
    void theDataIsTakenWhenTheMatrixIsBuiltNotWhenItIsPassed() throws Exception {
        float[] data = ROWS.clone();
        DMatrix m = seenDense(data, 2, 3);
        String before = capture.captureValue(m).hash().hash();
        data[0] = 99f; // the application reuses its buffer; the DMatrix keeps what it copied

        assertEquals(before, capture.captureValue(m).hash().hash());
    }

    @Test
    void aCsrMatrixHashesAsItsDenseRowsWithAbsentCellsNaN() throws Exception {
        long[] headers = {0, 2, 3};
        int[] indices = {0, 2, 1};
        float[] data = {4f, 5f, 6f};
        DMatrix m = new DMatrix(headers, indices, data, DMatrix.SparseType.CSR, 3, Float.NaN, -1);
        observer.built(m, new Object[] {headers, indices, data, DMatrix.SparseType.CSR, 3, Float.NaN, -1});
        DMatrix csc = new DMatrix(new long[] {0, 1, 2, 3}, new int[] {0, 1, 0}, new float[] {4f, 6f, 5f},
                DMatrix.SparseType.CSC, 2, Float.NaN, -1);
        observer.built(csc, new Object[] {new long[] {0, 1, 2, 3}, new int[] {0, 1, 0}, new float[] {4f, 6f, 5f},
                DMatrix.SparseType.CSC, 2, Float.NaN, -1});

        float n = Float.NaN;
        String dense = capture.captureValue(new float[][] {{4f, n, 5f}, {n, 6f, n}}).hash().hash();
        assertEquals(dense, capture.captureValue(m).hash().hash());
        assertEquals(dense, capture.captureValue(csc).hash().hash(), "the same cells, column by column");
    }

    @Test
    void aDMatrixWhoseDataWasNotSeenIsNativeStateWithNoHash(@TempDir Path dir) throws Exception {
        DMatrix seen = seenDense(ROWS.clone(), 2, 3);
        Path file = dir.resolve("rows.buffer");
        seen.saveBinary(file.toString());
        assertTrue(Files.size(file) > 0);
        DMatrix fromFile = new DMatrix(file.toString());

        CapturedInput captured = capture.captureValue(fromFile);

        assertTrue(captured.hash().partial(), "its data is not in the hash");
        assertTrue(captured.hash().opaque(), "no hash is made up for data that was not seen");
        assertFalse(captured.characteristics().containsKey("field_names"), "nothing of the object is read");
    }

    @Test
    void aDMatrixInsideAnotherValueIsItsShapeMissingValueAndDigest() throws Exception {
        DMatrix m = seenDense(ROWS.clone(), 2, 3);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("batch", m);

        String canonical = Canonical.text(request);

        MatrixDigest d = DMatrixData.of(m);
        assertEquals("{\"batch\":{\"cols\":3,\"data\":\"" + d.hex(false) + "\",\"missing\":\"NaN\",\"rows\":2}}",
                canonical);
    }

    @Test
    void aTribuoExampleHashesAsTheMapOfItsFeatures() {
        ArrayExample<Label> example = new ArrayExample<>(new Label("unknown"),
                new String[] {"income", "age", "ratio"}, new double[] {52000.5, 31, 0.1});
        Map<String, Double> features = new TreeMap<>(Map.of("income", 52000.5, "age", 31.0, "ratio", 0.1));

        CapturedInput captured = capture.captureValue(example);

        assertEquals(capture.captureValue(features).hash(), captured.hash());
        assertEquals(List.of("age", "income", "ratio"), captured.characteristics().get("field_names"));
        assertEquals(org.tribuo.impl.ArrayExample.class.getName(), captured.characteristics().get("type"));
        assertEquals(List.of("age", "income", "ratio"),
                List.of(captured.features().name(0), captured.features().name(1), captured.features().name(2)));
        Example<Label> list = new ListExample<>(new Label("other"), new String[] {"ratio", "age", "income"},
                new double[] {0.1, 31, 52000.5});
        assertEquals(captured.hash(), capture.captureValue(list).hash(), "another Example class, another output");
    }

    @Test
    void aTribuoPredictionHashesAsItsOutputAndScores() throws Exception {
        ArrayExample<Label> example = new ArrayExample<>(new Label("unknown"), new String[] {"a"}, new double[] {1});
        Map<String, Label> scores = new LinkedHashMap<>();
        scores.put("yes", new Label("yes", 0.75));
        scores.put("no", new Label("no", 0.25));
        Prediction<Label> prediction = new Prediction<>(new Label("yes", 0.75), scores, 1, example, true);

        assertEquals(Canonical.sha256Hash16("{\"output\":{\"label\":\"yes\",\"score\":0.75},\"outputScores\":"
                        + "{\"no\":{\"label\":\"no\",\"score\":0.25},\"yes\":{\"label\":\"yes\",\"score\":0.75}}}"),
                capture.hashValue(prediction).hash());
    }

    @Test
    void withoutTheLibrariesTheAdaptersNeverApply() {
        assertNull(DMatrixAdapter.forType(String.class));
        assertNull(TribuoExampleAdapter.forType(List.class));
        assertNull(TribuoPredictionAdapter.forType(Object.class));
    }
}
