package io.predlog.agent.sink;

import io.predlog.agent.event.SampleEvents;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventFieldsTest {

    private static Map<String, Object> map(String json) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (EventFields.Field f : EventFields.of(json)) {
            out.put(f.key(), f.value());
        }
        return out;
    }

    @Test
    void scalarsAreThemselvesNestedValuesTheirJsonTextAndNullsLeftOut() {
        Map<String, Object> m = map("{\"event\":\"prediction_success\",\"n\":42,\"big\":123456789012345678901,"
                + "\"ms\":1.25,\"e\":1e-7,\"neg\":-3,\"ok\":true,\"no\":false,\"gone\":null,"
                + "\"input\":{\"a\":[1,{\"b\":\"}]\\\"\"}],\"c\":null},\"list\":[1,2],\"esc\":\"a\\\"b\\\\c\\n\\u00e9\"}\n");
        assertEquals("prediction_success", m.get("event"));
        assertEquals(42L, m.get("n"));
        assertEquals(new BigDecimal("123456789012345678901"), m.get("big"));
        assertEquals(new BigDecimal("1.25"), m.get("ms"));
        assertEquals(new BigDecimal("1e-7"), m.get("e"));
        assertEquals(-3L, m.get("neg"));
        assertEquals(Boolean.TRUE, m.get("ok"));
        assertEquals(Boolean.FALSE, m.get("no"));
        assertFalse(m.containsKey("gone"));
        assertEquals("{\"a\":[1,{\"b\":\"}]\\\"\"}],\"c\":null}", m.get("input"));
        assertEquals("[1,2]", m.get("list"));
        assertEquals("a\"b\\c\né", m.get("esc"));
        assertEquals(List.of("event", "n", "big", "ms", "e", "neg", "ok", "no", "input", "list", "esc"),
                List.copyOf(m.keySet()));
    }

    @Test
    void everyEncodedSampleEventParsesWithItsNameAndLevel() {
        EncodedBatch batch = Batches.of(SampleEvents.predictionSuccess(), SampleEvents.predictionFailure(),
                SampleEvents.health());
        for (int i = 0; i < batch.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (EventFields.Field f : EventFields.of(new String(batch.array(), batch.offset(i), batch.length(i), StandardCharsets.UTF_8))) {
                m.put(f.key(), f.value());
            }
            assertTrue(m.containsValue(batch.event(i).name()), m.toString());
            assertTrue(m.containsValue(batch.event(i).level().name()), m.toString());
        }
    }

    @Test
    void malformedInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EventFields.of("{\"a\":"));
        assertThrows(IllegalArgumentException.class, () -> EventFields.of("[1]"));
        assertThrows(IllegalArgumentException.class, () -> EventFields.of("{\"a\":1 \"b\":2}"));
    }
}
