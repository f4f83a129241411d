package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.expected.CanonicalJson;
import io.predlog.agenttests.expected.Digests;
import io.predlog.agenttests.fixtures.hostile.BrokenCollection;
import io.predlog.agenttests.fixtures.hostile.HostileApp;
import io.predlog.agenttests.fixtures.hostile.HostileModel;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile inputs leave the application as it was and cost the agent a bounded time and heap: for each, a JVM with
 * {@code -Xmx256m} calls a predict target once with and once without the agent; what the application prints is the
 * same, the call ends well within a ceiling, and the event says what the agent could hash (docs/SAFETY.md).
 */
class HostileInputsTest {

    /** The hash bounds' defaults (docs/CONFIGURATION.md), which these runs keep. */
    private static final int MAX_BYTES = 16 * 1024 * 1024;
    private static final int MAX_NODES = 100_000;
    private static final int MAX_DEPTH = 64;
    /**
     * What one call may take with the agent, however loaded the machine: far above what these inputs cost (tens to
     * hundreds of milliseconds), far below what an unbounded walk of them costs (minutes, or never).
     */
    private static final long CEILING_MS = 20_000;
    private static final Duration JVM_LIMIT = Duration.ofSeconds(150);

    private static Path config;

    @BeforeAll
    static void oneTargetPerCase() {
        List<String> lines = new ArrayList<>();
        for (Method m : HostileModel.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers())) {
                lines.add("predlog.predict." + m.getName() + " = " + HostileModel.class.getName() + "#" + m.getName());
            }
        }
        config = ConfigFile.write("agent.properties", lines.toArray(String[]::new));
    }

    @Test
    void cyclesAreWrittenAsCycleMarkersAndHashedCompletely() {
        JsonNode e = event(compare("cycles"), "cycles");
        Map<String, Object> link = new TreeMap<>(Map.of("name", "a",
                "next", new TreeMap<>(Map.of("name", "b", "next", "<cycle>"))));
        Map<String, Object> expected = new TreeMap<>(Map.of("link", link, "list", List.of(1, "<cycle>"),
                "map", new TreeMap<>(Map.of("one", 1, "self", "<cycle>"))));
        byte[] canonical = CanonicalJson.bytes(expected);
        assertComplete(e, "input", canonical);
        assertComplete(e, "output", canonical);
        assertEquals(3, e.path("input").path("num_fields").asInt(), e.toString());
    }

    @Test
    void tenMillionFloatsAreHashedUpToTheByteBound() {
        JsonNode e = event(compare("bigFloats"), "bigFloats");
        byte[] prefix = Arrays.copyOf(tensorBytes(HostileApp.floats()), MAX_BYTES);
        assertTruncated(e, "input", prefix);
        assertTruncated(e, "output", prefix);
        JsonNode input = e.path("input");
        assertEquals("float[]", input.path("type").asText());
        assertEquals(HostileApp.FLOATS, input.path("list_length").asLong(), input.toString());
        assertEquals(-100.0, input.path("min").asDouble(), input.toString());
        assertEquals(399.5, input.path("max").asDouble(), input.toString());
    }

    @Test
    void listsNestedTenThousandDeepStopAtTheDepthBound() {
        JsonNode e = event(compare("deepLists"), "deepLists");
        byte[] prefix = "[".repeat(MAX_DEPTH).getBytes(StandardCharsets.UTF_8);
        assertTruncated(e, "input", prefix);
        assertTruncated(e, "output", prefix);
        assertEquals("java.util.ArrayList", e.path("input").path("type").asText());
        assertEquals(1, e.path("input").path("list_length").asInt(), e.toString());
    }

    @Test
    void objectsNestedTenThousandDeepStopAtTheDepthBound() {
        JsonNode e = event(compare("deepObjects"), "deepObjects");
        byte[] prefix = "{\"inner\":".repeat(MAX_DEPTH).getBytes(StandardCharsets.UTF_8);
        assertTruncated(e, "input", prefix);
        assertTruncated(e, "output", prefix);
        assertEquals(2, e.path("input").path("num_fields").asInt(), e.toString());
        // the names of the fields the walk reached before the bound
        assertEquals(List.of("inner"), texts(e.path("input").path("field_names")));
    }

    @Test
    void aMapOfAMillionKeysIsHashedUpToTheNodeBound() {
        JsonNode e = event(compare("millionKeys"), "millionKeys");
        String[] keys = new String[HostileApp.KEYS];
        Map<String, Integer> values = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            keys[i] = HostileApp.key(i);
            values.put(keys[i], i);
        }
        Arrays.sort(keys);
        // the map itself is node 1, so its entries' values are nodes 2, 3, …: the one that would be node
        // MAX_NODES + 1 is not written, its key is
        StringBuilder prefix = new StringBuilder("{");
        for (int j = 0; j < MAX_NODES; j++) {
            prefix.append(j == 0 ? "" : ",").append(CanonicalJson.of(keys[j])).append(':');
            if (j < MAX_NODES - 1) {
                prefix.append(CanonicalJson.of(values.get(keys[j])));
            }
        }
        byte[] bytes = prefix.toString().getBytes(StandardCharsets.UTF_8);
        assertTruncated(e, "input", bytes);
        assertTruncated(e, "output", bytes);
        JsonNode input = e.path("input");
        assertEquals(HostileApp.KEYS, input.path("num_fields").asInt(), input.toString());
        assertEquals(Arrays.asList(keys).subList(0, 64), texts(input.path("field_names")));
    }

    @Test
    void aCollectionWhoseIteratorThrowsIsRecordedAsUnreadable() {
        Runs runs = compare("throwingIterator");
        assertTrue(runs.with.appStdout().contains("throwingIterator threw java.lang.IllegalStateException: "
                + BrokenCollection.MESSAGE + "; input " + BrokenCollection.class.getName()), runs.with.describe());
        JsonNode e = runs.with.events().named("prediction_failure").target("throwingIterator").single();
        assertEquals("java.lang.IllegalStateException", e.path("error_type").asText(), e.toString());
        assertUnreadable(e, "input", "java.lang.IllegalStateException");
        assertEquals(BrokenCollection.class.getName(), e.path("input").path("type").asText());
    }

    @Test
    void aMapChangedByAnotherThreadWhileHashedSaysSoInsteadOfAHash() {
        Runs runs = compare("mutatedMap");
        List<JsonNode> events = runs.with.events().named("prediction_success").target("mutatedMap").all();
        assertEquals(HostileApp.MUTATED_CALLS, events.size(), runs.with.describe());
        int unreadable = 0;
        for (JsonNode e : events) {
            for (String side : List.of("input", "output")) {
                if (e.has(side + "_hash_error")) {
                    assertUnreadable(e, side, "java.util.ConcurrentModificationException");
                    unreadable++;
                } else {
                    assertTrue(e.has(side + "_hash"), "a hash of what was read completely: " + e);
                    assertFalse(e.has(side + "_hash_truncated"), e.toString());
                }
            }
            if (!e.has("input_hash_error")) {
                assertTrue(e.path("input_size").asLong() > HostileApp.MUTATED_KEYS, "never the hash of nothing: " + e);
                assertTrue(e.path("input").path("num_fields").asInt() >= HostileApp.MUTATED_KEYS, e.toString());
            }
        }
        assertTrue(unreadable > 0, "the race was met at least once in " + events.size() + " calls: " + events);
    }

    @Test
    void fieldsTheModuleSystemHidesAreLeftOutAndTheHashSaysPartial() {
        JsonNode e = event(compare("hiddenFields"), "hiddenFields");
        byte[] canonical = CanonicalJson.bytes(new TreeMap<>(Map.of("bias", 0.25, "level", 3)));
        for (String side : List.of("input", "output")) {
            assertEquals(Digests.hash(canonical), e.path(side + "_hash").asText(), e.toString());
            assertTrue(e.path(side + "_hash_partial").asBoolean(), e.toString());
            assertFalse(e.has(side + "_hash_truncated"), e.toString());
        }
        assertEquals(canonical.length, e.path("input_size").asLong());
        assertEquals(List.of("bias", "level"), texts(e.path("input").path("field_names")));
    }

    @Test
    void aHundredMegabyteStringIsHashedUpToTheByteBound() {
        JsonNode e = event(compare("hugeString"), "hugeString");
        byte[] prefix = ("\"" + "x".repeat(MAX_BYTES - 1)).getBytes(StandardCharsets.UTF_8);
        assertTruncated(e, "input", prefix);
        assertTruncated(e, "output", prefix);
        assertEquals("java.lang.String", e.path("input").path("type").asText());
        assertEquals(HostileApp.STRING_CHARS, e.path("input").path("length").asLong(), e.toString());
        assertFalse(e.path("input").has("bytes"), "the UTF-8 size of what was not read is not known: " + e);
    }

    @Test
    void objectsWhoseHashCodeEqualsAndToStringThrowAreNeverAskedForThem() {
        hostileMethodsAreNeverCalled("throwingMethods");
    }

    @Test
    void objectsWhoseHashCodeEqualsAndToStringBlockAreNeverAskedForThem() {
        hostileMethodsAreNeverCalled("blockingMethods");
    }

    private void hostileMethodsAreNeverCalled(String name) {
        Runs runs = compare(name);
        assertTrue(runs.with.appStdout().contains("hostile method calls 0"), runs.with.describe());
        JsonNode e = event(runs, name);
        // a key that only the application's toString could name is written as a placeholder, an AtomicReference as
        // its value, a JDK Map.Entry as its readable fields (none) (docs/HASHING.md)
        String canonical = "{\"byHostile\":{\"<unread key>\":5,\"<unread key>\":6},"
                + "\"byName\":{\"four\":{\"id\":4}},\"entry\":{},\"field\":{\"id\":1},"
                + "\"list\":[{\"id\":2},{\"id\":3}],\"reference\":{\"id\":7}}";
        byte[] bytes = canonical.getBytes(StandardCharsets.UTF_8);
        for (String side : List.of("input", "output")) {
            assertEquals(Digests.hash(bytes), e.path(side + "_hash").asText(), e.toString());
            assertTrue(e.path(side + "_hash_partial").asBoolean(), e.toString());
        }
        assertEquals(bytes.length, e.path("input_size").asLong(), e.toString());
    }

    // ---- runs and assertions

    /** The two runs of one case: without and with the agent. */
    private record Runs(JvmRun without, JvmRun with) {
    }

    /**
     * Runs the case without and with the agent and checks what holds for every case: both succeed on a 256 MiB
     * heap, the application prints the same, the agent adds nothing to standard error but its own lines, and the
     * call with the agent ends within {@link #CEILING_MS}.
     */
    private static Runs compare(String name) {
        JvmRun without = jvm(name).run().assertSucceeded();
        JvmRun with = jvm(name).agentArgs("config=" + config).run().assertSucceeded();
        assertEquals(observable(without), observable(with), with.describe());
        assertEquals(without.appStderr(), with.appStderr(), with.describe());
        long elapsed = elapsedMs(with, name);
        assertTrue(elapsed < CEILING_MS, name + " took " + elapsed + " ms with the agent\n" + with.describe());
        assertFalse(with.diagnostics().stream().anyMatch(l -> l.contains("OutOfMemoryError")), with.describe());
        return new Runs(without, with);
    }

    private static AgentJvm jvm(String name) {
        return AgentJvm.main(HostileApp.class).jvmOption("-Xmx256m").args(name).timeout(JVM_LIMIT);
    }

    /** What the application printed, without the line that times its call. */
    private static List<String> observable(JvmRun run) {
        return run.appStdout().stream().filter(l -> !l.startsWith("elapsed_ms ")).toList();
    }

    private static long elapsedMs(JvmRun run, String name) {
        return run.appStdout().stream().filter(l -> l.startsWith("elapsed_ms " + name + " ")).findFirst()
                .map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no time printed\n" + run.describe()));
    }

    private static JsonNode event(Runs runs, String target) {
        return runs.with.events().named("prediction_success").target(target).single();
    }

    /** A hash of the value's complete canonical bytes. */
    private static void assertComplete(JsonNode e, String side, byte[] canonical) {
        assertEquals(Digests.hash(canonical), e.path(side + "_hash").asText(), e.toString());
        assertFalse(e.has(side + "_hash_truncated"), e.toString());
        assertFalse(e.has(side + "_hash_error"), e.toString());
        if (side.equals("input")) {
            assertEquals(canonical.length, e.path("input_size").asLong(), e.toString());
        }
    }

    /** A hash of the canonical bytes up to a bound, and the flag that says so. */
    private static void assertTruncated(JsonNode e, String side, byte[] prefix) {
        assertEquals(Digests.hash(prefix), e.path(side + "_hash").asText(), e.toString());
        assertTrue(e.path(side + "_hash_truncated").asBoolean(), e.toString());
        assertFalse(e.has(side + "_hash_error"), e.toString());
        if (side.equals("input")) {
            assertEquals(prefix.length, e.path("input_size").asLong(), e.toString());
        }
    }

    /** No hash of a value that could not be read, and the exception that stopped the reading named instead. */
    private static void assertUnreadable(JsonNode e, String side, String errorType) {
        assertEquals(errorType, e.path(side + "_hash_error").asText(), e.toString());
        assertFalse(e.has(side + "_hash"), e.toString());
        if (side.equals("input")) {
            assertFalse(e.has("input_size"), e.toString());
            assertFalse(e.has("input_seen_before"), e.toString());
        }
    }

    private static byte[] tensorBytes(float[] values) {
        byte[] header = ("f32[" + values.length + "]\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(header.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
