package io.predlog.cli.compare;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A sorted sample of numbers, each with the weight of the calls it stands for ({@code 1 / sample_rate}: a
 * success kept at rate 0.01 stands for 100 calls), with the summaries {@code compare} prints. With every weight
 * 1 the summaries are the ordinary ones.
 *
 * @param sorted  the values, ascending
 * @param weights their weights, in the same order, each above 0
 */
record Sample(double[] sorted, double[] weights) {

    /** An unweighted sample: every value counts once. */
    static Sample of(double[] values) {
        double[] ones = new double[values.length];
        Arrays.fill(ones, 1.0);
        return of(values, ones);
    }

    /** A weighted sample; {@code weights[i]} belongs to {@code values[i]}. */
    static Sample of(double[] values, double[] weights) {
        if (values.length != weights.length) {
            throw new IllegalArgumentException(values.length + " values but " + weights.length + " weights");
        }
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            if (!(weights[i] > 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + weights[i] + " of value " + values[i] + " is not above 0");
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] v = new double[values.length];
        double[] w = new double[values.length];
        for (int i = 0; i < order.length; i++) {
            v[i] = values[order[i]];
            w[i] = weights[order[i]];
        }
        return new Sample(v, w);
    }

    /** Values kept (events read). */
    int size() {
        return sorted.length;
    }

    /** The sum of the weights: the calls the sample stands for. */
    double weight() {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        return sum;
    }

    /**
     * Kish's effective sample size, (Σw)² / Σw²: the number of equally weighted values that would estimate a mean
     * as precisely. It is {@link #size()} when every weight is the same, and less when weights differ: the values
     * kept are the evidence, however many calls they stand for.
     */
    double effectiveSize() {
        double sum = 0;
        double squares = 0;
        for (double w : weights) {
            sum += w;
            squares += w * w;
        }
        return squares == 0 ? 0 : sum * sum / squares;
    }

    /**
     * The weighted {@code q} quantile: DuckDB's {@code quantile_cont} (linear between the two nearest ranks) of
     * the sample in which each value is repeated in proportion to its weight, the weights scaled to add up to the
     * number of values (a value of twice the mean weight covers two ranks, one of half of it half a rank). With
     * equal weights it is {@code quantile_cont} of the values, and multiplying every weight by the same factor
     * changes nothing. Quantile 0 and 1 are the smallest and the largest value. NaN if empty.
     */
    double quantile(double q) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        if (q <= 0 || q >= 1) {
            return q <= 0 ? sorted[0] : sorted[n - 1];
        }
        double scale = n / weight();
        double rank = q * (n - 1);
        double end = 0;
        for (int i = 0; i < n - 1; i++) {
            end += weights[i] * scale;
            if (rank <= end - 1) {
                return sorted[i];
            }
            if (rank < end) {
                double t = Math.min(1, rank - (end - 1));
                return sorted[i] + t * (sorted[i + 1] - sorted[i]);
            }
        }
        return sorted[n - 1];
    }

    /** The weighted mean; NaN if empty. */
    double mean() {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        double total = 0;
        for (int i = 0; i < sorted.length; i++) {
            sum += weights[i] * sorted[i];
            total += weights[i];
        }
        return sum / total;
    }
}
