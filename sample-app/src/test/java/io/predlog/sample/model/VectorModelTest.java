package io.predlog.sample.model;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorModelTest {
    /** W = [[1,0],[0,2]], b = 0, centroids along x, y and the diagonal. */
    private static final String TINY = String.join("\n",
            "# a 2-d model small enough to score by hand",
            "kind vector",
            "dim 2",
            "bias 0 0",
            "row 1 0",
            "row 0 2",
            "centroid x 1 0",
            "centroid y 0 1",
            "centroid diag 1 1");

    private static VectorModel model(String text) throws IOException {
        return new VectorModel("tiny", "v1", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void scoresAreCosineSimilaritiesOfTheProjectionToEachCentroid() throws IOException {
        VectorModel m = model(TINY);
        // h = [3, 2*2] = [3, 4], |h| = 5: cos to x = 3/5, to y = 4/5, to diag = 7 / (5 * sqrt 2)
        float[] scores = m.predict(new float[] {3f, 2f});

        assertArrayEquals(new float[] {0.6f, 0.8f, (float) (7 / (5 * Math.sqrt(2)))}, scores, 1e-6f);
        assertEquals("diag", m.bestLabel(scores));
        assertEquals(List.of("x", "y", "diag"), m.labels());
    }

    @Test
    void theBiasIsAddedBeforeTheSimilarity() throws IOException {
        VectorModel m = model(TINY.replace("bias 0 0", "bias 1 -1"));
        // h = [0 + 1, 2*0.5 - 1] = [1, 0]
        float[] scores = m.predict(new float[] {0f, 0.5f});

        assertArrayEquals(new float[] {1f, 0f, (float) (1 / Math.sqrt(2))}, scores, 1e-6f);
        assertEquals("x", m.bestLabel(scores));
    }

    @Test
    void aZeroProjectionScoresZeroEverywhere() throws IOException {
        assertArrayEquals(new float[] {0f, 0f, 0f}, model(TINY).predict(new float[] {0f, 0f}));
    }

    @Test
    void aVectorOfTheWrongLengthIsRejected() throws IOException {
        DimensionMismatchException e = assertThrows(DimensionMismatchException.class,
                () -> model(TINY).predict(new float[] {1f, 2f, 3f}));
        assertEquals("expected a vector of 2 values (or a sequence of such vectors, a multiple of 2), got 3",
                e.getMessage());
    }

    @Test
    void aSequenceOfVectorsIsScoredOnTheMeanOfTheirProjections() throws IOException {
        VectorModel m = model(TINY);
        // projections [1, 0] and [0, 2]: mean [0.5, 1], |h| = sqrt(1.25)
        float[] scores = m.predict(new float[] {1f, 0f, 0f, 1f});

        double norm = Math.sqrt(1.25);
        assertArrayEquals(new float[] {(float) (0.5 / norm), (float) (1 / norm), (float) (1.5 / (norm * Math.sqrt(2)))},
                scores, 1e-6f);
    }

    @Test
    void aSequenceOfOneRepeatedVectorScoresLikeTheVectorAlone() throws IOException {
        VectorModel m = model(TINY);

        assertArrayEquals(m.predict(new float[] {3f, 2f}), m.predict(new float[] {3f, 2f, 3f, 2f, 3f, 2f}), 1e-6f);
    }

    @Test
    void anEmptyVectorIsRejected() throws IOException {
        assertThrows(DimensionMismatchException.class, () -> model(TINY).predict(new float[0]));
    }

    @Test
    void aNonFiniteValueIsInvalidInput() throws IOException {
        assertThrows(InvalidInputException.class, () -> model(TINY).predict(new float[] {Float.NaN, 0f}));
    }

    @Test
    void aFileWithTooFewRowsDoesNotLoad() {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> model(TINY.replace("row 0 2", "")));
        assertEquals("tiny/v1: incomplete model (needs kind, dim, bias, dim rows and at least one centroid)",
                e.getMessage());
    }

    @Test
    void aShortRowIsReportedWithItsLineNumber() {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> model(TINY.replace("row 0 2", "row 0")));
        assertEquals("tiny/v1 line 6: expected 2 numbers, found 1", e.getMessage());
    }

    @Test
    void theShippedEmbeddingModelLoadsInItsConstructor() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("models/embed-sim/v1.txt")) {
            VectorModel m = new VectorModel("embed-sim", "v1", in);

            assertEquals(64, m.dim());
            assertEquals(12, m.labels().size());
            assertEquals(12, m.predict(new float[64]).length);
        }
    }

    /** The demo's first incident: lists of over a thousand values cost in proportion to their length. */
    @Test
    void aLongSequenceCostsInProportionToItsLength() throws IOException {
        VectorModel m;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("models/embed-sim/v1.txt")) {
            m = new VectorModel("embed-sim", "v1", in);
        }
        float[] shorter = sequence(16); // 1,024 values
        float[] longer = sequence(256); // 16,384 values: 16 times the work
        for (int i = 0; i < 50; i++) { // warm-up: the same inner loop runs both, compiled once
            m.predict(shorter);
            m.predict(longer);
        }

        long shorterNanos = medianNanos(m, shorter, 41);
        long longerNanos = medianNanos(m, longer, 21);

        // a generous floor under the expected 16, since the machine running the test may be busy
        assertTrue(longerNanos > 4 * shorterNanos, "16 vectors " + shorterNanos + " ns, 256 vectors " + longerNanos + " ns");
    }

    private static float[] sequence(int vectors) {
        float[] values = new float[vectors * 64];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i);
        }
        return values;
    }

    private static long medianNanos(VectorModel m, float[] input, int runs) {
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            m.predict(input);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[runs / 2];
    }
}
