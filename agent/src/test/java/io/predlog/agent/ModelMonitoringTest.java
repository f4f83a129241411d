package io.predlog.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The features storages all threads keep follow the statistics' queue. */
class ModelMonitoringTest {

    @Test
    void theFeatureBudgetIsTwoStoragesPerQueuedCallAndASpareFewThousand() {
        assertEquals(2 * 16_384 + 4096, ModelMonitoring.featureBudget(16_384).storages(), "the default queue");
        assertEquals(2 * 16_384 + 4096, ModelMonitoring.featureBudget(10_000).storages(), "the ring's power of two");
        assertEquals(2 * 16 + 4096, ModelMonitoring.featureBudget(16).storages(), "the smallest queue");
        assertEquals(Integer.MAX_VALUE, ModelMonitoring.featureBudget(1 << 30).storages(), "capped, not overflowed");
    }
}
