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
    void aMillionInputsAtOnePercentTakeAbout1point2MegabytesAndSevenProbes() {
        long bits = BloomFilter.bitsFor(1_000_000, 0.01);
        assertEquals(9_585_088, bits, "ceil(-n ln p / ln2^2) = 9,585,059, rounded up to whole words");
        assertEquals(7, BloomFilter.probesFor(1_000_000, bits));
        assertEquals(1_198_136, bits / 8);
    }

    @Test
    void sizingFollowsTheFalsePositiveRate() {
        assertEquals(10, BloomFilter.probesFor(1000, BloomFilter.bitsFor(1000, 0.001)));
        assertEquals(3, BloomFilter.probesFor(1000, BloomFilter.bitsFor(1000, 0.1)));
        assertEquals(BloomFilter.MAX_PROBES, BloomFilter.probesFor(10, BloomFilter.bitsFor(10, 1e-300)));
        assertEquals(64, BloomFilter.bitsFor(1, 0.5), "at least one word");
    }

    @Test
    void sizingRejectsWhatCannotBeAFilter() {
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.bitsFor(0, 0.01));
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.bitsFor(10, 0));
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.bitsFor(10, 1));
        assertThrows(IllegalArgumentException.class, () -> new BloomFilter(100, 3));
        assertThrows(IllegalArgumentException.class, () -> new BloomFilter(128, 0));
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
        // small filter words, shared by all threads, so that compare-and-set races on the same word really happen
        BloomFilter dense = new BloomFilter(64 * 64, 3);
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
        BloomFilter sequentialDense = new BloomFilter(64 * 64, 3);
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
        BloomFilter b = new BloomFilter(a.bits(), a.probes());
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
