package io.predlog.agent.drift;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference distributions of one model version's features that windows are scored against. Built once
 * (learned from the first calls, or read from a file); at construction it freezes what scoring needs, so
 * scoring a window never recomputes the baseline: a numeric feature's bin edges at its quantiles and its
 * proportion in each bin, a categorical feature's counts per category.
 */
public final class Baseline {

    private final String source;
    private final long calls;
    private final int bins;
    private final Map<String, Distribution> features;
    private final Map<String, Reference> references;

    private Baseline(String source, long calls, Map<String, Distribution> features, int bins) {
        this.source = source;
        this.calls = calls;
        this.bins = bins;
        this.features = Collections.unmodifiableMap(new TreeMap<>(features));
        Map<String, Reference> frozen = new LinkedHashMap<>();
        for (Map.Entry<String, Distribution> e : this.features.entrySet()) {
            Reference r = freeze(e.getValue(), bins);
            if (r != null) {
                frozen.put(e.getKey(), r);
            }
        }
        this.references = Collections.unmodifiableMap(frozen);
    }

    /**
     * A baseline from distributions, with the default number of numeric bins ({@value DriftSettings#DEFAULT_BINS};
     * a monitor with other settings re-bins it).
     *
     * @param source   where it came from: {@code learned} (the first N calls) or the file it was read from
     * @param calls    how many calls it describes
     * @param features each feature's distribution; the baseline takes ownership (callers stop updating them)
     */
    public static Baseline of(String source, long calls, Map<String, Distribution> features) {
        return of(source, calls, features, DriftSettings.DEFAULT_BINS);
    }

    /** As {@link #of(String, long, Map)}, with numeric features cut at {@code bins} quantiles. */
    public static Baseline of(String source, long calls, Map<String, Distribution> features, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be at least 2, got " + bins);
        }
        return new Baseline(source, calls, features, bins);
    }

    public String source() {
        return source;
    }

    public long calls() {
        return calls;
    }

    /** The distributions, by feature name (sorted). */
    public Map<String, Distribution> features() {
        return features;
    }

    /** How many quantile bins numeric features were cut into (before equal edges were merged). */
    public int bins() {
        return bins;
    }

    /** The same distributions cut into another number of bins. */
    Baseline withBins(int bins) {
        return bins == this.bins ? this : new Baseline(source, calls, features, bins);
    }

    /** What scoring compares a feature's window with, or null when the baseline has no values of it. */
    Reference reference(String feature) {
        return references.get(feature);
    }

    Map<String, Reference> references() {
        return references;
    }

    private static Reference freeze(Distribution d, int bins) {
        if (d.count() <= 0) {
            return null;
        }
        if (d instanceof Distribution.Numeric n) {
            return NumericReference.of(n.sketch(), bins);
        }
        Distribution.Categorical c = (Distribution.Categorical) d;
        return new CategoricalReference(Collections.unmodifiableMap(new TreeMap<>(c.counts())), c.other(),
                c.count());
    }

    /** A feature's frozen baseline. */
    sealed interface Reference permits NumericReference, CategoricalReference {
        long count();
    }

    /**
     * A numeric feature: the sketch (for Kolmogorov–Smirnov), the bin edges at its quantiles, and its proportion
     * per bin. With edges e1 &lt; … &lt; ek the bins are (−∞, e1], (e1, e2], …, (ek, +∞).
     */
    record NumericReference(KllDoublesSketch sketch, double[] edges, double[] proportions) implements Reference {

        static NumericReference of(KllDoublesSketch sketch, int bins) {
            double[] ranks = new double[bins - 1];
            for (int i = 1; i < bins; i++) {
                ranks[i - 1] = (double) i / bins;
            }
            double[] quantiles = sketch.getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE);
            // a discrete feature has equal quantiles; one edge each, else bins would be empty by construction
            int k = 0;
            for (double q : quantiles) {
                if (k == 0 || q > quantiles[k - 1]) {
                    quantiles[k++] = q;
                }
            }
            double[] edges = java.util.Arrays.copyOf(quantiles, k);
            return new NumericReference(sketch, edges, proportions(sketch, edges));
        }

        /** A sketch's proportion in each bin these edges make: differences of its CDF at the edges. */
        static double[] proportions(KllDoublesSketch sketch, double[] edges) {
            double[] cdf = sketch.getCDF(edges, QuantileSearchCriteria.INCLUSIVE);
            double[] p = new double[cdf.length];
            double previous = 0;
            for (int i = 0; i < cdf.length; i++) {
                p[i] = Math.max(0, cdf[i] - previous);
                previous = cdf[i];
            }
            return p;
        }

        @Override
        public long count() {
            return sketch.getN();
        }
    }

    /** A categorical feature: counts per category and of values past the category cap. */
    record CategoricalReference(Map<String, Long> counts, long other, long count) implements Reference {
    }
}
