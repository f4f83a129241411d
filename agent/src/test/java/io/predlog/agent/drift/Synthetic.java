package io.predlog.agent.drift;

import org.apache.datasketches.kll.KllDoublesSketch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;

/** Synthetic feature data for drift tests: seeded generators and the Distributions the stats side would hand over. */
final class Synthetic {

    static final long BASELINE = 5000;
    static final long WINDOW = 1000;

    private Synthetic() {
    }

    static Distribution.Numeric numeric(int n, DoubleSupplier values) {
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance();
        for (int i = 0; i < n; i++) {
            sketch.update(values.getAsDouble());
        }
        return new Distribution.Numeric(sketch);
    }

    static Distribution.Numeric numeric(double... values) {
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance();
        for (double v : values) {
            sketch.update(v);
        }
        return new Distribution.Numeric(sketch);
    }

    /** n draws from categories with these probabilities (in order, summing to 1). */
    static Distribution.Categorical categorical(Random random, int n, String[] categories, double[] probabilities) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int k = 0;
            while (k < categories.length - 1 && u >= probabilities[k]) {
                u -= probabilities[k];
                k++;
            }
            counts.merge(categories[k], 1L, Long::sum);
        }
        return new Distribution.Categorical(counts, 0);
    }

    /**
     * A model with five features of different shapes: normal, wide normal, exponential, a discrete count (few
     * distinct values), a categorical. {@code shift} moves {@code amount}'s mean by that many standard deviations.
     */
    static Map<String, Distribution> features(Random r, int n, double shift) {
        Map<String, Distribution> f = new LinkedHashMap<>();
        f.put("amount", numeric(n, () -> r.nextGaussian() + shift));
        f.put("income", numeric(n, () -> 50_000 + 12_000 * r.nextGaussian()));
        f.put("wait", numeric(n, () -> -Math.log(1 - r.nextDouble())));
        f.put("children", numeric(n, () -> poissonish(r)));
        f.put("flag", numeric(n, () -> r.nextDouble() < 0.1 ? 1 : 0));
        f.put("country", categorical(r, n, new String[] {"DE", "FR", "IT", "ES"}, new double[] {0.4, 0.3, 0.2, 0.1}));
        return f;
    }

    /** 0..4 with probabilities 0.4, 0.3, 0.15, 0.1, 0.05. */
    private static double poissonish(Random r) {
        double u = r.nextDouble();
        return u < 0.4 ? 0 : u < 0.7 ? 1 : u < 0.85 ? 2 : u < 0.95 ? 3 : 4;
    }

    static WindowInfo window(int i) {
        long start = 1_795_000_000_000L + i * 60_000L;
        return new WindowInfo("score", "churn", "3", start, start + 60_000, WINDOW);
    }
}
