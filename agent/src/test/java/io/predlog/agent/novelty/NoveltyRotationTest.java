package io.predlog.agent.novelty;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model remembers roughly its last capacity to 2 × capacity distinct inputs, in bounded memory. */
class NoveltyRotationTest {

    private static final int CAPACITY = 10_000;
    private static final double FPP = 0.01;

    private static ModelNovelty model() {
        long bits = BloomFilter.bitsFor(CAPACITY, FPP);
        return new ModelNovelty("fraud", CAPACITY, bits);
    }

    private static long[] keys(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = random.nextLong();
        }
        return keys;
    }

    private static double seenFraction(ModelNovelty model, long[] keys) {
        int seen = 0;
        for (long key : keys) {
            if (model.seenBefore(key)) {
                seen++;
            }
        }
        return (double) seen / keys.length;
    }

    @Test
    void anInputIsUnseenTheFirstTimeAndSeenAfter() {
        ModelNovelty model = model();
        assertFalse(model.seenBefore(42));
        assertTrue(model.seenBefore(42));
        assertTrue(model.seenBefore(42));
    }

    @Test
    void aFullGenerationBecomesThePreviousOneAndIsStillRemembered() {
        ModelNovelty model = model();
        long[] first = keys(1, CAPACITY + 200); // a few extra: false positives at insertion are not counted
        for (long key : first) {
            model.seenBefore(key);
        }
        assertEquals(1, model.generations().number(), "one rotation after capacity distinct inputs");
        long[] recent = java.util.Arrays.copyOfRange(first, 0, CAPACITY - 300);
        assertEquals(1.0, seenFraction(model, recent), "the previous generation still answers");
    }

    @Test
    void inputsOlderThanTwoGenerationsAreForgottenAndRecentOnesKept() {
        ModelNovelty model = model();
        long[] old = keys(1, CAPACITY + 200);
        long[] recent = keys(2, CAPACITY + 200);
        for (long key : old) {
            model.seenBefore(key);
        }
        for (long key : recent) {
            model.seenBefore(key);
        }
        assertEquals(2, model.generations().number());
        // only false positives remain of the dropped generation: about fpp of the current and previous ones
        long[] oldProbe = java.util.Arrays.copyOfRange(old, 0, 2000);
        double stillSeen = seenFraction(model, oldProbe);
        assertTrue(stillSeen < 3 * FPP, "old inputs should be forgotten, " + stillSeen + " still seen");
        long[] recentProbe = java.util.Arrays.copyOfRange(recent, 0, 2000);
        assertEquals(1.0, seenFraction(model, recentProbe));
    }

    @Test
    void anInputThatKeepsComingBackIsNeverForgotten() {
        ModelNovelty model = model();
        long regular = 0x5eed5eed5eed5eedL;
        model.seenBefore(regular);
        long[] stream = keys(3, 5 * CAPACITY);
        for (int i = 0; i < stream.length; i++) {
            model.seenBefore(stream[i]);
            if (i % (CAPACITY / 2) == 0) {
                assertTrue(model.seenBefore(regular), "forgotten after " + i + " other inputs");
            }
        }
        assertTrue(model.generations().number() >= 4);
    }

    @Test
    void memoryStaysAtTwoFiltersHoweverManyInputsArrive() {
        ModelNovelty model = model();
        for (long key : keys(4, 10 * CAPACITY)) {
            model.seenBefore(key);
        }
        ModelNovelty.Generations g = model.generations();
        assertTrue(g.number() >= 9);
        assertTrue(g.current().inserted() < CAPACITY && g.previous().inserted() >= CAPACITY);
    }
}
