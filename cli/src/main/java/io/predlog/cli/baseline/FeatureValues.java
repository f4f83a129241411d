package io.predlog.cli.baseline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The numeric feature values of many inputs, named as the agent names features (docs/DRIFT.md): a top-level
 * field {@code amount}, an argument's field {@code arg1.amount}. Each feature keeps a uniform random sample of
 * at most {@code capacity} values (reservoir sampling, seeded: the same events give the same file); non-finite
 * values are left out, as the agent's sketches leave them out.
 */
final class FeatureValues {

    private final int capacity;
    private final Random random;
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();
    private final Map<String, Long> seen = new LinkedHashMap<>();

    FeatureValues(int capacity, long seed) {
        this.capacity = capacity;
        this.random = new Random(seed);
    }

    /** Adds the values of one {@code input} (as {@code Values.plain} gives it: a map, or null). */
    void addInput(Object input) {
        if (!(input instanceof Map<?, ?> in)) {
            return;
        }
        addValues("", in.get("values"));
        if (in.get("args") instanceof List<?> args) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof Map<?, ?> arg) {
                    addValues("arg" + i + ".", arg.get("values"));
                }
            }
        }
    }

    private void addValues(String prefix, Object values) {
        if (!(values instanceof Map<?, ?> m)) {
            return;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getValue() instanceof Number n && Double.isFinite(n.doubleValue())) {
                add(prefix + e.getKey(), n.doubleValue());
            }
        }
    }

    private void add(String feature, double value) {
        List<Double> sample = samples.computeIfAbsent(feature, k -> new ArrayList<>());
        long n = seen.merge(feature, 1L, Long::sum);
        if (sample.size() < capacity) {
            sample.add(value);
        } else {
            long j = (long) (random.nextDouble() * n);
            if (j < capacity) {
                sample.set((int) j, value);
            }
        }
    }

    /** Feature name → its sampled values. */
    Map<String, List<Double>> features() {
        return samples;
    }
}
