package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A library tensor read as a flat array and a shape (DJL's {@code NDArray}) is written as the nesting of that shape
 * would be: at the top level the same typed tensor and characteristics, written from the flat array; nested, the same
 * arrays of numbers.
 */
class ShapedTensorTest {

    /** A tensor kept flat, with its shape, as engines keep them. */
    record FlatTensor(float[] data, int[] shape) {
    }

    /** Reads a {@link FlatTensor} as the walk's shaped content. */
    static final class FlatTensorAdapter implements ValueAdapter {
        static ValueAdapter forType(Class<?> type) {
            return type == FlatTensor.class ? new FlatTensorAdapter() : null;
        }

        @Override
        public void write(Object value, CanonicalWalker walk) {
            FlatTensor t = (FlatTensor) value;
            walk.substituteShaped(value, t.data(), t.shape());
        }
    }

    private final InputCapture capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 100),
            ValueAdapters.STANDARD.with(FlatTensorAdapter::forType));

    private static final float[][] ROWS = {{1f, 2.5f, -3f}, {4f, 5f, 6.25f}};
    private static final FlatTensor FLAT = new FlatTensor(new float[] {1f, 2.5f, -3f, 4f, 5f, 6.25f}, new int[] {2, 3});

    @Test
    void atTheTopLevelItIsTheTypedTensorOfItsShape() {
        CapturedInput flat = capture.captureValue(FLAT);
        CapturedInput nested = capture.captureValue(ROWS);

        assertEquals(nested.hash(), flat.hash());
        Map<String, Object> c = new java.util.LinkedHashMap<>(flat.characteristics());
        assertEquals(FlatTensor.class.getTypeName(), c.remove("type"));
        Map<String, Object> expected = new java.util.LinkedHashMap<>(nested.characteristics());
        expected.remove("type");
        assertEquals(expected, c, "shape, list_length, item_types and statistics as of the float[][]");
        assertEquals(capture.hashValue(ROWS), capture.hashValue(FLAT), "outputs too");
    }

    @Test
    void nestedItIsTheArraysOfItsShapeAndRankOneIsTheFlatArray() {
        assertEquals(capture.captureValue(Map.of("x", ROWS)).hash(), capture.captureValue(Map.of("x", FLAT)).hash());
        FlatTensor vector = new FlatTensor(new float[] {0.5f, 2f}, new int[] {2});
        assertEquals(capture.captureValue(new float[] {0.5f, 2f}).hash(), capture.captureValue(vector).hash());
        assertEquals(capture.captureValue(0.5f).hash(),
                capture.captureValue(new FlatTensor(new float[] {0.5f}, new int[0])).hash(), "a scalar");
    }
}
