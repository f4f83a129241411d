package io.predlog.agent.capture;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call's output is characterised by the input's rules (docs/EVENTS.md, "output") in the walk that hashes it, with
 * a number's {@code value} and a numeric vector's {@code argmax} and {@code norm} besides; its features are named
 * {@code output…} (docs/STATISTICS.md, "Outputs").
 */
class OutputCaptureTest {

    private final InputCapture capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256));

    private Map<String, Object> output(Object value) {
        return capture.captureOutput(value).characteristics();
    }

    /** Feature name → its number (a TEXT feature: its text), in order. */
    private static Map<String, Object> features(Features f) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < f.size(); i++) {
            m.put(f.name(i), f.kind(i) == Features.TEXT ? f.text(i)
                    : f.kind(i) == Features.ELEMENTS ? List.of(box(f.elements(i))) : (Object) f.number(i));
        }
        return m;
    }

    /** The doubles whose text is special (zeros, extremes, non-finite), then 500 of {@code seed}'s random ones. */
    private static List<Double> doubles(long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        List<Double> doubles = new ArrayList<>(List.of(0.0, -0.0, 1.0, 0.1, -2.5e-300, Double.MIN_VALUE, 1e21, 1e-7,
                Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        for (int i = 0; i < 500; i++) {
            doubles.add(i % 2 == 0 ? random.nextDouble() * 100 : Double.longBitsToDouble(random.nextLong()));
        }
        return doubles;
    }

    private static Double[] box(double[] a) {
        Double[] b = new Double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return b;
    }

    @Test
    void theHashIsTheOneHashValueGivesForTheSameValue() {
        for (Object value : List.of(0.93, "fraud", new double[] {0.1, 0.7, 0.2}, Map.of("score", 0.5))) {
            assertEquals(capture.hashValue(value), capture.captureOutput(value).hash(), String.valueOf(value));
        }
    }

    @Test
    void aNumberIsItsTypeAndValueAndTheFeatureOutput() {
        assertEquals(Map.of("type", "java.lang.Double", "value", 0.93), output(0.93));
        assertEquals(Map.of("type", "java.lang.Integer", "value", 3), output(3));
        assertEquals(Map.of("type", "java.lang.Float", "value", (double) 0.1f), output(0.1f), "floats widened exactly");
        assertEquals(Map.of("output", 0.93), features(capture.captureOutput(0.93).features()));
    }

    /**
     * A {@code double} or {@code float} output, returned as a primitive or boxed, is kept as its number: the hash is
     * the one the generic walk gives its box, the characteristics and features those of the box.
     */
    @Test
    void aPrimitiveNumberIsCapturedAsItsBoxWouldBe() {
        List<Double> doubles = doubles(42);
        CapturedOutput holder = new CapturedOutput();
        for (double d : doubles) {
            for (boolean single : new boolean[] {false, true}) {
                Object box = single ? (Object) (float) d : (Object) d;
                double value = single ? (float) d : d;
                CapturedOutput number = capture.captureOutputNumber(value, single, holder);
                assertEquals(single ? CapturedOutput.FLOAT_NUMBER : CapturedOutput.DOUBLE_NUMBER, number.numberType());
                assertEquals(capture.hashValue(box), number.hash(), box + ": the generic walk's hash");
                assertEquals(Map.of("type", single ? "java.lang.Float" : "java.lang.Double", "value", value),
                        number.characteristics(), String.valueOf(box));
                Map<String, Object> features = features(number.features());
                CapturedOutput boxed = capture.captureOutput(box, new CapturedOutput());
                assertEquals(number.hash(), boxed.hash(), String.valueOf(box));
                assertEquals(number.characteristics(), boxed.characteristics(), String.valueOf(box));
                assertEquals(features, features(boxed.features()), String.valueOf(box));
                if (Double.isFinite(value)) {
                    assertEquals(Map.of("output", value), features, String.valueOf(box));
                }
            }
        }
        CapturedOutput reused = capture.captureOutput(Map.of("score", 0.5), holder);
        assertEquals(CapturedOutput.NO_NUMBER, reused.numberType(), "a map after a number");
        assertEquals("java.util.ImmutableCollections$Map1", reused.characteristics().get("type"));
        holder.clear();
        assertNull(holder.characteristics());
    }

    /**
     * A capture that leaves a number's hash to the encoder keeps what one that hashes keeps, but the hash: that is
     * {@link NumberHash}'s, the same for every double and float, with and without a key.
     */
    @Test
    void aNumberLeftToTheEncoderIsCapturedAsOneHashedHereAndItsHashIsTheSame() {
        List<Double> doubles = doubles(7);
        for (HashSettings settings : List.of(HashSettings.defaults(),
                new HashSettings("key".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, 64, 1))) {
            FeatureSettings features = new FeatureSettings(64, 256);
            InputCapture hashing = new InputCapture(settings, true, features);
            InputCapture leaving = new InputCapture(settings, true, features,
                    OutputSettings.DEFAULTS, List.of(), () -> true);
            NumberHash numberHash = new NumberHash(settings);
            CapturedOutput holder = new CapturedOutput();
            for (double d : doubles) {
                for (boolean single : new boolean[] {false, true}) {
                    double value = single ? (float) d : d;
                    CapturedOutput hashed = hashing.captureOutputNumber(value, single, new CapturedOutput());
                    CapturedOutput left = leaving.captureOutputNumber(value, single, holder);
                    String what = value + (single ? "f" : "") + " " + settings;
                    assertTrue(left.hashedAtEncoding(), what);
                    assertFalse(hashed.hashedAtEncoding(), what);
                    assertEquals(HashResult.PRESENT, left.hashBits(), what);
                    assertEquals(hashed.hashBits(), left.hashBits(), what);
                    assertEquals(hashed.numberType(), left.numberType(), what);
                    assertEquals(hashed.characteristics(), left.characteristics(), what);
                    assertEquals(features(hashed.features()), features(left.features()), what);
                    assertEquals(hashed.hashPrefix(), numberHash.prefix(value, single), what);
                }
            }
            CapturedOutput map = leaving.captureOutput(Map.of("score", 0.5), holder);
            assertFalse(map.hashedAtEncoding(), "a map after a number is hashed by the capture");
            assertEquals(hashing.hashValue(Map.of("score", 0.5)), map.hash());
        }
    }

    /**
     * Where a number's canonical text might not fit the byte bound, whether the configured one or the one
     * self-protection sets, while the condition says the encoders are behind, or where outputs are hashed only,
     * the capture hashes the number itself.
     */
    @Test
    void aNumberIsHashedByTheCaptureWhenItsTextMightNotFitTheEncodersAreBehindOrOutputsAreHashedOnly() {
        HashSettings tight = new HashSettings(null, 10_000, 8, 64);
        InputCapture tightBound = new InputCapture(tight, true, null,
                OutputSettings.DEFAULTS, List.of(), () -> true);
        CapturedOutput truncated = tightBound.captureOutputNumber(-2.5e-300, false, new CapturedOutput());
        assertFalse(truncated.hashedAtEncoding());
        assertTrue(truncated.hash().truncated(), "-2.5e-300 is longer than 8 bytes");
        assertEquals(new InputCapture(tight, true).hashValue(-2.5e-300), truncated.hash());

        InputCapture capped = new InputCapture(HashSettings.defaults(), true, null,
                OutputSettings.DEFAULTS, List.of(), () -> true);
        assertTrue(capped.captureOutputNumber(0.5, false, new CapturedOutput()).hashedAtEncoding());
        capped.byteCap().set(32);
        CapturedOutput underPressure = capped.captureOutputNumber(0.5, false, new CapturedOutput());
        assertFalse(underPressure.hashedAtEncoding(), "a lowered bound");
        assertEquals(capture.hashValue(0.5), underPressure.hash());

        boolean[] keepingUp = {false};
        InputCapture behind = new InputCapture(HashSettings.defaults(), true, null, OutputSettings.DEFAULTS,
                List.of(), () -> keepingUp[0]);
        CapturedOutput whileBehind = behind.captureOutputNumber(0.5, false, new CapturedOutput());
        assertFalse(whileBehind.hashedAtEncoding(), "while the encoders are behind");
        assertEquals(capture.hashValue(0.5), whileBehind.hash());
        keepingUp[0] = true;
        assertTrue(behind.captureOutputNumber(0.5, false, new CapturedOutput()).hashedAtEncoding(), "caught up");

        InputCapture hashOnly = new InputCapture(HashSettings.defaults(), true, null,
                OutputSettings.HASH_ONLY, List.of(), () -> true);
        CapturedOutput notKept = hashOnly.captureOutputNumber(0.5, false, new CapturedOutput());
        assertFalse(notKept.hashedAtEncoding(), "no number is kept for the encoder to hash");
        assertEquals(capture.hashValue(0.5), notKept.hash());
    }

    @Test
    void withoutValuesANumberIsItsTypeOnly() {
        InputCapture noValues = new InputCapture(HashSettings.defaults(), true, null, new OutputSettings(true, false));
        assertEquals(Map.of("type", "java.lang.Double"), noValues.captureOutput(0.93).characteristics());
        assertEquals(Map.of("type", "java.lang.Float"), noValues.captureOutputNumber(0.5, true, new CapturedOutput())
                .characteristics());
        assertEquals(CapturedOutput.FLOAT_TYPE_ONLY, noValues.captureOutput(0.5f).numberType());
        InputCapture hashOnly = new InputCapture(HashSettings.defaults(), true, null, new OutputSettings(false, false));
        CapturedOutput hashed = hashOnly.captureOutputNumber(0.93, false, new CapturedOutput());
        assertNull(hashed.characteristics(), "outputs hashed only");
        assertEquals(capture.hashValue(0.93), hashed.hash());
        assertEquals(Map.of("type", "java.util.HashMap", "num_fields", 1, "field_names", List.of("score"),
                "total_size_bytes", 13L), noValues.captureOutput(new java.util.HashMap<>(Map.of("score", 0.5)))
                .characteristics());
    }

    @Test
    void aLabelIsItsLengthAndBytesNeverItsTextButItsFeatureHoldsTheStringForTheAllowlist() {
        CapturedOutput label = capture.captureOutput("fraud");
        assertEquals(Map.of("type", "java.lang.String", "length", 5L, "bytes", 5L), label.characteristics());
        assertFalse(label.characteristics().toString().contains("fraud"));
        assertEquals(Map.of("output", "fraud"), features(label.features()));
    }

    @Test
    void aProbabilityVectorHasArgmaxMaxAndNormAndDerivedFeatures() {
        CapturedOutput probs = capture.captureOutput(new double[] {0.1, 0.7, 0.2});
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "double[]");
        expected.put("list_length", 3L);
        expected.put("item_types", List.of("double"));
        expected.put("min", 0.1);
        expected.put("max", 0.7);
        expected.put("mean", (0.1 + 0.7 + 0.2) / 3);
        expected.put("nan_count", 0L);
        expected.put("argmax", 1L);
        expected.put("norm", Math.sqrt(0.1 * 0.1 + 0.7 * 0.7 + 0.2 * 0.2));
        assertEquals(expected, probs.characteristics());
        Map<String, Object> features = features(probs.features());
        assertEquals(List.of("output[*]", "argmax(output)", "max(output)", "norm(output)"),
                new ArrayList<>(features.keySet()));
        assertEquals(List.of(0.1, 0.7, 0.2), features.get("output[*]"));
        assertEquals("1", features.get("argmax(output)"), "a position, as the category text");
        assertEquals(0.7, features.get("max(output)"));
        assertEquals(Math.sqrt(0.54), (double) features.get("norm(output)"), 1e-12);
    }

    @Test
    void argmaxIsTheFirstLargestElementAndNaNIsSkipped() {
        Map<String, Object> tie = output(new float[] {0.5f, 0.9f, 0.9f});
        assertEquals(1L, tie.get("argmax"));
        Map<String, Object> withNaN = output(new double[] {Double.NaN, 3, 4});
        assertEquals(2L, withNaN.get("argmax"), "positions count the NaN");
        assertEquals(5.0, withNaN.get("norm"));
        assertEquals(1L, withNaN.get("nan_count"));
        assertNull(output(new double[] {Double.NaN}).get("argmax"), "no number that is not NaN: not a vector");
        assertNull(output(new double[0]).get("argmax"));
    }

    @Test
    void anEmbeddingListAndABatchOfOneAreVectorsButABatchOfSeveralRowsIsNot() {
        List<Double> embedding = List.of(3.0, -4.0);
        assertEquals(5.0, output(embedding).get("norm"));
        assertEquals(0L, output(embedding).get("argmax"));
        Map<String, Object> batchOfOne = output(new float[][] {{0.2f, 0.3f, 0.5f}});
        assertEquals(2L, batchOfOne.get("argmax"));
        assertEquals(List.of(1, 3), batchOfOne.get("shape"));
        Map<String, Object> batch = output(new float[][] {{0.2f, 0.8f}, {0.9f, 0.1f}});
        assertEquals(List.of(2, 2), batch.get("shape"));
        assertFalse(batch.containsKey("argmax"));
        assertFalse(batch.containsKey("norm"));
        assertFalse(output(List.of(1.0, "x")).containsKey("argmax"), "not numeric");
    }

    @Test
    void aMapOutputHasTheInputsKeysAndItsFieldsAreFeaturesNamedUnderOutput() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("score", 0.93);
        result.put("label", "fraud");
        result.put("probabilities", new double[] {0.07, 0.93});
        CapturedOutput out = capture.captureOutput(result);
        Map<String, Object> c = out.characteristics();
        assertEquals(3, c.get("num_fields"));
        assertEquals(List.of("label", "probabilities", "score"), c.get("field_names"));
        assertEquals(Map.of("score", 0.93), c.get("values"));
        assertFalse(c.toString().contains("fraud"));
        assertFalse(c.containsKey("argmax"), "derived figures are for a vector output, not a field");
        assertEquals(List.of("output.label", "output.probabilities[*]", "output.score"),
                new ArrayList<>(features(out.features()).keySet()));
    }

    @Test
    void anInputNeverHasArgmaxNormOrValue() {
        Map<String, Object> input = capture.captureValue(new double[] {0.1, 0.7, 0.2}).characteristics();
        assertFalse(input.containsKey("argmax"));
        assertFalse(input.containsKey("norm"));
        assertEquals(Map.of("type", "java.lang.Double"), capture.captureValue(0.93).characteristics());
        assertEquals(List.of("[*]"), new ArrayList<>(features(capture.captureValue(new double[] {1, 2})
                .features()).keySet()), "an input's names are unchanged");
    }

    @Test
    void hashedOnlyAnOutputHasNoCharacteristicsAndNoFeatures() {
        InputCapture hashOnly = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256),
                OutputSettings.HASH_ONLY);
        CapturedOutput out = hashOnly.captureOutput(new double[] {0.1, 0.9});
        assertNull(out.characteristics());
        assertSame(Features.NONE, out.features());
        assertEquals(capture.hashValue(new double[] {0.1, 0.9}), out.hash());
        assertFalse(hashOnly.gathersOutputFeatures());
        assertTrue(capture.gathersOutputFeatures());
        assertFalse(new InputCapture(HashSettings.defaults(), true).gathersOutputFeatures(), "statistics off");
    }

    @Test
    void withoutStatisticsAnOutputIsCharacterisedWithoutFeatures() {
        CapturedOutput out = new InputCapture(HashSettings.defaults(), true).captureOutput(new double[] {0.1, 0.9});
        assertEquals(1L, out.characteristics().get("argmax"));
        assertSame(Features.NONE, out.features());
    }
}
