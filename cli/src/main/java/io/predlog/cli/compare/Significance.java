package io.predlog.cli.compare;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The two-sided tests {@code compare} marks differences with (docs/CLI.md): a two-proportion z-test for error
 * rates, Mann–Whitney U for latencies (a shift of one distribution against the other), and the two-sample
 * Kolmogorov–Smirnov test for input sizes and input values (any difference in shape). Each takes the events'
 * weights ({@code 1 / sample_rate}): the statistics are those of the calls the events stand for, and the
 * evidence is that of the events kept (the design effect of {@link Outcomes}, Kish's effective sizes of
 * {@link Sample}). Without sampling they are the textbook tests.
 *
 * @param test      the test's name
 * @param statistic the test statistic: z; for Mann–Whitney the probability that B exceeds A (ties count half);
 *                  for Kolmogorov–Smirnov D
 * @param p         the two-sided p-value
 */
record Significance(String test, double statistic, double p) {

    private static final NormalDistribution NORMAL = new NormalDistribution();

    /** Whether the difference is significant at {@code alpha}. */
    boolean significant(double alpha) {
        return p < alpha;
    }

    /**
     * Two-proportion z-test with the pooled proportion p₀: z = (p_b − p_a) / √(p₀(1 − p₀)(deff_a/N_a + deff_b/N_b)),
     * N the weighted calls and deff the {@linkplain Outcomes#designEffect design effect} at p₀; null when it cannot
     * be computed (no calls, or pooled 0 or 1).
     */
    static Significance proportions(Outcomes a, Outcomes b) {
        if (a.calls() == 0 || b.calls() == 0) {
            return null;
        }
        double pooled = (a.failures() + b.failures()) / (a.calls() + b.calls());
        double variance = pooled * (1 - pooled)
                * (a.designEffect(pooled) / a.calls() + b.designEffect(pooled) / b.calls());
        if (!(variance > 0)) {
            return null;
        }
        double z = (b.rate() - a.rate()) / Math.sqrt(variance);
        return new Significance("two-proportion z-test", z, 2 * NORMAL.cumulativeProbability(-Math.abs(z)));
    }

    /**
     * Mann–Whitney U as the probability θ that a call of B takes longer than one of A (ties half), weighted, with
     * the normal approximation at Kish's effective sizes n, m: under no difference θ has mean ½ and variance
     * (n + m + 1) / (12nm), no tie correction; null with fewer than two values on a side.
     */
    static Significance mannWhitney(Sample a, Sample b) {
        if (a.size() < 2 || b.size() < 2) {
            return null;
        }
        double[] x = a.sorted();
        double[] y = b.sorted();
        double below = 0;
        double sum = 0;
        int i = 0;
        for (int j = 0; j < y.length; ) {
            while (i < x.length && x[i] < y[j]) {
                below += a.weights()[i++];
            }
            double equal = 0;
            for (int k = i; k < x.length && x[k] == y[j]; k++) {
                equal += a.weights()[k];
            }
            double value = y[j];
            for (; j < y.length && y[j] == value; j++) {
                sum += b.weights()[j] * (below + equal / 2);
            }
        }
        double theta = sum / (a.weight() * b.weight());
        double n = a.effectiveSize();
        double m = b.effectiveSize();
        double z = (theta - 0.5) / Math.sqrt((n + m + 1) / (12 * n * m));
        return new Significance("Mann-Whitney U", theta, 2 * NORMAL.cumulativeProbability(-Math.abs(z)));
    }

    /**
     * Two-sample Kolmogorov–Smirnov: D the largest distance between the weighted distribution functions, its
     * asymptotic p-value at Kish's effective sizes; null with fewer than two values on a side.
     */
    static Significance kolmogorovSmirnov(Sample a, Sample b) {
        if (a.size() < 2 || b.size() < 2) {
            return null;
        }
        double[] x = a.sorted();
        double[] y = b.sorted();
        double totalA = a.weight();
        double totalB = b.weight();
        double cumulativeA = 0;
        double cumulativeB = 0;
        double d = 0;
        int i = 0;
        int j = 0;
        while (i < x.length || j < y.length) {
            double t = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
            for (; i < x.length && x[i] <= t; i++) {
                cumulativeA += a.weights()[i];
            }
            for (; j < y.length && y[j] <= t; j++) {
                cumulativeB += b.weights()[j];
            }
            d = Math.max(d, Math.abs(cumulativeA / totalA - cumulativeB / totalB));
        }
        int n = (int) Math.max(1, Math.round(a.effectiveSize()));
        int m = (int) Math.max(1, Math.round(b.effectiveSize()));
        return new Significance("Kolmogorov-Smirnov", d, new KolmogorovSmirnovTest().approximateP(d, n, m));
    }
}
