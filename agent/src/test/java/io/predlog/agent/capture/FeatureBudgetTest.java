package io.predlog.agent.capture;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** All threads' pools of {@link Features} storage together stay within their {@link FeatureBudget}. */
class FeatureBudgetTest {

    private static Map<String, Object> row(double amount) {
        Map<String, Object> m = new HashMap<>();
        m.put("amount", amount);
        m.put("count", 3);
        return m;
    }

    private static double amount(Features f) {
        for (int i = 0; i < f.size(); i++) {
            if (f.name(i).equals("amount")) {
                return f.number(i);
            }
        }
        throw new AssertionError("no feature amount");
    }

    /** On its own thread, gathers {@code calls} calls' features and holds them all, as a statistics thread behind. */
    private static List<Features> holdOn(ExecutorService thread, InputCapture capture, int from, int calls)
            throws Exception {
        return thread.submit(() -> {
            List<Features> held = new ArrayList<>();
            for (int i = from; i < from + calls; i++) {
                held.add(capture.captureValue(row(i)).features());
            }
            return held;
        }).get();
    }

    @Test
    void poolsTogetherKeepNoMoreThanTheBudgetAndHeldFeaturesStayIntact() throws Exception {
        FeatureBudget budget = new FeatureBudget(50);
        InputCapture capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 100, budget));
        ExecutorService a = Executors.newSingleThreadExecutor();
        ExecutorService b = Executors.newSingleThreadExecutor();
        try {
            List<Features> heldA = holdOn(a, capture, 0, 40);
            List<Features> heldB = holdOn(b, capture, 1000, 40);
            assertEquals(50, budget.pooled(), "the two pools stop growing at the budget");
            for (int i = 0; i < 40; i++) {
                assertEquals(i, amount(heldA.get(i)), "a's call " + i);
                assertEquals(1000 + i, amount(heldB.get(i)), "b's call " + i);
                for (Features other : heldB) {
                    assertNotSame(heldA.get(i), other, "no storage lent twice");
                }
            }
            heldA.forEach(Features::release);
            List<Features> again = holdOn(a, capture, 2000, 40);
            assertEquals(50, budget.pooled(), "released storage is reused, the budget not exceeded");
            for (int i = 0; i < 40; i++) {
                assertEquals(2000 + i, amount(again.get(i)));
            }
        } finally {
            a.shutdownNow();
            b.shutdownNow();
        }
    }

    @Test
    void aThreadsShareComesBackOnceItIsGone() throws Exception {
        FeatureBudget budget = new FeatureBudget(30);
        InputCapture capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 100, budget));
        ExecutorService gone = Executors.newSingleThreadExecutor();
        holdOn(gone, capture, 0, 30).forEach(Features::release);
        assertEquals(30, budget.pooled());
        gone.shutdown();
        assertTrue(gone.awaitTermination(10, TimeUnit.SECONDS));

        ExecutorService next = Executors.newSingleThreadExecutor();
        try {
            List<Features> held = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            // the ended thread's gatherer is collected at some collection; each call of the next thread that would
            // grow its pool looks for it (until then, the budget being spent, that call's storage is not pooled)
            while (budget.pooled() >= 30 && System.nanoTime() < deadline) {
                System.gc();
                held.addAll(holdOn(next, capture, held.size(), 1));
            }
            assertTrue(budget.pooled() < 30, "the ended thread's share came back: " + budget.pooled());
            assertTrue(budget.pooled() >= 1 && budget.pooled() <= held.size(),
                    "only the living thread's pooled storage is counted: " + budget.pooled() + " of " + held.size());
        } finally {
            next.shutdownNow();
        }
    }

    @Test
    void aBudgetOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FeatureBudget(0));
    }
}
