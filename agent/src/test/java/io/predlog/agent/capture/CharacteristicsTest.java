package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event's {@code input} (docs/HASHING.md): structure and numbers, never a string's content. */
class CharacteristicsTest {

    private final InputCapture capture = new InputCapture(HashSettings.defaults(), true);

    private Map<String, Object> of(Object value) {
        return capture.captureValue(value).characteristics();
    }

    record Request(String user, double score, int count, List<String> tags) { }

    static class Features {
        private final double age = 31.5;
        private final int visits = 4;
        private final String city = "Secret City";
        private final float ratio = 0.5f;
    }

    @Test
    void mapOfFeatures() {
        Map<String, Object> m = new HashMap<>();
        m.put("b", 2.5);
        m.put("a", 1);
        m.put("name", "Alice Secret");
        m.put("nan", Double.NaN);
        Map<String, Object> c = of(m);
        assertEquals(List.of("type", "num_fields", "field_names", "total_size_bytes", "values"), new ArrayList<>(c.keySet()));
        assertEquals("java.util.HashMap", c.get("type"));
        assertEquals(4, c.get("num_fields"));
        assertEquals(List.of("a", "b", "name", "nan"), c.get("field_names"));
        assertEquals((long) Canonical.bytes(m).length, c.get("total_size_bytes"));
        assertEquals(capture.captureValue(m).hash().size(), c.get("total_size_bytes"));
        assertEquals(Map.of("a", 1, "b", 2.5), c.get("values"), "numeric fields only; NaN left out");
        assertFalse(c.toString().contains("Alice"));
    }

