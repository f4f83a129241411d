package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    enum Color { RED, GREEN }

    record Point(double x, double y, String label) { }

    static class Base {
        int inherited = 7;
        static int ignoredStatic = 1;
    }

    static class Plain extends Base {
        private final String name = "n";
        transient int ignoredTransient = 3;
        private final float ratio = 0.1f;
        private final boolean flag = true;
        private final char letter = 'x';
        private final long count = 42L;
        private final Object nothing = null;

        /** Never called by hashing. */
        public String getName() {
            throw new AssertionError("hashing must not call getters");
        }

        @Override
        public String toString() {
            throw new AssertionError("hashing must not call toString");
        }

        @Override
        public int hashCode() {
            throw new AssertionError("hashing must not call hashCode");
        }

        @Override
        public boolean equals(Object o) {
            throw new AssertionError("hashing must not call equals");
        }
    }

    @Test
    void scalars() {
        assertEquals("null", Canonical.text(null));
        assertEquals("true", Canonical.text(true));
        assertEquals("false", Canonical.text(Boolean.FALSE));
        assertEquals("42", Canonical.text(42));
        assertEquals("-7", Canonical.text((short) -7));
        assertEquals("1.5", Canonical.text(1.5));
        assertEquals("\"x\"", Canonical.text('x'));
        assertEquals("\"RED\"", Canonical.text(Color.RED));
        assertEquals("\"sb\"", Canonical.text(new StringBuilder("sb")));
    }

    @Test
    void stringsEscapeOnlyQuoteBackslashAndControlCharacters() {
        assertEquals("\"\\\"\\\\\"", Canonical.text("\"\\"));
        assertEquals("\"\\b\\t\\n\\f\\r\"", Canonical.text("\b\t\n\f\r"));
        assertEquals("\"\\u0000\\u0001\\u001f\\u000b\"", Canonical.text("\u0000\u0001\u001f\u000b"));
        assertEquals("\"/ \u007f é € 😀\"", Canonical.text("/ \u007f é € 😀"));
        assertEquals("\"\\udc00x\"", Canonical.text("\udc00x"), "a lone surrogate is escaped");
    }

    @Test
    void stringsAreUtf8() {
        byte[] bytes = Canonical.bytes("é€😀");
        byte[] expected = "\"é€😀\"".getBytes(StandardCharsets.UTF_8);
        assertTrue(Arrays.equals(expected, bytes));
    }

    /** RFC 8785 §3.2.3: members sorted by UTF-16 code units, so U+1F600 (a surrogate pair) sorts before U+FB33. */
    @Test
    void keysAreSortedByUtf16CodeUnitsAsInRfc8785() {
        Map<String, Object> m = new HashMap<>();
        m.put("\u20ac", "Euro Sign");
        m.put("\r", "Carriage Return");
        m.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        m.put("1", "One");
        m.put("\ud83d\ude00", "Emoji: Grinning Face");
        m.put("\u0080", "Control");
        m.put("\u00f6", "Latin Small Letter O With Diaeresis");
        String expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
        assertEquals(expected, Canonical.text(m));
    }

    @Test
    void largeMapsAreSortedToo() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            m.put("k" + i, i);
        }
        StringBuilder expected = new StringBuilder("{");
        new TreeMap<>(m).forEach((k, v) -> expected.append(expected.length() > 1 ? "," : "")
                .append('"').append(k).append("\":").append(v));
        assertEquals(expected.append('}').toString(), Canonical.text(m));
    }

    @Test
    void mapKeysAreStringValueOf() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(10, "a");
        m.put(9, "b");
        m.put(Color.GREEN, 1);
        assertEquals("{\"10\":\"a\",\"9\":\"b\",\"GREEN\":1}", Canonical.text(m));
    }

    @Test
    void collectionsArraysAndNestedPrimitiveArraysAreArrays() {
        assertEquals("[1,\"a\",null,[1.5,2]]", Canonical.text(List.of(1, "a", Optional.empty(), new double[] {1.5, 2})));
        assertEquals("[[1,2],[3]]", Canonical.text(new Object[] {new int[] {1, 2}, new long[] {3}}));
        assertEquals("{\"v\":[0.10000000149011612]}", Canonical.text(Map.of("v", new float[] {0.1f})));
        assertEquals("[true,false]", Canonical.text(new boolean[] {true, false}), "boolean[] is a JSON array");
        assertEquals("\"hi\"", Canonical.text(new char[] {'h', 'i'}), "char[] is a JSON string");
    }

    @Test
    void recordsByComponentsAndObjectsByFields() {
        assertEquals("{\"label\":\"p\",\"x\":1,\"y\":0.5}", Canonical.text(new Point(1, 0.5, "p")));
        assertEquals("{\"count\":42,\"flag\":true,\"inherited\":7,\"letter\":\"x\",\"name\":\"n\",\"nothing\":null,"
                + "\"ratio\":0.10000000149011612}", Canonical.text(new Plain()));
        assertEquals("{}", Canonical.text(new Object()));
    }

    @Test
    void jdkValueTypesByTheirStandardStringForm() {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertEquals("\"123e4567-e89b-12d3-a456-426614174000\"", Canonical.text(id));
        assertEquals("\"2024-02-29\"", Canonical.text(LocalDate.of(2024, 2, 29)));
        assertEquals("\"https://x.test/a\"", Canonical.text(URI.create("https://x.test/a")));
        assertEquals("[\"v\",null]", Canonical.text(List.of(Optional.of("v"), Optional.empty())));
    }

    @Test
    void anObjectMetAgainOnItsOwnPathIsACycle() {
        Map<String, Object> m = new HashMap<>();
        List<Object> list = new ArrayList<>();
        m.put("self", m);
        m.put("list", list);
        list.add(list);
        list.add(1);
        assertEquals("{\"list\":[\"<cycle>\",1],\"self\":\"<cycle>\"}", Canonical.text(m));
    }

    @Test
    void sharedButAcyclicObjectsAreWrittenEachTime() {
        List<Integer> shared = List.of(1);
        assertEquals("[[1],[1]]", Canonical.text(List.of(shared, shared)));
    }

    @Test
    void depthBoundStopsTheWalkAndMarksTruncated() {
        HashSettings settings = new HashSettings(null, 100_000, 1 << 20, 3);
        Object ok = List.of(List.of(List.of(1)));
        Object deep = List.of(List.of(List.of(List.of(1))));
        InputCapture capture = new InputCapture(settings, true);
        assertFalse(capture.hashValue(ok).truncated());
        HashResult r = capture.hashValue(deep);
        assertTrue(r.truncated());
        assertEquals("[[[", Canonical.text(deep, settings), "the bytes up to the bound");
        assertEquals(3, r.size());
    }

    @Test
    void nodeBoundStopsTheWalkAndMarksTruncated() throws Exception {
        HashSettings settings = new HashSettings(null, 3, 1 << 20, 64);
        InputCapture capture = new InputCapture(settings, true);
        assertFalse(capture.hashValue(List.of(1, 2)).truncated(), "3 nodes: the list and two numbers");
        HashResult r = capture.hashValue(List.of(1, 2, 3));
        assertTrue(r.truncated());
        assertEquals("[1,2,", Canonical.text(List.of(1, 2, 3), settings));
        assertEquals(Canonical.sha256Hash16("[1,2,"), r.hash());
    }

    @Test
    void byteBoundKeepsExactlyThatManyBytes() throws Exception {
        HashSettings settings = new HashSettings(null, 100_000, 10, 64);
        String longString = "abcdefghijklmnopqrstuvwxyz";
        HashResult r = new InputCapture(settings, true).hashValue(longString);
        assertTrue(r.truncated());
        assertEquals(10, r.size());
        assertEquals(Canonical.sha256Hash16("\"abcdefghi"), r.hash());
        assertFalse(new InputCapture(new HashSettings(null, 100_000, 28, 64), true).hashValue(longString).truncated());
    }

    @Test
    void byteBoundAcrossBufferFlushes() throws Exception {
        HashSettings settings = new HashSettings(null, 100_000, 20_000, 64);
        String big = "x".repeat(50_000);
        HashResult r = new InputCapture(settings, true).hashValue(big);
        assertTrue(r.truncated());
        assertEquals(20_000, r.size());
        assertEquals(Canonical.sha256Hash16(("\"" + big).substring(0, 20_000)), r.hash());
    }

    static class Hidden extends java.util.Observable {
        int visible = 5;
    }

    @SuppressWarnings("deprecation")
    @Test
    void fieldsHiddenByTheModuleSystemAreLeftOutAndMarkPartial() throws Exception {
        HashResult r = new InputCapture(HashSettings.defaults(), true).hashValue(new Hidden());
        assertTrue(r.partial());
        assertFalse(r.truncated());
        assertEquals(Canonical.sha256Hash16("{\"visible\":5}"), r.hash());
        assertFalse(new InputCapture(HashSettings.defaults(), true).hashValue(new Plain()).partial());
    }

    static class Exploding extends java.util.AbstractMap<String, Object> {
        @Override
        public java.util.Set<Entry<String, Object>> entrySet() {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void anExceptionFromTheApplicationsCollectionLeavesNoHashButNamesTheException() throws Exception {
        HashResult r = new InputCapture(HashSettings.defaults(), true).hashValue(List.of(1, new Exploding()));
        assertEquals("java.lang.IllegalStateException", r.error());
        assertTrue(r.opaque(), "no hash of what was read before the exception");
        assertFalse(r.truncated(), "no bound was met");
    }

    /** A key whose text only its own {@code toString} could give. */
    static final class Key {
        final int id;

        Key(int id) {
            this.id = id;
        }

        @Override
        public String toString() {
            throw new AssertionError("toString of a key was called");
        }
    }

    enum Renamed {
        A;

        @Override
        public String toString() {
            throw new AssertionError("toString of an enum key was called");
        }
    }

    enum Named { B }

    @Test
    void aKeyWhoseTextOnlyTheApplicationCouldGiveIsWrittenUnreadAndThePartialFlagSet() throws Exception {
        InputCapture capture = new InputCapture(HashSettings.defaults(), true);
        Map<Object, Integer> m = new LinkedHashMap<>();
        m.put(new Key(1), 1);
        m.put(Renamed.A, 2);
        m.put(Named.B, 3);
        m.put(7L, 4);
        m.put(new StringBuilder("sb"), 5);
        HashResult r = capture.hashValue(m);
        assertTrue(r.partial());
        assertEquals(Canonical.sha256Hash16("{\"7\":4,\"<unread key>\":1,\"<unread key>\":2,\"B\":3,\"sb\":5}"), r.hash());
        HashResult readable = capture.hashValue(Map.of(Named.B, 1, 2.5, 2));
        assertFalse(readable.partial());
        assertEquals(Canonical.sha256Hash16("{\"2.5\":2,\"B\":1}"), readable.hash());
    }

    @Test
    void jdkHoldersAreNotAskedToPrintWhatTheyHold() throws Exception {
        InputCapture capture = new InputCapture(HashSettings.defaults(), true);
        HashResult reference = capture.hashValue(new java.util.concurrent.atomic.AtomicReference<>(List.of(1, 2)));
        assertEquals(Canonical.sha256Hash16("[1,2]"), reference.hash(), "an AtomicReference is its value");
        Key key = new Key(3);
        HashResult entry = capture.hashValue(new java.util.AbstractMap.SimpleEntry<>("k", key));
        assertTrue(entry.partial());
        assertEquals(Canonical.sha256Hash16("{}"), entry.hash(), "no toString of the entry or its value");
    }

    /**
     * A reused holder keeps each call's hash packed, without an object of its own, and gives back the result that
     * {@code hashValue} makes for the same value: unreadable, truncated and plain ones in turn, as inputs and outputs.
     */
    @Test
    void aReusedHolderKeepsEachHashAsTheResultItWouldBe() throws Exception {
        InputCapture capture = new InputCapture(new HashSettings(null, 100_000, 1_000_000, 3), true);
        CapturedInput input = new CapturedInput();
        CapturedOutput output = new CapturedOutput();
        Object deep = List.of(List.of(List.of(List.of(1))));
        List<Object> values = List.of(List.of(1, new Exploding()), Map.of("a", 1.5), deep, "text", 2.5, deep);
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            HashResult expected = capture.hashValue(value);
            assertEquals(expected, capture.captureValue(value, input).hash(), "input " + i);
            if (expected.error() == null) {
                assertEquals(expected, capture.captureOutput(value, output).hash(), "output " + i);
            } else {
                assertEquals(expected.error(), capture.captureOutput(value, output).hash().error());
            }
            assertEquals(!expected.opaque(), input.hashed());
        }
        assertTrue(capture.hashValue(deep).truncated(), "the depth bound was met");
        input.clear();
        assertEquals(null, input.hash(), "nothing after clear");
        assertFalse(input.hashed());
    }

    @Test
    void holdersNestedTenThousandDeepStopAtTheDepthBound() throws Exception {
        Object value = 1;
        for (int i = 0; i < 10_000; i++) {
            value = i % 2 == 0 ? Optional.of(value) : new java.util.concurrent.atomic.AtomicReference<>(value);
        }
        HashResult r = new InputCapture(HashSettings.defaults(), true).hashValue(value);
        assertTrue(r.truncated());
        assertEquals(null, r.error(), "no StackOverflowError");
        assertEquals(0, r.size());
    }

    @Test
    void aMapLargerThanTheNodeBoundIsHashedUpToTheBoundInKeyOrder() throws Exception {
        int maxNodes = 2000;
        HashSettings defaults = HashSettings.defaults();
        InputCapture capture = new InputCapture(new HashSettings(null, maxNodes, defaults.maxBytes(),
                defaults.maxDepth()), true);
        Map<String, Integer> m = new HashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            m.put("k" + i, i);
            keys.add("k" + i);
        }
        keys.sort(null);
        // the map is node 1 and its values nodes 2, 3, ...: the value that would be node maxNodes + 1 is left out
        String prefix = mapPrefix(keys, maxNodes - 1);
        HashResult r = capture.hashValue(m);
        assertTrue(r.truncated());
        assertEquals(prefix.length(), r.size());
        assertEquals(Canonical.sha256Hash16(prefix), r.hash());
        // nested in a list, one node fewer is left for the map: still the smallest keys, in order
        HashResult nested = capture.hashValue(List.of(m));
        assertEquals(Canonical.sha256Hash16("[" + mapPrefix(keys, maxNodes - 2)), nested.hash());
    }

    /** The canonical text of the map {@code k<i> -> i} up to the key after its first {@code valued} entries. */
    private static String mapPrefix(List<String> sortedKeys, int valued) {
        StringBuilder prefix = new StringBuilder("{");
        for (int j = 0; j <= valued; j++) {
            prefix.append(j == 0 ? "\"" : ",\"").append(sortedKeys.get(j)).append("\":");
            if (j < valued) {
                prefix.append(sortedKeys.get(j).substring(1));
            }
        }
        return prefix.toString();
    }
}
