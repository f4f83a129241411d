package io.predlog.agent.event;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventIdsTest {

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{32}");

    @Test
    void anIdIs32LowercaseHexCharacters() {
        EventIds ids = new EventIds();
        for (int i = 0; i < 1000; i++) {
            String id = ids.nextString();
            assertEquals(EventIds.LENGTH, id.length(), id);
            assertTrue(FORMAT.matcher(id).matches(), id);
        }
    }

    @Test
    void oneGeneratorNeverRepeatsAnIdAndKeepsItsPrefix() {
        EventIds ids = new EventIds();
        Set<String> seen = new HashSet<>();
        String prefix = null;
        for (int i = 0; i < 200_000; i++) {
            String id = ids.nextString();
            assertTrue(seen.add(id), "repeated: " + id);
            if (prefix == null) {
                prefix = id.substring(0, 16);
            }
            assertEquals(prefix, id.substring(0, 16), "the prefix is drawn once");
        }
    }

    @Test
    void twoGeneratorsDrawDifferentPrefixesSoTheirIdsNeverMeet() {
        EventIds a = new EventIds();
        EventIds b = new EventIds();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            assertTrue(seen.add(a.nextString()));
            assertTrue(seen.add(b.nextString()));
        }
        assertNotEquals(a.nextString().substring(0, 16), b.nextString().substring(0, 16));
    }

    @Test
    void theSequenceFollowsTheGivenPrefixInFixedWidthHex() {
        EventIds ids = new EventIds(0x0123456789abcdefL);
        assertEquals("0123456789abcdef" + "0".repeat(16), ids.nextString());
        for (int i = 1; i < 255; i++) {
            ids.nextString();
        }
        assertEquals("0123456789abcdef" + "0".repeat(14) + "ff", ids.nextString());
    }

    @Test
    void generatorsSharingASequenceOnSeveralThreadsNeverMakeTheSameIdAndKeepOnePrefix() throws Exception {
        EventIds first = new EventIds();
        String prefix = first.nextString().substring(0, 16);
        int threads = 4;
        int each = 50_000;
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<Thread> started = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            EventIds mine = first.sharing();
            Thread thread = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    String id = mine.nextString();
                    if (!id.startsWith(prefix) || !seen.add(id)) {
                        throw new AssertionError("repeated or foreign id " + id);
                    }
                }
            });
            started.add(thread);
            thread.start();
        }
        for (Thread thread : started) {
            thread.join();
        }
        assertEquals(threads * each, seen.size());
        assertEquals(String.format("%016x", threads * each + 1), first.nextString().substring(16),
                "the first generator continues after every number the others took");
    }
}