    /** The compact snapshot is a read-only map, equal (both ways, same hash code) to a plain map of its entries. */
    @Test
    void theSnapshotIsAReadOnlyMapEqualToItsEntries() {
        Map<String, Object> c = of(new java.util.TreeMap<>(Map.of("b", 2, "a", 1.5, "s", "x")));
        Map<String, Object> plain = new java.util.LinkedHashMap<>(c);
        assertEquals(List.of("type", "num_fields", "field_names", "total_size_bytes", "values"),
                new ArrayList<>(c.keySet()), "docs/EVENTS.md's order");
        assertEquals(plain, c);
        assertEquals(c, plain);
        assertEquals(plain.hashCode(), c.hashCode());
        assertEquals(plain.toString(), c.toString());
        assertEquals(5, c.size());
        assertFalse(c.isEmpty());
        assertTrue(c.containsKey("values") && !c.containsKey("nope"));
        assertEquals(Map.of("a", 1.5, "b", 2).keySet(), ((Map<?, ?>) c.get("values")).keySet(), "numeric fields");
        assertEquals(c, of(new java.util.TreeMap<>(Map.of("b", 2, "a", 1.5, "s", "x"))), "two snapshots alike");
        assertFalse(c.equals(of(Map.of("b", 3))));
        for (Runnable write : List.<Runnable>of(() -> c.put("x", 1), () -> c.remove("type"), c::clear,
                () -> c.putAll(Map.of("x", 1)), () -> c.entrySet().clear())) {
            org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, write::run);
        }
    }

    @Test
    void valuesAreLeftOutWhenSwitchedOff() {
        Map<String, Object> c = new InputCapture(HashSettings.defaults(), false).captureValue(Map.of("a", 1)).characteristics();
        assertFalse(c.containsKey("values"));
        assertEquals(List.of("a"), c.get("field_names"));
    }

    @Test
    void fieldNamesAreCappedAt64() {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            m.put(String.format("f%03d", i), i);
        }
        Map<String, Object> c = of(m);
        assertEquals(100, c.get("num_fields"));
        List<?> names = (List<?>) c.get("field_names");
        assertEquals(64, names.size());
        assertEquals("f000", names.get(0));
        assertEquals("f063", names.get(63));
    }

    @Test
    void objectByFields() {
        Map<String, Object> c = of(new Features());
        assertEquals(Features.class.getTypeName(), c.get("type"));
        assertEquals(4, c.get("num_fields"));
        assertEquals(List.of("age", "city", "ratio", "visits"), c.get("field_names"));
        assertEquals(Map.of("age", 31.5, "ratio", 0.5, "visits", 4L), c.get("values"));
        assertFalse(c.toString().contains("Secret"));
    }

    @Test
    void recordByComponents() {
        Map<String, Object> c = of(new Request("bob", 0.25, 3, List.of("x")));
        assertEquals(4, c.get("num_fields"));
        assertEquals(List.of("count", "score", "tags", "user"), c.get("field_names"));
        assertEquals(Map.of("count", 3, "score", 0.25), c.get("values"));
    }

    @Test
    void listOfNumbers() {
        Map<String, Object> c = of(List.of(1.0, 4.0, Double.NaN, 7.0));
        assertEquals("java.util.ImmutableCollections$ListN", c.get("type"));
        assertEquals(4L, c.get("list_length"));
        assertEquals(List.of("java.lang.Double"), c.get("item_types"));
        assertEquals(1.0, c.get("min"));
        assertEquals(7.0, c.get("max"));
        assertEquals(4.0, c.get("mean"));
        assertEquals(1L, c.get("nan_count"));
        assertFalse(c.containsKey("shape"), "one dimension has no shape");
    }

    @Test
    void mixedListHasItemTypesButNoStatistics() {
        List<Object> list = new ArrayList<>();
        list.add("secret");
        list.add(3);
        list.add(null);
        Map<String, Object> c = of(list);
        assertEquals(List.of("java.lang.String", "java.lang.Integer", "null"), c.get("item_types"));
        assertFalse(c.containsKey("min"));
        assertFalse(c.containsKey("mean"));
        assertFalse(c.toString().contains("secret"));
    }

    @Test
    void primitiveArrayTensor() {
        Map<String, Object> c = of(new int[] {3, -1, 4});
        assertEquals("int[]", c.get("type"));
        assertEquals(3L, c.get("list_length"));
        assertEquals(List.of("int"), c.get("item_types"));
        assertEquals(-1L, c.get("min"));
        assertEquals(4L, c.get("max"));
        assertEquals(2.0, c.get("mean"));
        assertEquals(0L, c.get("nan_count"));
    }

    @Test
    void nestedArrayHasShape() {
        float[][] a = new float[32][384];
        a[3][7] = Float.NaN;
        a[0][0] = -2f;
        a[31][383] = 6f;
        Map<String, Object> c = of(a);
        assertEquals("float[][]", c.get("type"));
        assertEquals(32L, c.get("list_length"));
        assertEquals(List.of("float[]"), c.get("item_types"));
        assertEquals(List.of(32, 384), c.get("shape"));
        assertEquals(-2.0, c.get("min"));
        assertEquals(6.0, c.get("max"));
        assertEquals(4.0 / (32 * 384 - 1), (double) c.get("mean"), 1e-12);
        assertEquals(1L, c.get("nan_count"));
    }

    @Test
    void nestedListsAndListsOfArraysHaveShape() {
        assertEquals(List.of(2, 3), of(List.of(List.of(1, 2, 3), List.of(4, 5, 6))).get("shape"));
        assertEquals(List.of(2, 2), of(List.of(new double[] {1, 2}, new double[] {3, 4})).get("shape"));
        Map<String, Object> ragged = of(List.of(List.of(1, 2, 3), List.of(4)));
        assertFalse(ragged.containsKey("shape"));
        assertEquals(4.0, ragged.get("max") instanceof Long l ? (double) l : ragged.get("max"));
        assertFalse(of(new int[][] {{1}, {2, 3}}).containsKey("shape"));
    }

    @Test
    void stringHasLengthAndUtf8BytesOnly() {
        Map<String, Object> c = of("héllo 😀");
        assertEquals(Map.of("type", "java.lang.String", "length", 8L, "bytes", 11L), c);
    }

    @Test
    void scalarsAndNullHaveTypeOnly() {
        assertEquals(Map.of("type", "java.lang.Integer"), of(5));
        assertEquals(Map.of("type", "null"), of(null));
    }

    @Test
    void severalArgumentsHaveOneObjectEach() {
        Map<String, Object> c = capture.captureArguments(new Object[] {"ab", List.of(1)}).characteristics();
        List<?> args = (List<?>) c.get("args");
        assertEquals(Map.of("type", "java.lang.String", "length", 2L, "bytes", 2L), args.get(0));
        assertEquals(1L, ((Map<?, ?>) args.get(1)).get("list_length"));
    }

    @Test
    void truncatedValueStillHasCharacteristics() {
        InputCapture small = new InputCapture(new HashSettings(null, 2, 1 << 20, 64), true);
        CapturedInput c = small.captureValue(List.of(1, 2, 3));
        assertTrue(c.hash().truncated());
        assertEquals("java.util.ImmutableCollections$ListN", c.characteristics().get("type"));
        assertNull(c.characteristics().get("shape"));
    }

    @Test
    void aLongArraysFiguresAreThoseOfEveryElementAndOfTheHashedOnesWhenCut() {
        float[] a = new float[20_000];
        java.util.Random random = new java.util.Random(3);
        for (int k = 0; k < a.length; k++) {
            a[k] = k % 1000 == 7 ? Float.NaN : (float) (random.nextGaussian() * 10);
        }
        Map<String, Object> c = of(a);
        assertEquals(20_000L, c.get("list_length"));
        assertFigures(a, a.length, c);

        // a bound inside the 4,001st element: the figures are those of the 4,000 elements hashed in full
        InputCapture small = new InputCapture(new HashSettings(null, 100_000, 11 + 4 * 4000 + 2, 64), true);
        CapturedInput cut = small.captureValue(a);
        assertTrue(cut.hash().truncated());
        assertEquals(20_000L, cut.characteristics().get("list_length"));
        assertFigures(a, 4000, cut.characteristics());
    }

    /** min, max, mean and nan_count of the first {@code n} elements, counted here one by one. */
    private static void assertFigures(float[] a, int n, Map<String, Object> c) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        long nan = 0;
        for (int k = 0; k < n; k++) {
            if (Float.isNaN(a[k])) {
                nan++;
            } else {
                min = Math.min(min, a[k]);
                max = Math.max(max, a[k]);
                sum += a[k];
            }
        }
        assertEquals(min, ((Number) c.get("min")).doubleValue());
        assertEquals(max, ((Number) c.get("max")).doubleValue());
        assertEquals(sum / (n - nan), ((Number) c.get("mean")).doubleValue(), 1e-9 * Math.abs(sum));
        assertEquals(nan, c.get("nan_count"));
    }

    /** Every byte a slot can hold: the tags end a value, the characters of a JSON number never do. */
    @Test
    void aValueEndsAtTheNextTagAndAtNothingANumberHolds() {
        String tags = "xDLISB";
        String numberCharacters = "0123456789-+.eE";
        for (char c : tags.toCharArray()) {
            assertTrue(ValueCursor.isTag((byte) c), "tag " + c);
        }
        for (char c : numberCharacters.toCharArray()) {
            assertFalse(ValueCursor.isTag((byte) c), "number character " + c);
        }
    }
}
