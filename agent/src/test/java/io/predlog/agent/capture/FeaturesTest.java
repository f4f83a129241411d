package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FeaturesTest {

    private final InputCapture capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 100));

    private Features of(Object value) {
        return capture.captureValue(value).features();
    }

    /** Each feature as {@code name KIND number}, in order: what statistics will see. */
    private static List<String> describe(Features f) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
            String kind = switch (f.kind(i)) {
                case Features.NUMBER -> "NUMBER";
                case Features.TEXT -> "TEXT";
                case Features.BOOLEAN -> "BOOLEAN";
                case Features.NULL -> "NULL";
                case Features.ELEMENTS -> "ELEMENTS";
                default -> "?" + f.kind(i);
            };
            out.add(f.name(i) + " " + kind + " " + f.number(i));
        }
        return out;
    }

    private static int index(Features f, String name) {
        for (int i = 0; i < f.size(); i++) {
            if (f.name(i).equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no feature " + name + " in " + describe(f));
    }

    record Transaction(double amount, String merchant, int[] history, Map<String, Object> meta) { }

    enum Channel { WEB, STORE }

    static class Applicant {
        private final double income = 85.5;
        private final boolean employed = true;
        private final long id = 7;
        private final char grade = 'B';
        private final Integer dependents = null;
        private final List<Double> scores = List.of(0.5, 0.25);
    }

    @Test
    void mapFieldsAreFeaturesByNameInSortedOrder() {
        Map<String, Object> m = new HashMap<>();
        m.put("amount", 12.5);
        m.put("count", 3);
        m.put("price", new BigDecimal("19.99"));
        m.put("big", new BigInteger("12345678901234567890"));
        m.put("ratio", 0.1f);
        m.put("active", true);
        m.put("city", "Lyon");
        m.put("note", null);
        m.put("nested", Map.of("x", 1));
        m.put("channel", Channel.WEB);
        m.put("maybe", Optional.of(2L));
        assertEquals(List.of(
                "active BOOLEAN 1.0",
                "amount NUMBER 12.5",
                "big NUMBER " + 12345678901234567890.0,
                "channel TEXT 3.0",
                "city TEXT 4.0",
                "count NUMBER 3.0",
                "maybe NUMBER 2.0",
                "note NULL 0.0",
                "price NUMBER 19.99",
                "ratio NUMBER " + (double) 0.1f), describe(of(m)), "nested map is not a feature; float widened exactly");
    }

    @Test
    void aStringIsHeldByReferenceNotCopied() {
        String city = new String("Lyon");
        Features f = of(Map.of("city", city));
        assertSame(city, f.text(0));
        assertEquals(4, f.number(0));
    }

    @Test
    void anotherCharSequenceIsTextWithItsLengthButNoValue() {
        Features f = of(Map.of("comment", new StringBuilder("hello")));
        assertEquals(List.of("comment TEXT 5.0"), describe(f));
        assertNull(f.text(0));
    }

    @Test
    void recordComponentsAreFeaturesAndNumericArraysTheirElements() {
        Features f = of(new Transaction(42.0, "acme", new int[] {3, 1, 4}, Map.of("k", "v")));
        assertEquals(List.of("amount NUMBER 42.0", "history[*] ELEMENTS 3.0", "merchant TEXT 4.0"), describe(f));
        assertArrayEquals(new double[] {3, 1, 4}, f.elements(1));
        assertEquals(3, f.count(1));
        assertEquals("acme", f.text(2));
    }

    @Test
    void objectFieldsAreReadWithPrimitivesAsNumbersAndBooleans() {
        Features f = of(new Applicant());
        assertEquals(List.of("dependents NULL 0.0", "employed BOOLEAN 1.0", "id NUMBER 7.0", "income NUMBER 85.5",
                "scores[*] ELEMENTS 2.0"), describe(f), "a char is not a feature");
        assertArrayEquals(new double[] {0.5, 0.25}, f.elements(index(f, "scores[*]")));
    }

    @Test
    void aLongFloatArrayIsSampledEvenlyWithItsTotalCount() {
        float[] embedding = new float[1000];
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = i + 0.5f;
        }
        Features f = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 10))
                .captureValue(Map.of("embedding", embedding)).features();
        assertEquals(List.of("embedding[*] ELEMENTS 1000.0"), describe(f));
        assertEquals(1000, f.count(0));
        assertArrayEquals(new double[] {0.5, 100.5, 200.5, 300.5, 400.5, 500.5, 600.5, 700.5, 800.5, 900.5}, f.elements(0));
    }

    @Test
    void nestedDoubleArraysAreSampledInRowMajorOrder() {
        double[][] matrix = {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}};
        Features f = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 5)).captureValue(matrix).features();
        assertEquals(List.of("[*] ELEMENTS 12.0"), describe(f));
        assertArrayEquals(new double[] {0, 3, 6, 9}, f.elements(0), "every third of 12, at most 5");

        double[][] ragged = {{1, 2}, {3}, {}, {4, 5, 6}};
        Features r = of(Map.of("rows", ragged));
        assertEquals(List.of("rows[*] ELEMENTS 6.0"), describe(r));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, r.elements(0));

        assertEquals(List.of(), describe(of(Map.of("rows", new double[][] {{1}, null}))), "a null row: not numbers");
    }

    @Test
    void listsOfNumbersAreElementsAndOtherListsAreNotFeatures() {
        Map<String, Object> m = new TreeMap<>();
        m.put("mixed", List.of(1, 2.5, 3L, new BigDecimal("4.5")));
        m.put("nested", List.of(List.of(1.0, 2.0), List.of(3.0)));
        m.put("boxed", new Double[] {7.0, 8.0});
        m.put("rows", List.of(new float[] {1f, 2f}, new float[] {3f}));
        m.put("empty", List.of());
        m.put("words", List.of(1, "two"));
        m.put("records", List.of(Map.of("a", 1)));
        m.put("withNull", java.util.Arrays.asList(1.0, null));
        m.put("flags", new boolean[] {true});
        Features f = of(m);
        assertEquals(List.of("boxed[*] ELEMENTS 2.0", "empty[*] ELEMENTS 0.0", "mixed[*] ELEMENTS 4.0",
                "nested[*] ELEMENTS 3.0", "rows[*] ELEMENTS 3.0"), describe(f));
        assertArrayEquals(new double[] {7, 8}, f.elements(0));
        assertArrayEquals(new double[0], f.elements(1));
        assertArrayEquals(new double[] {1, 2.5, 3, 4.5}, f.elements(2));
        assertArrayEquals(new double[] {1, 2, 3}, f.elements(3));
        assertArrayEquals(new double[] {1, 2, 3}, f.elements(4));
    }

    @Test
    void aLongListIsSampledAtAnEvenStrideStartingWithTheFirst() {
        List<Integer> values = IntStream.range(0, 1000).boxed().toList();
        Features f = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 10)).captureValue(values).features();
        assertEquals(List.of("[*] ELEMENTS 1000.0"), describe(f));
        double[] sample = f.elements(0);
        assertTrue(sample.length >= 5 && sample.length <= 10, "at most maxElements, at least half: " + sample.length);
        double stride = sample[1] - sample[0];
        for (int i = 0; i < sample.length; i++) {
            assertEquals(i * stride, sample[i]);
        }
        assertTrue(sample[sample.length - 1] + stride >= 1000, "the stride spans the whole list");
    }

    @Test
    void aTopLevelScalarIsDollarAndATopLevelArrayIsStar() {
        assertEquals(List.of("$ NUMBER 42.0"), describe(of(42)));
        assertEquals(List.of("$ NUMBER 2.5"), describe(of(Optional.of(2.5))));
        String word = new String("word");
        Features optional = of(Optional.of(word));
        assertEquals(List.of("$ TEXT 4.0"), describe(optional));
        assertSame(word, optional.text(0), "an Optional's string is held as any string");
        assertEquals(List.of("$ TEXT 5.0"), describe(of("hello")));
        assertEquals(List.of("$ BOOLEAN 0.0"), describe(of(false)));
        assertEquals(List.of("$ NULL 0.0"), describe(of(null)));
        assertEquals(List.of("[*] ELEMENTS 2.0"), describe(of(new float[] {1f, 2f})));
        assertEquals(List.of("[*] ELEMENTS 2.0"), describe(of(List.of(1, 2))));
        assertEquals(List.of(), describe(of(List.of("a", "b"))));
        assertEquals(List.of("$ TEXT 5.0"), describe(of(Channel.STORE)), "an enum by its name");
    }

    @Test
    void severalArgumentsArePrefixedByPosition() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("amount", 9.5);
        row.put("tags", List.of(1, 2));
        Features f = capture.captureArguments(new Object[] {row, new float[] {1f}, "fr", null, Map.of("n", Map.of())}).features();
        assertEquals(List.of("arg0.amount NUMBER 9.5", "arg0.tags[*] ELEMENTS 2.0", "arg1[*] ELEMENTS 1.0",
                "arg2 TEXT 2.0", "arg3 NULL 0.0"), describe(f));
        assertEquals(List.of("$ TEXT 2.0"), describe(capture.captureArguments(new Object[] {"fr"}).features()),
                "one argument is that value");
        assertSame(Features.NONE, capture.captureArguments(new Object[0]).features());
    }

    @Test
    void featuresPastTheCapAreSkipped() {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            m.put("f" + i, i);
        }
        m.put("a", List.of(1.0, 2.0));
        Features f = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(3, 100)).captureValue(m).features();
        assertEquals(List.of("a[*] ELEMENTS 2.0", "f0 NUMBER 0.0", "f1 NUMBER 1.0"), describe(f));
        Features args = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(2, 100))
                .captureArguments(new Object[] {1, 2, 3}).features();
        assertEquals(List.of("arg0 NUMBER 1.0", "arg1 NUMBER 2.0"), describe(args));
    }

    @Test
    void zeroElementsKeepsTheCountOnly() {
        Features f = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(8, 0))
                .captureValue(Map.of("v", new double[] {1, 2, 3}, "l", List.of(1, 2))).features();
        assertEquals(List.of("l[*] ELEMENTS 2.0", "v[*] ELEMENTS 3.0"), describe(f));
        assertEquals(0, f.elements(0).length);
        assertEquals(0, f.elements(1).length);
    }

    @Test
    void zeroElementsKeepsTheCountOfAOneElementArrayToo() {
        Features f = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(8, 0))
                .captureValue(Map.of("one", new float[] {4f})).features();
        assertEquals(List.of("one[*] ELEMENTS 1.0"), describe(f));
        assertEquals(0, f.elements(0).length);
    }

    @Test
    void noFeaturesWhenNotAskedFor() {
        Map<String, Object> m = Map.of("a", 1);
        assertSame(Features.NONE, new InputCapture(HashSettings.defaults(), true).captureValue(m).features());
        assertSame(Features.NONE, new InputCapture(HashSettings.defaults(), true).captureArguments(new Object[] {m, 2}).features());
        assertSame(Features.NONE, new InputCapture(HashSettings.defaults(), true, new FeatureSettings(0, 10))
                .captureValue(m).features());
    }

    @Test
    void eachCallKeepsItsOwnValues() {
        Map<String, Object> m = new HashMap<>();
        m.put("a", 1.0);
        m.put("s", "x");
        Features first = of(m);
        m.put("a", 2.0);
        m.put("s", "y");
        Features second = of(m);
        assertEquals(List.of("a NUMBER 1.0", "s TEXT 1.0"), describe(first));
        assertEquals("x", first.text(1));
        assertEquals(List.of("a NUMBER 2.0", "s TEXT 1.0"), describe(second));
        assertEquals("y", second.text(1));
    }

    @Test
    void aTruncatedWalkKeepsTheFeaturesOfTheFieldsWalkedBeforeTheBound() {
        Map<String, Object> m = new TreeMap<>();
        for (char c = 'a'; c <= 'h'; c++) {
            m.put(String.valueOf(c), (int) c);
        }
        InputCapture bounded = new InputCapture(new HashSettings(null, 5, 1 << 20, 64), true, new FeatureSettings(64, 10));
        CapturedInput c = bounded.captureValue(m);
        assertTrue(c.hash().truncated());
        assertEquals(List.of("a NUMBER 97.0", "b NUMBER 98.0", "c NUMBER 99.0", "d NUMBER 100.0"), describe(c.features()),
                "the map and four values are five nodes");

        Map<String, Object> big = new TreeMap<>(Map.of("a", 1, "z", IntStream.range(0, 10).boxed().toList()));
        CapturedInput cut = bounded.captureValue(big);
        assertTrue(cut.hash().truncated());
        assertEquals(List.of("a NUMBER 1.0"), describe(cut.features()), "a list cut short is no feature");
        assertEquals(List.of("$ NUMBER 3.0"), describe(bounded.captureValue(3).features()), "the next call starts afresh");

        Map<String, Object> words = new TreeMap<>();
        for (char ch = 'a'; ch <= 'h'; ch++) {
            words.put(String.valueOf(ch), String.valueOf(ch).repeat(ch - 'a' + 1));
        }
        CapturedInput strings = bounded.captureValue(words);
        assertTrue(strings.hash().truncated());
        assertEquals(List.of("a TEXT 1.0", "b TEXT 2.0", "c TEXT 3.0", "d TEXT 4.0"), describe(strings.features()),
                "string fields count their nodes as numbers do");
    }

    /** A record whose accessor captures (a model calling another): the inner capture gets its own walker. */
    record Reentrant(double score, String label) {
        static final List<Features> INNER = new ArrayList<>();
        static InputCapture capture;

        @Override
        public double score() {
            INNER.add(capture.captureValue(Map.of("inner", 1)).features());
            return score;
        }
    }

    @Test
    void aCaptureReenteredFromAnAccessorGathersItsOwnFeatures() {
        Reentrant.capture = capture;
        Reentrant.INNER.clear();
        Features outer = of(new Reentrant(0.5, "x"));
        assertEquals(List.of("label TEXT 1.0", "score NUMBER 0.5"), describe(outer));
        assertEquals(List.of("inner NUMBER 1.0"), describe(Reentrant.INNER.get(0)));
    }

    @Test
    void hashesSizesAndCharacteristicsAreTheSameWithFeaturesOnOrOff() {
        Map<String, Object> row = new HashMap<>();
        row.put("amount", 12.5);
        row.put("count", 3);
        row.put("city", "Lyon");
        row.put("vec", new float[] {1f, 2f});
        row.put("list", List.of(1, 2, "x"));
        row.put("nested", Map.of("deep", List.of(1.0)));
        List<Object> inputs = List.of(row, new Transaction(1.0, "m", new int[] {1}, Map.of()), new Applicant(),
                new float[][] {{1f, 2f}, {3f, 4f}}, new double[][] {{1}, {2, 3}}, List.of(1, 2.5), List.of("a", 1),
                "text", 42, Optional.empty(), new StringBuilder("sb"), Channel.STORE, new Object[] {1, new int[] {2}});
        for (int run = 0; run < 6; run++) {
            boolean values = run % 2 == 0;
            HashSettings bounds = run < 4 ? HashSettings.defaults() : new HashSettings(null, 4, 1 << 20, 64);
            InputCapture off = new InputCapture(bounds, values);
            InputCapture on = new InputCapture(bounds, values,
                    run < 2 ? new FeatureSettings(2, 1) : new FeatureSettings(64, 100));
            for (Object input : inputs) {
                CapturedInput a = off.captureValue(input);
                CapturedInput b = on.captureValue(input);
                assertEquals(a.hash(), b.hash(), String.valueOf(input));
                assertEquals(a.characteristics(), b.characteristics(), String.valueOf(input));
                assertEquals(off.hashValue(input), on.hashValue(input));
            }
            Object[] args = inputs.toArray();
            CapturedInput a = off.captureArguments(args);
            CapturedInput b = on.captureArguments(args);
            assertEquals(a.hash(), b.hash());
            assertEquals(a.characteristics(), b.characteristics());
        }
    }
}
