package io.predlog.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ChangePointTest {

    private static List<ChangePoint.Bucket> series(long seed, int buckets, int calls, double rateBefore, double rateAfter, int step) {
        Random random = new Random(seed);
        List<ChangePoint.Bucket> out = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            double rate = b < step ? rateBefore : rateAfter;
            int bad = 0;
            for (int i = 0; i < calls; i++) {
                bad += random.nextDouble() < rate ? 1 : 0;
            }
            out.add(new ChangePoint.Bucket(b * 60_000L, calls, bad));
        }
        return out;
    }

    @Test
    void aStepInTheRateIsFoundAtTheBucketItStarts() {
        ChangePoint.Rise rise = ChangePoint.rise(series(1, 60, 300, 0.003, 0.10, 30), 0.005).orElseThrow();
        assertEquals(30 * 60_000L, rise.onset());
        assertTrue(rise.rateBefore() < 0.01 && rise.rateAfter() > 0.08, rise.toString());
    }

    @Test
    void aSteadyRateHasNoOnsetWhateverTheSeed() {
        for (long seed = 1; seed <= 50; seed++) {
            assertTrue(ChangePoint.rise(series(seed, 60, 300, 0.01, 0.01, 0), 0.005).isEmpty(), "seed " + seed);
        }
    }

    @Test
    void fewerBadCallsThanTheMinimumSupportNeverMakeAnOnset() {
        List<ChangePoint.Bucket> buckets = new ArrayList<>();
        for (int b = 0; b < 60; b++) {
            buckets.add(new ChangePoint.Bucket(b * 60_000L, 300, b >= 55 ? 0.8 : 0));
        }
        assertTrue(ChangePoint.rise(buckets, 0.005).isEmpty(), "4 failures after none: below the support of 5");
    }

    @Test
    void aRiseSmallerThanTheMinimumIsNotReported() {
        assertTrue(ChangePoint.rise(series(3, 60, 2000, 0.001, 0.004, 30), 0.005).isEmpty());
    }

    private static List<ChangePoint.Bucket> pulse(long seed, int buckets, int calls, double rate, double rateIn, int from, int to) {
        Random random = new Random(seed);
        List<ChangePoint.Bucket> out = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            double r = b >= from && b < to ? rateIn : rate;
            int bad = 0;
            for (int i = 0; i < calls; i++) {
                bad += random.nextDouble() < r ? 1 : 0;
            }
            out.add(new ChangePoint.Bucket(b * 1_000L, calls, bad));
        }
        return out;
    }

    @Test
    void aRateThatRoseForAWhileIsAnEpisodeFromItsFirstBucketToItsLast() {
        ChangePoint.Episode e = ChangePoint.episode(pulse(1, 30, 20, 0.01, 0.5, 5, 8), 1_000, 0.1).orElseThrow();
        assertEquals(5_000, e.start());
        assertEquals(8_000, e.end());
        assertTrue(!e.last() && e.rateIn() > 0.35 && e.rateOut() < 0.03, e.toString());
    }

    @Test
    void aSteadyRateHasNoEpisodeWhateverTheSeed() {
        for (long seed = 1; seed <= 50; seed++) {
            assertTrue(ChangePoint.episode(pulse(seed, 30, 10, 0.02, 0.02, 0, 0), 1_000, 0.1).isEmpty(), "seed " + seed);
        }
    }

    @Test
    void fewerBadCallsThanTheMinimumSupportNeverMakeAnEpisode() {
        List<ChangePoint.Bucket> buckets = new ArrayList<>();
        for (int b = 0; b < 30; b++) {
            buckets.add(new ChangePoint.Bucket(b * 1_000L, 10, b == 7 ? 4 : 0));
        }
        assertTrue(ChangePoint.episode(buckets, 1_000, 0.1).isEmpty(), "4 slow calls in a bucket, none elsewhere");
    }
}
