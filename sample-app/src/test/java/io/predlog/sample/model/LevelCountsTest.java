package io.predlog.sample.model;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The counts of categorical levels, and the planted fault behind the demo's wedged pool. */
class LevelCountsTest {
    @Test
    void eachLevelIsCountedUnderItsFeature() {
        LevelCounts counts = new LevelCounts();
        counts.count("country", "US");
        counts.count("country", "US");
        counts.count("plan", "basic");

        assertEquals(Map.of("country=US", 2L, "plan=basic", 1L), counts.snapshot());
    }

    @Test
    void aBlankLevelIsRejectedAndLeavesTheGuardTakenSoTheNextCountNeverReturns() throws Exception {
        LevelCounts counts = new LevelCounts();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> counts.count("country", " "));
        assertEquals("feature 'country' must not be blank", e.getMessage());

        CompletableFuture<Void> next = CompletableFuture.runAsync(() -> counts.count("country", "US"), daemon());
        assertThrows(TimeoutException.class, () -> next.get(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void theGuardIsNotReentrantSoTheThreadThatLeakedItWaitsToo() throws Exception {
        LevelCounts counts = new LevelCounts();
        CompletableFuture<Void> sameThread = CompletableFuture.runAsync(() -> {
            try {
                counts.count("country", "");
            } catch (InvalidInputException expected) {
                counts.count("country", "US"); // the same thread, right after
            }
        }, daemon());

        assertThrows(TimeoutException.class, () -> sameThread.get(300, TimeUnit.MILLISECONDS));
    }

    /** One daemon thread per task: a wedged task must not keep the test JVM alive. */
    private static Executor daemon() {
        return task -> {
            Thread t = new Thread(task, "level-counts-test");
            t.setDaemon(true);
            t.start();
        };
    }
}
