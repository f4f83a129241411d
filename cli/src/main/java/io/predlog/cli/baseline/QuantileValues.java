package io.predlog.cli.baseline;

import java.util.ArrayList;
import java.util.List;

/**
 * The values a baseline file lists for one feature, drawn from the weighted values of the kept events (each
 * counting {@code 1 / sample_rate} calls) so that the list has the distribution of the calls: given the values
 * in ascending order, it keeps the value at each of {@code count} evenly spaced points of the weighted
 * cumulative distribution, (i + ½) / count of the total weight. With equal weights and {@code count} the number
 * of values, that is every value once.
 */
final class QuantileValues {

    private final int count;
    private final double totalWeight;
    private final List<Double> values = new ArrayList<>();
    private double cumulative;

    /**
     * @param count       how many values to keep
     * @param totalWeight the sum of the weights of the values that {@link #add} will be given
     */
    QuantileValues(int count, double totalWeight) {
        this.count = count;
        this.totalWeight = totalWeight;
    }

    /**
     * How many values a feature's list holds: Kish's effective sample size (Σw)² / Σw² of its kept values, at most
     * {@code capacity}, at least 1. It is the number of values kept when every weight is the same and less when
     * weights differ, so the list never claims more evidence than the events give (the agent's drift tests take
     * a baseline's count as its sample size).
     */
    static int count(double weight, double squares, int capacity) {
        double effective = squares > 0 ? weight * weight / squares : 0;
        return (int) Math.max(1, Math.min(capacity, Math.round(effective)));
    }

    /** The next value in ascending order, and its weight. */
    void add(double value, double weight) {
        cumulative += weight;
        while (values.size() < count && (values.size() + 0.5) / count * totalWeight <= cumulative * (1 + 1e-12)) {
            values.add(value);
        }
    }

    /** The values kept, ascending. */
    List<Double> values() {
        return values;
    }
}
