package io.predlog.agent.stats;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.HashResult;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextStatsTest {

    /** Feeds {@code value} as the only feature of one call. */
    static void give(TextStats stats, String value) {
        CapturedInput in = StatsFixture.input(value);
        stats.observe(in.features(), 0);
    }

    @Test
    void aRepeatedValueIsHashedOnceAndCountedEveryTime() {
        Map<String, Integer> hashed = new HashMap<>();
        TextStats stats = new TextStats(v -> {
            hashed.merge(v, 1, Integer::sum);
            return v.hashCode();
        });
        for (int i = 0; i < 1000; i++) {
            give(stats, i % 2 == 0 ? "EUR" : "USD");
        }
        assertEquals(Map.of("EUR", 1, "USD", 1), hashed);
        assertEquals(1000, stats.count());
    }

    @Test
    void valuesSharingATableSlotKeepTheirOwnHashes() {
        // "Aa" and "BB" have the same String.hashCode, so they take the same slot of the table
        assertEquals("Aa".hashCode(), "BB".hashCode());
        TextStats stats = new TextStats(v -> v.equals("Aa") ? 0x1111L : 0x2222L);
        for (int i = 0; i < 300; i++) {
            give(stats, "Aa");
            give(stats, i < 100 ? "BB" : "Aa");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        stats.describe(m);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> top = (List<Map<String, Object>>) m.get("top");
        assertEquals(HashResult.hexOf(0x1111L), top.get(0).get("value_hash"));
        assertEquals(500L, top.get(0).get("count"));
        assertEquals(HashResult.hexOf(0x2222L), top.get(1).get("value_hash"));
        assertEquals(100L, top.get(1).get("count"));
    }
}
