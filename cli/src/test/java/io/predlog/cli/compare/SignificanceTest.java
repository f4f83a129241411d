package io.predlog.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignificanceTest {

    @Test
    void twoProportionZTestMatchesTheTextbookFigures() {
        // 10/100 vs 20/100: pooled 0.15, standard error sqrt(0.15 * 0.85 * 0.02) = 0.0505, z = 1.980, p = 0.0477
        Significance s = Significance.proportions(Outcomes.counted(10, 100), Outcomes.counted(20, 100));
        assertEquals(1.980, s.statistic(), 0.001);
        assertEquals(0.0477, s.p(), 0.0005);
        assertTrue(s.significant(0.05));
        assertFalse(s.significant(0.01));
    }

    @Test
    void noFailuresOnEitherSideHasNoTest() {
        assertNull(Significance.proportions(Outcomes.counted(0, 100), Outcomes.counted(0, 50)));
        assertNull(Significance.proportions(Outcomes.counted(0, 0), Outcomes.counted(3, 50)));
    }

    @Test
    void mannWhitneyOfTwoSeparatedSamples() {
        // U = 9 of 9 pairs (theta 1); normal approximation: mean 4.5, variance 5.25, z = 1.964, p = 0.0495
        Significance s = Significance.mannWhitney(Sample.of(new double[] {1, 2, 3}), Sample.of(new double[] {4, 5, 6}));
        assertEquals(1.0, s.statistic());
        assertEquals(0.0495, s.p(), 0.0005);
    }

    @Test
    void kolmogorovSmirnovOfIdenticalAndOfDisjointSamples() {
        double[] x = new double[200];
        double[] y = new double[200];
        for (int i = 0; i < 200; i++) {
            x[i] = i;
            y[i] = i + 0.5;
        }
        Significance same = Significance.kolmogorovSmirnov(Sample.of(x), Sample.of(y));
        assertEquals(0.005, same.statistic(), 1e-9);
        assertTrue(same.p() > 0.99);
        for (int i = 0; i < 200; i++) {
            y[i] = 1000 + i;
        }
        Significance apart = Significance.kolmogorovSmirnov(Sample.of(x), Sample.of(y));
        assertEquals(1.0, apart.statistic());
        assertTrue(apart.p() < 1e-10);
    }

    @Test
    void quantilesInterpolateBetweenRanksAsDuckDbDoes() {
        Sample s = Sample.of(new double[] {4, 1, 3, 2});
        assertEquals(2.5, s.quantile(0.5));
        assertEquals(1.3, s.quantile(0.1), 1e-12);
        assertEquals(2.5, s.mean());
        assertTrue(Double.isNaN(Sample.of(new double[0]).quantile(0.5)));
    }

    @Test
    void weightedQuantilesAndMeanAreThoseOfTheCallsTheValuesStandFor() {
        // 1 kept at weight 3 stands for three calls of 1: calls {1, 1, 1, 2}
        Sample weighted = Sample.of(new double[] {2, 1}, new double[] {1, 3});
        assertEquals(1.25, weighted.mean());
        assertEquals(4, weighted.weight());
        assertEquals(1.6, weighted.effectiveSize(), 1e-12);
        // scaled to two ranks: 1 covers one and a half, 2 half of one
        assertEquals(1.0, weighted.quantile(0.5));
        assertEquals(1.4, weighted.quantile(0.9), 1e-12);
        assertEquals(2.0, weighted.quantile(1.0));
        assertEquals(1.0, Sample.of(new double[] {1, 1, 1, 2}).quantile(0.5));
        assertEquals(1.5, Sample.of(new double[] {1, 2}).quantile(0.5), "unweighted, the same two values");
    }

    @Test
    void withEqualWeightsEveryTestIsTheUnweightedOne() {
        double[] x = {3, 1, 4, 1, 5, 9, 2, 6};
        double[] y = {2, 7, 1, 8, 2, 8, 1, 8, 2, 8};
        double[] fours = new double[y.length];
        java.util.Arrays.fill(fours, 4.0);
        Sample a = Sample.of(x);
        Sample b = Sample.of(y);
        Sample b4 = Sample.of(y, fours);
        assertEquals(Significance.mannWhitney(a, b), Significance.mannWhitney(a, b4));
        assertEquals(Significance.kolmogorovSmirnov(a, b), Significance.kolmogorovSmirnov(a, b4));
        assertEquals(b.quantile(0.37), b4.quantile(0.37), 1e-12);
        assertEquals(new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(x, y),
                Significance.kolmogorovSmirnov(a, b).statistic(), 1e-12);
        // U of B over A, ties half, divided by the pairs: commons-math's U is the larger of U(A) and U(B)
        double u = new org.apache.commons.math3.stat.inference.MannWhitneyUTest().mannWhitneyU(x, y);
        double theta = Significance.mannWhitney(a, b).statistic();
        assertEquals(u, Math.max(theta, 1 - theta) * x.length * y.length, 1e-9);
        assertEquals(new org.apache.commons.math3.stat.inference.MannWhitneyUTest().mannWhitneyUTest(x, y),
                Significance.mannWhitney(a, b).p(), 1e-9);
    }

    /**
     * Under no difference between the versions, a test at 0.05 must mark about 5 % of pairs, however differently
     * they were sampled: here version A keeps every call and B a twentieth of its successes (failures, slower and
     * of other inputs, are all kept). Read unweighted, B's kept events would be a quarter failures.
     */
    @Test
    void theTestsHoldTheirLevelWhenOneVersionIsSampled() {
        java.util.Random random = new java.util.Random(3);
        int replicates = 400;
        int[] marked = new int[4];
        for (int r = 0; r < replicates; r++) {
            Calls a = Calls.simulate(random, 3000, 1.0);
            Calls b = Calls.simulate(random, 3000, 0.05);
            marked[0] += Significance.proportions(a.outcomes(), b.outcomes()).significant(0.05) ? 1 : 0;
            marked[1] += Significance.mannWhitney(a.latency(), b.latency()).significant(0.05) ? 1 : 0;
            marked[2] += Significance.kolmogorovSmirnov(a.latency(), b.latency()).significant(0.05) ? 1 : 0;
            marked[3] += Significance.proportions(a.outcomes(), Outcomes.counted((long) b.outcomes().failures(),
                    b.latency().size())).significant(0.05) ? 1 : 0;
        }
        for (int i = 0; i < 3; i++) {
            double rate = (double) marked[i] / replicates;
            assertTrue(rate > 0.02 && rate < 0.085, "test " + i + " marked " + rate + " of pairs without a difference");
        }
        assertEquals(replicates, marked[3], "the same events read unweighted: every pair marked");
    }

    /** One version's kept calls: 5 % failures (latency ~40 ms), successes ~5 ms kept at {@code rate}. */
    private record Calls(Outcomes outcomes, Sample latency) {
        static Calls simulate(java.util.Random random, int calls, double rate) {
            double[] f = new double[4];
            java.util.List<double[]> kept = new java.util.ArrayList<>();
            for (int i = 0; i < calls; i++) {
                boolean failed = random.nextDouble() < 0.05;
                if (failed) {
                    f[0] += 1;
                    f[1] += 1;
                    kept.add(new double[] {40 + 5 * random.nextGaussian(), 1});
                } else if (random.nextDouble() < rate) {
                    f[2] += 1 / rate;
                    f[3] += 1 / (rate * rate);
                    kept.add(new double[] {5 * Math.exp(0.3 * random.nextGaussian()), 1 / rate});
                }
            }
            double[] values = kept.stream().mapToDouble(k -> k[0]).toArray();
            double[] weights = kept.stream().mapToDouble(k -> k[1]).toArray();
            return new Calls(new Outcomes(f[0], f[1], f[2], f[3]), Sample.of(values, weights));
        }
    }
}
