package io.predlog.cli.compare;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * The two-sided tests {@code compare} marks differences with (docs/CLI.md): a two-proportion z-test for error
 * rates, Mann–Whitney U for latencies (a shift of one distribution against the other), and the two-sample
 * Kolmogorov–Smirnov test for input sizes and input values (any difference in shape).
 *
 * @param test      the test's name
 * @param statistic the test statistic (z, U, or D)
 * @param p         the two-sided p-value
 */
record Significance(String test, double statistic, double p) {

    private static final NormalDistribution NORMAL = new NormalDistribution();

    /** Whether the difference is significant at {@code alpha}. */
    boolean significant(double alpha) {
        return p < alpha;
    }

    /** Two-proportion z-test with the pooled proportion; null when it cannot be computed (no calls, or pooled 0 or 1). */
    static Significance proportions(long k1, long n1, long k2, long n2) {
        if (n1 == 0 || n2 == 0) {
            return null;
        }
        double pooled = (double) (k1 + k2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return null;
        }
        double z = ((double) k2 / n2 - (double) k1 / n1) / se;
        return new Significance("two-proportion z-test", z, 2 * NORMAL.cumulativeProbability(-Math.abs(z)));
    }

    /** Mann–Whitney U (normal approximation); null with fewer than two values on a side. */
    static Significance mannWhitney(Sample a, Sample b) {
        if (a.size() < 2 || b.size() < 2) {
            return null;
        }
        MannWhitneyUTest test = new MannWhitneyUTest();
        double u = test.mannWhitneyU(a.sorted(), b.sorted());
        return new Significance("Mann-Whitney U", u, test.mannWhitneyUTest(a.sorted(), b.sorted()));
    }

    /** Two-sample Kolmogorov–Smirnov (asymptotic p-value); null with fewer than two values on a side. */
    static Significance kolmogorovSmirnov(Sample a, Sample b) {
        if (a.size() < 2 || b.size() < 2) {
            return null;
        }
        KolmogorovSmirnovTest test = new KolmogorovSmirnovTest();
        double d = test.kolmogorovSmirnovStatistic(a.sorted(), b.sorted());
        return new Significance("Kolmogorov-Smirnov", d, test.approximateP(d, a.size(), b.size()));
    }
}
