package io.predlog.cli.compare;

import java.util.Arrays;

/** A sorted sample of numbers with the summaries {@code compare} prints. */
record Sample(double[] sorted) {

    static Sample of(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return new Sample(copy);
    }

    int size() {
        return sorted.length;
    }

    /** The {@code q} quantile, linear between the two nearest ranks (as DuckDB's {@code quantile_cont}); NaN if empty. */
    double quantile(double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    double mean() {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return sum / sorted.length;
    }
}
