package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Numbers are formatted straight into the hash's buffer where they fit and through a scratch buffer where they do
 * not (near the end of the buffer, near the byte bound): the canonical bytes, the hash, the size and the input's
 * {@code values} are the same either way. The values are large enough to cross the 8 KiB buffer many times, so that
 * every number's text starts at many distances from its end, and the reference text is made independently of the
 * walker ({@link JacksonReference} for the doubles' digits).
 */
class NumbersInPlaceTest {

    private static final long TWO_POW_53 = 1L << 53;

    /** A number of each kind the walker writes differently, in turn. */
    private static Object number(Random random, int i) {
        return switch (i % 8) {
            case 0 -> random.nextDouble() * 1000 - 500;                         // full precision
            case 1 -> Math.round(random.nextDouble() * 100_000) / 100.0;        // a few decimals
            case 2 -> random.nextInt();                                         // Integer
            case 3 -> random.nextLong();                                        // Long, mostly beyond 2^53
            case 4 -> random.nextLong(-TWO_POW_53, TWO_POW_53);                 // Long, exact
            case 5 -> (random.nextBoolean() ? -1 : 1) * random.nextDouble() * 1e-7;  // exponent form
            case 6 -> random.nextDouble() * 1e22;                               // exponent form
            default -> (double) random.nextInt(1000);                           // an integral Double
        };
    }

    /** RFC 8785's text of a JDK number as the hash writes it. */
    private static String text(Object n) {
        if (n instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                return Long.toString(d.longValue());
            }
            return JacksonReference.ecma(d);
        }
        long v = ((Number) n).longValue();
        return v > TWO_POW_53 || v < -TWO_POW_53 ? JacksonReference.ecma((double) v) : Long.toString(v);
    }

    private static Map<String, Object> features(int count, long seed) {
        Random random = new Random(seed);
        Map<String, Object> m = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            m.put(String.format("f%04d", i), number(random, i));
        }
        return m;
    }

    private static String mapText(Map<String, Object> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(text(v)));
        return b.append('}').toString();
    }

    @Test
    void aMapOfNumbersAcrossTheBufferHashesAsItsReferenceText() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            Map<String, Object> m = features(1_500, seed);
            String expected = mapText(m);
            assertTrue(expected.length() > 3 * 8192, "crosses the buffer several times");
            InputCapture capture = new InputCapture(HashSettings.defaults(), true);
            for (int call = 0; call < 3; call++) { // the second and third with the key order remembered
                CapturedInput in = capture.captureValue(m);
                assertEquals(Canonical.sha256Hash16(expected), in.hash().hash(), "seed " + seed + ", call " + call);
                assertEquals(expected.length(), in.hash().size());
                Map<?, ?> values = (Map<?, ?>) in.characteristics().get("values");
                assertFalse(values.isEmpty());
                values.forEach((k, v) -> assertEquals(m.get(k), v, "the value of " + k));
            }
        }
    }

    @Test
    void aByteBoundInsideANumberKeepsExactlyThePrefix() throws Exception {
        Map<String, Object> m = features(1_500, 7);
        String expected = mapText(m);
        List<Integer> bounds = new ArrayList<>();
        for (int b = 1; b <= 80; b++) {
            bounds.add(b);
        }
        for (int b = 8_100; b <= 8_300; b++) {
            bounds.add(b);
        }
        for (int b : bounds) {
            InputCapture capture = new InputCapture(new HashSettings(null, 1_000_000, b, 64), true);
            for (int call = 0; call < 2; call++) {
                HashResult r = capture.captureValue(m).hash();
                assertTrue(r.truncated(), "bound " + b);
                assertEquals(b, r.size());
                assertEquals(Canonical.sha256Hash16(expected.substring(0, b)), r.hash(), "bound " + b);
            }
        }
    }

    /** Primitive fields of an object, read by their own path. */
    static final class Row {
        private final double score;
        private final long id;
        private final float weight;

        Row(double score, long id, float weight) {
            this.score = score;
            this.id = id;
            this.weight = weight;
        }
    }

    @Test
    void numbersInListsAndPrimitiveFieldsHashAsTheirReferenceText() throws Exception {
        Random random = new Random(11);
        List<Object> numbers = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        StringBuilder numbersText = new StringBuilder("[");
        StringBuilder rowsText = new StringBuilder("[");
        for (int i = 0; i < 2_000; i++) {
            Object n = number(random, i);
            numbers.add(n);
            numbersText.append(i > 0 ? "," : "").append(text(n));
            Row row = new Row(random.nextDouble() * 10, random.nextLong(), random.nextFloat());
            rows.add(row);
            rowsText.append(i > 0 ? "," : "").append("{\"id\":").append(text(row.id)).append(",\"score\":")
                    .append(text(row.score)).append(",\"weight\":").append(text((double) row.weight)).append('}');
        }
        InputCapture capture = new InputCapture(HashSettings.defaults(), true);
        assertEquals(Canonical.sha256Hash16(numbersText.append(']').toString()), capture.captureValue(numbers).hash().hash());
        assertEquals(Canonical.sha256Hash16(rowsText.append(']').toString()), capture.captureValue(rows).hash().hash());
    }
}
