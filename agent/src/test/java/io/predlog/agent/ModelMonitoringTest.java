package io.predlog.agent;

import io.predlog.agent.stats.StatsSettings;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The features storages all threads keep follow the statistics' queue. */
class ModelMonitoringTest {

    @Test
    void theFeatureBudgetIsTwoStoragesPerQueuedCallAndASpareFewThousand() {
        assertEquals(2 * 16_384 + 4096, ModelMonitoring.featureBudget(16_384).storages(), "the default queue");
        assertEquals(2 * 16 + 4096, ModelMonitoring.featureBudget(16).storages(), "the smallest queue");
        assertEquals(Integer.MAX_VALUE, ModelMonitoring.featureBudget(1 << 30).storages(), "capped, not overflowed");
        StatsSettings settings = new StatsSettings(60_000, 10_000, 1, 1, 1, 1, Set.of());
        assertEquals(16_384, settings.queueSlots(), "the ring's power of two");
    }
}
