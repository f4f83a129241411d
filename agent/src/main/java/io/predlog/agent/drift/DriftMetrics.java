package io.predlog.agent.drift;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

import java.util.Arrays;

/**
 * The distances drift scoring uses, and the size of each that sampling noise alone would reach: pure functions
 * over proportions, counts and KLL sketches. docs/DRIFT.md derives the formulas.
 */
final class DriftMetrics {

    /**
     * Additive (Jeffreys) smoothing for PSI: each bin's count gets half an observation, so an empty bin on one side
     * gives a large but finite term, shrinking as the sample grows, instead of an infinite logarithm.
     */
    static final double SMOOTHING = 0.5;

    private DriftMetrics() {
    }

    /**
     * Population stability index Σ (w − b) · ln(w / b) over bins, on smoothed proportions:
     * {@code (count + 0.5) / (n + 0.5 · bins)} on each side.
     *
     * @param baseline the baseline's proportion per bin (summing to 1)
     * @param window   the window's proportion per bin (summing to 1)
     * @param baselineN values behind {@code baseline}
     * @param windowN   values behind {@code window}
     */
    static double psi(double[] baseline, double[] window, long baselineN, long windowN) {
        int k = baseline.length;
        double psi = 0;
        for (int i = 0; i < k; i++) {
            double b = smoothed(baseline[i], baselineN, k);
            double w = smoothed(window[i], windowN, k);
            psi += (w - b) * Math.log(w / b);
        }
        return Math.max(0, psi);
    }

    private static double smoothed(double proportion, long n, int bins) {
        return (proportion * n + SMOOTHING) / (n + SMOOTHING * bins);
    }

    /**
     * Jensen–Shannon distance, base 2: the square root of the divergence ½ KL(b‖m) + ½ KL(w‖m), m = (b + w) / 2;
     * 0 for equal distributions, 1 for disjoint ones. Empty bins need no smoothing (0 · log 0 = 0).
     */
    static double jsDistance(double[] baseline, double[] window) {
        double divergence = 0;
        for (int i = 0; i < baseline.length; i++) {
            double b = baseline[i];
            double w = window[i];
            double m = (b + w) / 2;
            if (b > 0) {
                divergence += 0.5 * b * log2(b / m);
            }
            if (w > 0) {
                divergence += 0.5 * w * log2(w / m);
            }
        }
        return Math.sqrt(Math.min(1, Math.max(0, divergence)));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /**
     * Kolmogorov–Smirnov statistic D = sup |F_b(x) − F_w(x)|. Both CDFs are step functions that only change at
     * the items the sketches retain, so evaluating both (inclusive) at the union of those items gives the
     * supremum of the sketched CDFs exactly.
     */
    static double ks(KllDoublesSketch baseline, KllDoublesSketch window) {
        double[] a = baseline.getSortedView().getQuantiles();
        double[] b = window.getSortedView().getQuantiles();
        double[] points = new double[a.length + b.length];
        System.arraycopy(a, 0, points, 0, a.length);
        System.arraycopy(b, 0, points, a.length, b.length);
        Arrays.sort(points);
        int unique = 0;
        for (int i = 0; i < points.length; i++) {
            if (unique == 0 || points[i] != points[unique - 1]) {
                points[unique++] = points[i];
            }
        }
        if (unique == 0) {
            return 0;
        }
        double[] splits = Arrays.copyOf(points, unique);
        double[] fb = baseline.getCDF(splits, QuantileSearchCriteria.INCLUSIVE);
        double[] fw = window.getCDF(splits, QuantileSearchCriteria.INCLUSIVE);
        double d = 0;
        for (int i = 0; i < unique; i++) {
            d = Math.max(d, Math.abs(fb[i] - fw[i]));
        }
        return d;
    }

    /**
     * The D that two samples of these sizes from one distribution exceed with probability {@code alpha}
     * (asymptotic Kolmogorov distribution): c(α) · √((n + m) / (n · m)), c(α) = √(−ln(α / 2) / 2).
     */
    static double ksCritical(double alpha, long n, long m) {
        if (alpha >= 1) {
            return 0;
        }
        double c = Math.sqrt(-Math.log(alpha / 2) / 2);
        return c * Math.sqrt((double) (n + m) / ((double) n * m));
    }

    /**
     * The PSI that two samples of these sizes from one distribution exceed with probability {@code alpha}: to
     * second order PSI ≈ Σ (w − b)² / b, which is (1/n + 1/m) · χ² with bins − 1 degrees of freedom.
     */
    static double psiCritical(double alpha, int bins, long n, long m) {
        if (alpha >= 1 || bins < 2) {
            return 0;
        }
        return (1.0 / n + 1.0 / m) * chiSquareQuantile(1 - alpha, bins - 1);
    }

    /**
     * The Jensen–Shannon distance two samples of these sizes from one distribution exceed with probability
     * {@code alpha}: the divergence is ≈ Σ (w − b)² / (8 · b · ln 2) bits, i.e. PSI's noise / (8 ln 2).
     */
    static double jsCritical(double alpha, int bins, long n, long m) {
        return Math.sqrt(psiCritical(alpha, bins, n, m) / (8 * Math.log(2)));
    }

    /**
     * The p-quantile of χ² with k degrees of freedom: exact for 1 and 2 (a squared normal; an exponential), else
     * Wilson–Hilferty, within 2% for k ≥ 3 at the 99.9th percentile (closer for more bins).
     */
    static double chiSquareQuantile(double p, int k) {
        if (k == 1) {
            double z1 = normalQuantile(1 - (1 - p) / 2);
            return z1 * z1;
        }
        if (k == 2) {
            return -2 * Math.log(1 - p);
        }
        double z = normalQuantile(p);
        double h = 2.0 / (9.0 * k);
        double cube = 1 - h + z * Math.sqrt(h);
        return k * cube * cube * cube;
    }

    /** The standard normal p-quantile for p ≥ 0.5 (Abramowitz–Stegun 26.2.23, error below 4.5e-4). */
    static double normalQuantile(double p) {
        double q = 1 - p;
        if (q >= 0.5) {
            return 0;
        }
        double t = Math.sqrt(-2 * Math.log(q));
        return t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
                / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
    }
}
