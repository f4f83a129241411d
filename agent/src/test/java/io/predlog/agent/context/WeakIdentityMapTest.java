package io.predlog.agent.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

    private final WeakIdentityMap<String> map = new WeakIdentityMap<>();

    @Test
    void valuesAreFoundByTheKeysIdentityNotItsEquality() {
        String key = new String("task");
        String equal = new String("task");
        assertNull(map.get(key), "nothing put yet");
        assertNull(map.remove(key));
        map.put(key, "req-1");
        assertEquals("req-1", map.get(key));
        assertNull(map.get(equal), "an equal object is another key");
        assertNull(map.get(null));
        map.put(equal, "req-2");
        assertEquals(2, map.size());
        assertEquals("req-1", map.remove(key));
        assertNull(map.get(key));
        assertEquals("req-2", map.get(equal));
        assertEquals(1, map.size());
    }

    @Test
    void aMapEmptiedAgainStillAnswers() {
        Object key = new Object();
        map.put(key, "req-3");
        assertEquals("req-3", map.remove(key));
        assertEquals(0, map.size());
        assertNull(map.get(key));
        map.put(key, "req-4");
        assertEquals("req-4", map.get(key));
    }
}
