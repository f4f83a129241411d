package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Remembered key orders ({@link KeyOrder}) change nothing but the cost: every map hashes as a fresh sort
 * would, whatever the sequence of maps one thread sees.
 */
class KeyOrderTest {

    private final InputCapture capture = new InputCapture(HashSettings.defaults(), true);

    /** The hash a fresh walker (nothing remembered) gives. */
    private static String fresh(Object value) throws Exception {
        return Canonical.sha256Hash16(Canonical.text(value));
    }

    private void sameAsFresh(Object value) throws Exception {
        assertEquals(fresh(value), capture.captureValue(value).hash().hash(), () -> "for " + value);
    }

    @Test
    void aRepeatedSchemaHashesAsAFreshSortWould() throws Exception {
        for (int call = 0; call < 5; call++) {
            Map<String, Object> m = new HashMap<>();
            m.put("b", call);
            m.put("a", 2.5 * call);
            m.put("c", "x");
            sameAsFresh(m);
            assertEquals(List.of("a", "b", "c"), capture.captureValue(m).characteristics().get("field_names"));
        }
    }

    @Test
    void theSameKeysInAnotherIterationOrderAreSortedAgain() throws Exception {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("b", 1);
        first.put("a", 2);
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("a", 2);
        second.put("b", 1);
        Map<String, Object> third = new LinkedHashMap<>();
        third.put("b", 1);
        third.put("z", 3);
        for (int i = 0; i < 3; i++) {
            sameAsFresh(first);
            sameAsFresh(second);
            sameAsFresh(third);
            sameAsFresh(Map.of("b", 1)); // a prefix of a remembered order
        }
    }

    @Test
    void keysThatAreEqualButNotIdenticalStillMatch() throws Exception {
        for (int i = 0; i < 3; i++) {
            Map<Object, Object> m = new HashMap<>();
            m.put(10, "ten"); // String.valueOf makes a new String every time
            m.put(9, "nine");
            m.put(new StringBuilder("k").append(i % 2).toString(), 1.5);
            sameAsFresh(m);
        }
    }

    @Test
    void twoKeysWithTheSameTextAreNeverRemembered() throws Exception {
        for (int i = 0; i < 4; i++) {
            Map<Object, Object> m = new LinkedHashMap<>();
            m.put(1, "int");
            m.put("1", "string");
            m.put("0", i);
            sameAsFresh(m);
        }
    }

    @Test
    void nestedMapsOfOneSchemaAndManySchemasAtOneDepth() throws Exception {
        for (int i = 0; i < 200; i++) {
            Map<String, Object> row = new TreeMap<>(Map.of("x", i, "y", -i));
            Map<String, Object> other = Map.of("k" + i, i); // a new key set every time
            sameAsFresh(List.of(row, other, row));
            sameAsFresh(Map.of("rows", List.of(row, row), "other", other));
        }
    }

    @Test
    void fieldNamesAreSharedBetweenCallsOfOneSchema() {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < 18; i++) {
            m.put("feature_" + i, i * 0.37);
        }
        Characteristics.Fields a = (Characteristics.Fields) capture.captureValue(m).characteristics();
        Characteristics.Fields b = (Characteristics.Fields) capture.captureValue(m).characteristics();
        assertSame(a.names(), b.names());
        assertEquals(a, b);
    }

    @Test
    void threadsWalkingMapsOfOneSchemaShareOneNamesArray() throws Exception {
        String[][] last = new String[3][];
        for (int t = 0; t < last.length; t++) {
            int thread = t;
            Thread caller = new Thread(() -> {
                for (int call = 0; call < 3; call++) {
                    // each call's own key strings, as a request parsed from JSON has
                    Map<String, Object> m = new HashMap<>();
                    m.put(new String("tenure"), call);
                    m.put(new String("plan"), "basic");
                    m.put(new String("amount"), 12.5);
                    last[thread] = ((Characteristics.Fields) capture.captureValue(m).characteristics()).names();
                }
            });
            caller.start();
            caller.join();
        }
        assertArrayEquals(new String[] {"amount", "plan", "tenure"}, last[0]);
        assertSame(last[0], last[1]);
        assertSame(last[0], last[2]);
        Map<String, Object> other = new HashMap<>(Map.of("plan", "basic", "amount", 1));
        for (int call = 0; call < 3; call++) {
            sameAsFresh(other); // another key set is not taken for it
        }
        assertArrayEquals(new String[] {"amount", "plan"},
                ((Characteristics.Fields) capture.captureValue(other).characteristics()).names());
    }
}
