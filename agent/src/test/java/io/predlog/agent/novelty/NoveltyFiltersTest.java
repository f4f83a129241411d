package io.predlog.agent.novelty;

import io.predlog.agent.capture.HashResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the recorder is told for each call: per model id, null when it cannot be said. */
class NoveltyFiltersTest {

    private final List<String> warnings = new ArrayList<>();

    private NoveltyFilters filters(int maxModels) {
        return new NoveltyFilters(10_000, 0.01, maxModels, null, null, warnings::add);
    }

    private static HashResult hash(long prefix) {
        return new HashResult(prefix, 27, false, false);
    }

    @Test
    void aRepeatedInputIsSeenAndAFreshOneIsNot() {
        NoveltyFilters novelty = filters(32);
        assertEquals(Boolean.FALSE, novelty.seenBefore("fraud", hash(1)));
        assertEquals(Boolean.TRUE, novelty.seenBefore("fraud", hash(1)));
        assertEquals(Boolean.FALSE, novelty.seenBefore("fraud", hash(2)));
        assertEquals(Boolean.TRUE, novelty.seenBefore("fraud", hash(1)));
    }

    @Test
    void eachModelIdHasItsOwnMemory() {
        NoveltyFilters novelty = filters(32);
        assertFalse(novelty.seenBefore("fraud", hash(7)));
        assertFalse(novelty.seenBefore("churn", hash(7)), "another model was never given it");
        assertTrue(novelty.seenBefore("fraud", hash(7)));
        assertTrue(novelty.seenBefore("churn", hash(7)));
        assertEquals(2, novelty.models());
    }

    @Test
    void theSameModelIdInAnotherStringInstanceIsTheSameModel() {
        NoveltyFilters novelty = filters(32);
        novelty.seenBefore(new String("fraud"), hash(9));
        novelty.seenBefore("churn", hash(1)); // the cached last model is now another one
        assertTrue(novelty.seenBefore(new String("fraud"), hash(9)));
    }

    @Test
    void noHashMeansNoAnswer() {
        NoveltyFilters novelty = filters(32);
        assertNull(novelty.seenBefore("fraud", null));
        assertEquals(0, novelty.models(), "nothing tracked for a call without a hash");
    }

    @Test
    void aTruncatedOrPartialHashIsUsedLikeAnyOther() {
        NoveltyFilters novelty = filters(32);
        assertFalse(novelty.seenBefore("fraud", new HashResult(5, 1 << 20, true, false)));
        assertTrue(novelty.seenBefore("fraud", new HashResult(5, 1 << 20, true, false)));
        assertTrue(novelty.seenBefore("fraud", new HashResult(5, 1 << 20, false, true)), "the hash is the key");
    }

    @Test
    void aNullModelIdIsAModelOfItsOwn() {
        NoveltyFilters novelty = filters(32);
        assertFalse(novelty.seenBefore(null, hash(3)));
        assertTrue(novelty.seenBefore(null, hash(3)));
        assertFalse(novelty.seenBefore("fraud", hash(3)));
    }

    @Test
    void modelsBeyondMaxModelsGetNoAnswerAreCountedAndWarnedOnce() {
        NoveltyFilters novelty = filters(2);
        assertFalse(novelty.seenBefore("a", hash(1)));
        assertFalse(novelty.seenBefore("b", hash(1)));
        assertNull(novelty.seenBefore("c", hash(1)));
        assertNull(novelty.seenBefore("c", hash(1)));
        assertNull(novelty.seenBefore("d", hash(1)));
        assertTrue(novelty.seenBefore("a", hash(1)), "tracked models go on");
        assertEquals(2, novelty.models());
        assertEquals(3, novelty.refused());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("predlog.novelty.max_models=2"), warnings.get(0));
        assertTrue(warnings.get(0).contains("'c'"), warnings.get(0));
    }

    @Test
    void manyThreadsCreatingModelsAtOnceNeverExceedMaxModels() throws Exception {
        for (int round = 0; round < 300; round++) { // the races are rare: many rounds, the threads let go at once
            NoveltyFilters novelty = filters(5);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                threads.add(new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int m = 0; m < 20; m++) {
                        novelty.seenBefore("model-" + ((m + offset) % 20), hash(m));
                    }
                }));
            }
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(5, novelty.models(), "round " + round);
            assertEquals(4 * 15, novelty.refused(), "round " + round
                    + ": each thread called each of the 15 untracked models once, and no tracked one was refused");
        }
    }

    @Test
    void memoryPerModelIsTwoGenerations() {
        NoveltyFilters novelty = new NoveltyFilters(1_000_000, 0.01, 32, null, null, warnings::add);
        assertEquals(BloomFilter.bitsFor(1_000_000, 0.01), novelty.bits());
        assertEquals(2 * novelty.bits() / 8, novelty.memoryPerModel());
        assertTrue(novelty.memoryPerModel() > 2_500_000 && novelty.memoryPerModel() < 2_560_000,
                "about 10.1 bits an input: " + novelty.memoryPerModel());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aRateThatWouldNeedMoreThanTheLargestFilterIsSaidOnce() {
        NoveltyFilters novelty = new NoveltyFilters(100_000_000, 1e-9, 32, null, null, warnings::add);
        assertEquals(BloomFilter.MAX_BITS, novelty.bits());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("predlog.novelty.fpp=1.0E-9") && warnings.get(0).contains("1024 MiB"),
                warnings.get(0));
    }
}
