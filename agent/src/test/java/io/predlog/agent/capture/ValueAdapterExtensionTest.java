package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The extension point: one adapter class for a new input type, registered in one place, gives the type its
 * canonical bytes, its characteristics and its features, all from the one walk.
 *
 * <p>{@link Window}, a test-only type, keeps its numbers in a ring buffer: its fields (the buffer, where the oldest
 * number is, how many there are) are not what it holds. {@link WindowAdapter} writes what it holds: the numbers,
 * oldest first, as an array. The standard registry, which has no adapter for it, writes its fields.
 */
class ValueAdapterExtensionTest {

    /** The last {@code capacity} numbers added, in a ring buffer. */
    static final class Window {
        private final double[] ring;
        private int oldest;
        private int size;

        Window(int capacity) {
            ring = new double[capacity];
        }

        void add(double d) {
            if (size < ring.length) {
                ring[(oldest + size++) % ring.length] = d;
            } else {
                ring[oldest] = d;
                oldest = (oldest + 1) % ring.length;
            }
        }
    }

    /** A {@link Window} as the array of its numbers, oldest first. */
    static final class WindowAdapter implements ValueAdapter {
        static final WindowAdapter INSTANCE = new WindowAdapter();

        static ValueAdapter forType(Class<?> type) {
            return type == Window.class ? INSTANCE : null;
        }

        @Override
        public void write(Object value, CanonicalWalker walk) {
            Window w = (Window) value;
            if (!walk.enterArray(w)) {
                return;
            }
            walk.beginElements(w.size);
            for (int i = 0; i < w.size; i++) {
                walk.element(i, w.ring[(w.oldest + i) % w.ring.length]);
            }
            walk.endElements(w.size);
        }
    }

    private final InputCapture standard = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 100));
    private final InputCapture extended = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 100),
            ValueAdapters.STANDARD.with(WindowAdapter::forType));

    /** 1.5, 2.5, 4, 8 added to a window of 3: it holds 2.5, 4, 8, stored as [8, 2.5, 4] from index 1. */
    private static Window window() {
        Window w = new Window(3);
        for (double d : new double[] {1.5, 2.5, 4, 8}) {
            w.add(d);
        }
        return w;
    }

    @Test
    void aRegisteredAdapterGivesTheHashOfWhatTheValueHolds() throws Exception {
        HashResult hash = extended.captureValue(window()).hash();

        assertEquals(Canonical.sha256Hash16("[2.5,4,8]"), hash.hash());
        assertEquals(9, hash.size());
        assertEquals(hash, extended.hashValue(window()), "an output is hashed by the same adapter");
        assertEquals(Canonical.sha256Hash16("{\"oldest\":1,\"ring\":[8,2.5,4],\"size\":3}"),
                standard.captureValue(window()).hash().hash(), "without the adapter: the fields");
    }

    @Test
    void theSameWalkGivesItsCharacteristics() {
        Map<String, Object> c = extended.captureValue(window()).characteristics();

        assertEquals(Window.class.getName(), c.get("type"));
        assertEquals(3L, c.get("list_length"));
        assertEquals(List.of("java.lang.Double"), c.get("item_types"));
        assertEquals(2.5, c.get("min"));
        assertEquals(8.0, c.get("max"));
        assertEquals(14.5 / 3, c.get("mean"));
        assertEquals(0L, c.get("nan_count"));
    }

    @Test
    void theSameWalkGivesItsFeatures() throws Exception {
        Features top = extended.captureValue(window()).features();
        assertEquals(1, top.size());
        assertEquals("[*]", top.name(0));
        assertEquals(Features.ELEMENTS, top.kind(0));
        assertEquals(3, top.count(0));
        assertArrayEquals(new double[] {2.5, 4, 8}, top.elements(0));

        Map<String, Object> row = new LinkedHashMap<>();
        row.put("recent", window());
        row.put("amount", 12.5);
        CapturedInput captured = extended.captureValue(row);
        Features f = captured.features();
        assertEquals(List.of("amount", "recent[*]"), List.of(f.name(0), f.name(1)));
        assertArrayEquals(new double[] {2.5, 4, 8}, f.elements(1));
        assertEquals(Canonical.sha256Hash16("{\"amount\":12.5,\"recent\":[2.5,4,8]}"), captured.hash().hash());
    }

    @Test
    void theStandardRegistryIsUnchangedByAnExtendedOne() {
        Features viaFields = standard.captureValue(window()).features();
        assertNotEquals(extended.captureValue(window()).hash(), standard.captureValue(window()).hash());
        assertEquals(List.of("oldest", "ring[*]", "size"),
                List.of(viaFields.name(0), viaFields.name(1), viaFields.name(2)), "its fields are its features");
    }
}
