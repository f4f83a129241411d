package io.predlog.benchmarks.wholeprocess;

import java.util.Arrays;
import java.util.Collection;

/** Order statistics of the harness: the median of a case's rounds and the percentiles of call latencies. */
final class Medians {

    private Medians() {
    }

    /** The median; the mean of the two middle values for an even count. */
    static double median(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The nearest-rank percentile ({@code p} in (0, 100]) of values sorted in ascending order. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("percentile of no values");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** {@link #percentile} of unsorted values (sorts a copy). */
    static long percentileOf(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentile(sorted, p);
    }
}
