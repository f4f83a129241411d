package io.predlog.sample.json;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {
    @Test
    void parsesObjectsArraysAndScalars() {
        Object parsed = Json.parse(" {\"a\": [1, -2.5, 3e2, true, false, null], \"b\": {\"c\": \"d\\n\\u00e9\"}} ");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -2.5, 300.0, true, false, null));
        expected.put("b", Map.of("c", "d\né"));
        assertEquals(expected, parsed);
    }

    @Test
    void integersThatFitAreLongsAndTheRestAreDoubles() {
        assertEquals(List.of(42L, 1.0E20, 0.5), Json.parse("[42, 100000000000000000000, 0.5]"));
    }

    @Test
    void malformedTextIsRejectedWithAnOffset() {
        assertEquals("unexpected end of input at offset 9",
                assertThrows(JsonException.class, () -> Json.parse("{\"model\":")).getMessage());
        assertThrows(JsonException.class, () -> Json.parse(""));
        assertThrows(JsonException.class, () -> Json.parse("{\"a\":1} x"));
        assertThrows(JsonException.class, () -> Json.parse("[1,,2]"));
        assertThrows(JsonException.class, () -> Json.parse("{'a':1}"));
        assertThrows(JsonException.class, () -> Json.parse("01"));
        assertThrows(JsonException.class, () -> Json.parse("[".repeat(10_000)));
    }

    @Test
    void writesCompactJsonWithEscapesAndFloatArrays() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "q\"\\\n\u0001");
        value.put("f", new float[] {0.1f, 2f});
        value.put("n", List.of(1L, 0.25, Double.NaN));

        assertEquals("{\"s\":\"q\\\"\\\\\\n\\u0001\",\"f\":[0.1,2.0],\"n\":[1,0.25,null]}", Json.write(value));
    }

    @Test
    void whatIsWrittenParsesBackToTheSameValue() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("model", "churn");
        value.put("input", Map.of("tenure_months", 12L, "plan", "basic"));

        assertEquals(value, Json.parse(Json.write(value)));
    }
}
