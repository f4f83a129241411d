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

    /**
     * Hundreds of bad calls in three buckets and none elsewhere: every run that holds them has a p-value of 0 in a
     * double, and the episode is the three buckets, not the longest run whose rate still clears the rise.
     */
    @Test
    void runsTooSignificantToTellApartByTheirPValueGoToTheTightestRun() {
        List<ChangePoint.Bucket> buckets = new ArrayList<>();
        for (int b = 0; b < 60; b++) {
            buckets.add(new ChangePoint.Bucket(b * 60_000L, 300, b >= 30 && b < 33 ? 210 : 0));
        }

        ChangePoint.Episode e = ChangePoint.episode(buckets, 60_000, 0.1).orElseThrow();

        assertEquals(30 * 60_000L, e.start());
        assertEquals(33 * 60_000L, e.end());
        assertEquals(630, e.badIn());
        assertEquals(0, e.badOut());
    }

    /**
     * Long embed-sim lists among routine calls (the demo's night, both processes): 16 slow calls in four buckets,
     * 5 elsewhere. The four buckets are the run Fisher's test favours (p 2.8e-6, under 0.001 / 153 runs); the first
     * three of them have a larger z but a p (1.1e-5) the test rejects, so choosing by z would find nothing.
     */
    @Test
    void theEpisodeIsTheRunTheExactTestFavours() {
        double[][] series = {{25, 0}, {30, 0}, {27, 0}, {26, 4}, {30, 4}, {34, 5}, {40, 3}, {32, 1}, {33, 0}, {19, 0},
                {7, 0}, {19, 4}, {24, 0}, {28, 0}, {28, 0}, {34, 0}, {37, 0}};
        List<ChangePoint.Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < series.length; i++) {
            buckets.add(new ChangePoint.Bucket(i * 1_000L, series[i][0], series[i][1]));
        }

        ChangePoint.Episode e = ChangePoint.episode(buckets, 1_000, 0.1).orElseThrow();

        assertEquals(3_000, e.start());
        assertEquals(7_000, e.end());
        assertEquals(16, e.badIn());
        assertTrue(e.p() < 0.001 / 153, "p " + e.p());
    }
}
