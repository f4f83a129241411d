package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A thread's {@link Features} are lent to the capture's holder and reused once released, never before. */
class FeatureStorageTest {

    private final InputCapture capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 100));

    private static Map<String, Object> row(double amount, String city) {
        Map<String, Object> m = new HashMap<>();
        m.put("amount", amount);
        m.put("city", city);
        m.put("count", 3);
        return m;
    }

    private static double number(Features f, String name) {
        for (int i = 0; i < f.size(); i++) {
            if (f.name(i).equals(name)) {
                return f.number(i);
            }
        }
        throw new AssertionError("no feature " + name);
    }

    private static String text(Features f, String name) {
        for (int i = 0; i < f.size(); i++) {
            if (f.name(i).equals(name)) {
                return f.text(i);
            }
        }
        throw new AssertionError("no feature " + name);
    }

    @Test
    void releasedFeaturesAreFilledAgainByTheNextCall() {
        Features first = capture.captureValue(row(1.5, "Lyon")).features();
        assertEquals(1.5, number(first, "amount"));
        first.release();
        Features second = capture.captureValue(row(2.5, "Nice")).features();
        assertSame(first, second, "the released storage is the thread's next");
        assertEquals(3, second.size());
        assertEquals(2.5, number(second, "amount"));
        assertEquals("Nice", text(second, "city"));
    }

    @Test
    void featuresStillHeldAreNeverOverwritten() {
        List<Features> held = new ArrayList<>();
        int calls = FeatureGatherer.POOL + 20; // past the pool's cap: the storage in turn leaves the pool
        for (int i = 0; i < calls; i++) {
            held.add(capture.captureValue(row(i, "city" + i)).features());
        }
        for (int i = 0; i < calls; i++) {
            Features f = held.get(i);
            assertEquals(i, number(f, "amount"), "call " + i);
            assertEquals("city" + i, text(f, "city"), "call " + i);
            for (int j = 0; j < i; j++) {
                assertNotSame(held.get(j), f);
            }
        }
    }

    /**
     * The statistics thread far behind: the calls its queue holds keep their storage, and the calls it cannot take
     * give theirs back at once; those are reused, and the thread does not make new storage for every call.
     */
    @Test
    void callsGivenBackAtOnceReuseTheirStorageWhileEarlierOnesAreHeld() {
        List<Features> queued = new ArrayList<>();
        // a call's input and output: two gatherings, both rows here (an output of another type would change the
        // compiled capture's profile for the allocation test in this JVM)
        for (int i = 0; i < 100; i++) { // the statistics' queue: calls held
            queued.add(capture.captureValue(row(i, "held")).features());
            queued.add(capture.captureValue(row(-i, "output")).features());
        }
        java.util.Set<Features> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < 10_000; i++) { // the queue is full: each call's features are given back at once
            Features input = capture.captureValue(row(i, "dropped")).features();
            Features output = capture.captureValue(row(-i, "output")).features();
            assertNotSame(input, output);
            assertEquals(i, number(input, "amount"), "call " + i);
            used.add(input);
            used.add(output);
            input.release();
            output.release();
        }
        assertTrue(used.size() <= 4, "storage made for calls given back at once: " + used.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, number(queued.get(2 * i), "amount"), "held storage untouched: call " + i);
            assertTrue(java.util.Collections.disjoint(used, List.of(queued.get(2 * i), queued.get(2 * i + 1))));
        }
    }

    @Test
    void storageThatHeldOnlyNumbersTakesTextsAndSamplesLater() throws Exception {
        Map<String, Object> numbers = new HashMap<>();
        numbers.put("amount", 2.5);
        numbers.put("count", 3);
        Features first = capture.captureValue(numbers).features();
        assertEquals(2, first.size());
        Field objects = Features.class.getDeclaredField("objects");
        objects.setAccessible(true);
        assertNull(objects.get(first), "storage of numbers only has no array for texts and samples");
        first.release();
        Map<String, Object> mixed = row(4.5, "Lyon");
        mixed.put("scores", new double[] {0.25, 0.5, 0.75});
        Features second = capture.captureValue(mixed).features();
        assertSame(first, second);
        assertEquals("Lyon", text(second, "city"));
        assertEquals(4.5, number(second, "amount"));
        for (int i = 0; i < second.size(); i++) {
            if (second.name(i).equals("scores[*]")) {
                assertEquals(3, second.elements(i).length);
                assertEquals(3, second.count(i));
                return;
            }
        }
        throw new AssertionError("no feature scores[*]");
    }

    @Test
    void anotherThreadReleasesWhatThisOneGathered() throws Exception {
        ExecutorService statistics = Executors.newSingleThreadExecutor();
        try {
            Features first = capture.captureValue(row(1, "a")).features();
            Future<?> done = statistics.submit(first::release);
            done.get();
            assertSame(first, capture.captureValue(row(2, "b")).features());
        } finally {
            statistics.shutdownNow();
        }
    }

    @Test
    void releasingLetsGoOfTheApplicationsStrings() throws Exception {
        Features f = capture.captureValue(row(1, "Lyon")).features();
        Field objects = Features.class.getDeclaredField("objects");
        objects.setAccessible(true);
        assertTrue(java.util.Arrays.asList((Object[]) objects.get(f)).contains("Lyon"));
        f.release();
        for (Object o : (Object[]) objects.get(f)) {
            assertNull(o, "a released storage holds no application value");
        }
        assertEquals(0, f.size());
    }

    /** An output's one feature between inputs' eighteen: new storage is made for eighteen, not grown to them. */
    @Test
    void newStorageIsMadeForTheThreadsLargestGatheringNotItsLast() {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < 18; i++) {
            row.put("feature_" + i, i * 1.25);
        }
        List<Features> held = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // nothing released: each gathering takes new storage
            held.add(capture.captureValue(row).features());
            held.add(capture.captureOutput(0.5).features());
        }
        for (int i = 2; i < held.size(); i += 2) {
            Features input = held.get(i);
            assertEquals(18, input.size());
            assertEquals(18, input.capacity(), "made for the eighteen after an output's one, not grown from one");
        }
    }

    @Test
    void aCallWithoutFeaturesLendsNothing() {
        assertSame(Features.NONE, capture.captureValue(List.of("a", "b")).features());
        Features.NONE.release(); // a no-op, whoever calls it
        assertEquals(0, Features.NONE.size());
    }

    @Test
    void gatheringReleasedFeaturesAllocatesNothingPerCall() {
        InputCapture without = new InputCapture(HashSettings.defaults(), true, null);
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < 18; i++) {
            row.put("feature_" + i, i * 1.25);
        }
        row.put("plan", "gold");
        // the capture's own objects (hash, characteristics) are the same either way: the difference is the features
        double withFeatures = bytesPerCapture(capture, row);
        double withoutFeatures = bytesPerCapture(without, row);
        assertTrue(withFeatures - withoutFeatures < 8, "features allocated " + (withFeatures - withoutFeatures)
                + " bytes per call (" + withFeatures + " with, " + withoutFeatures + " without)");
    }

    /**
     * Bytes allocated per capture: the least of five rounds, so that a round in which the JIT had not yet compiled
     * the capture (on a busy machine) does not count objects that its compiled code does not allocate.
     */
    private static double bytesPerCapture(InputCapture capture, Map<String, Object> row) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int calls = 20_000;
        CapturedInput holder = new CapturedInput(); // reused, as the recorder does: only the capture's own objects count
        for (int i = 0; i < calls; i++) { // warm-up: the JIT, the key order, the pool
            capture.captureValue(row, holder).features().release();
        }
        double least = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                capture.captureValue(row, holder).features().release();
            }
            least = Math.min(least, (threads.getCurrentThreadAllocatedBytes() - before) / (double) calls);
        }
        return least;
    }
}
