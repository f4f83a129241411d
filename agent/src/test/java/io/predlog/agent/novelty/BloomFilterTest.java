package io.predlog.agent.novelty;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BloomFilterTest {

    /** Keys like the recorder's: the first 8 bytes of a cryptographic hash, i.e. uniform 64-bit values. */
    private static long[] keys(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = random.nextLong();
        }
        return keys;
    }

    @Test
    void sizingIsTheSmallestWholeNumberOfBlocksThatKeepsTheRate() {
        for (long capacity : new long[] {1, 1000, 1_000_000, 10_000_000}) {
            for (double fpp : new double[] {0.5, 0.1, 0.01, 0.001, 1e-6}) {
                long bits = BloomFilter.bitsFor(capacity, fpp);
                assertEquals(0, bits % 512, "whole blocks");
                assertTrue(BloomFilter.falsePositiveRate((double) bits / capacity) <= fpp, capacity + " at " + fpp);
                if (bits > 512) {
                    assertTrue(BloomFilter.falsePositiveRate((double) (bits - 512) / capacity) > fpp,
                            "one block fewer would do: " + capacity + " at " + fpp);
                }
                double classic = -capacity * Math.log(fpp) / (Math.log(2) * Math.log(2));
                assertTrue(bits >= classic, "no Bloom filter does with fewer: " + capacity + " at " + fpp);
            }
        }
        double perKey = BloomFilter.bitsFor(1_000_000, 0.01) / 1e6;
        assertTrue(perKey > 10.0 && perKey < 10.2, "about 10.1 bits a key at 1 % (classic 9.6): " + perKey);
    }

    @Test
    void aRateNoFilterOfAtMostAGibibyteReachesGetsTheLargestFilter() {
        assertEquals(BloomFilter.MAX_BITS, BloomFilter.bitsFor(100_000_000, 1e-9));
        assertEquals(512, BloomFilter.bitsFor(1, 0.5), "at least one block");
    }

    @Test
    void theRateFormulaIsWhatFiltersMeasure() {
        for (double bitsPerKey : new double[] {4, 8, 10.1, 16}) {
            int n = 200_000;
            BloomFilter filter = new BloomFilter((long) Math.ceil(bitsPerKey * n / 512) * 512);
            for (long key : keys(7, n)) {
                filter.add(key);
            }
            int trials = 400_000;
            int falsePositives = 0;
            for (long key : keys(8, trials)) {
                falsePositives += filter.mightContain(key) ? 1 : 0;
            }
            double expected = BloomFilter.falsePositiveRate((double) filter.bits() / n);
            double sigma = Math.sqrt(expected * (1 - expected) / trials);
            double measured = (double) falsePositives / trials;
            assertTrue(Math.abs(measured - expected) <= 5 * sigma + 1e-6,
                    bitsPerKey + " bits a key: measured " + measured + ", formula " + expected);
        }
    }

    @Test
    void aKeysBitsAreOneInEachWordOfOneBlock() {
        SplittableRandom random = new SplittableRandom(9);
        for (int trial = 0; trial < 1000; trial++) {
            BloomFilter filter = new BloomFilter(512 * 64);
            assertTrue(filter.add(random.nextLong()));
            long[] words = filter.snapshot();
            int first = -1;
            for (int i = 0; i < words.length; i++) {
                if (words[i] != 0) {
                    first = first < 0 ? i : first;
                    assertEquals(1, Long.bitCount(words[i]), "one bit a word");
                    assertTrue(i - first < BloomFilter.BLOCK_WORDS, "within the first word's block");
                }
            }
            assertEquals(0, first % BloomFilter.BLOCK_WORDS, "a block starts at a multiple of its words");
            for (int i = first; i < first + BloomFilter.BLOCK_WORDS; i++) {
                assertEquals(1, Long.bitCount(words[i]), "every word of the block");
            }
        }
    }

    @Test
    void sizingRejectsWhatCannotBeAFilter() {
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.bitsFor(0, 0.01));
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.bitsFor(10, 0));
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.bitsFor(10, 1));
        assertThrows(IllegalArgumentException.class, () -> new BloomFilter(100));
        assertThrows(IllegalArgumentException.class, () -> new BloomFilter(640));
        assertThrows(IllegalArgumentException.class, () -> new BloomFilter(BloomFilter.MAX_BITS + 512));
    }

    @Test
    void everyAddedKeyIsContainedAndAddingItAgainChangesNothing() {
        BloomFilter filter = BloomFilter.sizedFor(10_000, 0.01);
        long[] keys = keys(1, 10_000);
        for (long key : keys) {
            filter.add(key);
        }
        for (long key : keys) {
            assertTrue(filter.mightContain(key));
            assertFalse(filter.add(key), "a repeat sets no bit");
        }
    }

    @Test
    void theFalsePositiveFractionAtCapacityIsWithinTheConfiguredRate() {
        int n = 100_000;
        double fpp = 0.01;
        BloomFilter filter = BloomFilter.sizedFor(n, fpp);
        for (long key : keys(2, n)) {
            filter.add(key);
        }
        int falsePositives = 0;
        for (long key : keys(3, n)) {
            if (filter.mightContain(key)) {
                falsePositives++;
            }
        }
        double sigma = Math.sqrt(fpp * (1 - fpp) / n);
        double fraction = (double) falsePositives / n;
        assertTrue(fraction <= fpp + 5 * sigma, "false-positive fraction " + fraction + " above " + (fpp + 5 * sigma));
        assertTrue(fraction >= fpp / 3, "a filter this empty is oversized: " + fraction);
    }

    @Test
    void theInsertionCountIsTheDistinctKeysLessFalsePositives() {
        BloomFilter filter = BloomFilter.sizedFor(100_000, 0.01);
        for (long key : keys(4, 50_000)) {
            filter.add(key);
            filter.add(key);
        }
        assertTrue(filter.inserted() <= 50_000 && filter.inserted() > 49_500, "inserted " + filter.inserted());
    }

    @Test
    void concurrentInsertionsFromSeveralThreadsLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 50_000;
        BloomFilter filter = BloomFilter.sizedFor(threads * perThread, 0.01);
        // few blocks, shared by all threads, so that compare-and-set races on the same word really happen
        BloomFilter dense = new BloomFilter(512 * 8);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        Future<?>[] done = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
            long[] mine = keys(100 + t, perThread);
            done[t] = pool.submit(() -> {
                go.await();
                for (long key : mine) {
                    filter.add(key);
                    dense.add(key);
                }
                return null;
            });
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        BloomFilter sequentialDense = new BloomFilter(512 * 8);
        for (int t = 0; t < threads; t++) {
            for (long key : keys(100 + t, perThread)) {
                assertTrue(filter.mightContain(key), "lost key of thread " + t);
                sequentialDense.add(key);
            }
        }
        assertEquals(java.util.Arrays.toString(sequentialDense.snapshot()), java.util.Arrays.toString(dense.snapshot()),
                "every bit set by some thread is set");
    }

    @Test
    void mergingIsTheUnionOfBothSets() {
        BloomFilter a = BloomFilter.sizedFor(1000, 0.01);
        BloomFilter b = new BloomFilter(a.bits());
        long[] ka = keys(5, 500);
        long[] kb = keys(6, 500);
        for (long k : ka) {
            a.add(k);
        }
        for (long k : kb) {
            b.add(k);
        }
        a.merge(b.snapshot(), b.inserted());
        for (long k : kb) {
            assertTrue(a.mightContain(k));
        }
        for (long k : ka) {
            assertTrue(a.mightContain(k));
        }
        assertEquals(1000, a.inserted(), 20);
    }
}
