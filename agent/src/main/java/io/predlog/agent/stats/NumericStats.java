package io.predlog.agent.stats;

import io.predlog.agent.capture.Features;
import io.predlog.agent.drift.Distribution;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A numeric feature (a number field, or the elements of numeric arrays): count, NaNs, min, max, mean, quantiles
 * from a KLL sketch (k = 200: normalised rank error about 1.3 %, a few KiB) and a distinct-count estimate from an
 * HLL sketch (lg k = 10: about 3 % error, under 1 KiB).
 */
final class NumericStats extends FeatureStats {

    static final int KLL_K = 200;
    static final int HLL_LG_K = 10;
    /** The quantiles reported, and their names. */
    static final double[] RANKS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
    static final String[] RANK_NAMES = {"p01", "p05", "p25", "p50", "p75", "p95", "p99"};

    private final KllDoublesSketch kll = KllDoublesSketch.newHeapInstance(KLL_K);
    private final HllSketch hll = new HllSketch(HLL_LG_K);
    private long count;
    private long nans;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;

    @Override
    String kind() {
        return "numeric";
    }

    @Override
    boolean observe(Features f, int i) {
        byte kind = f.kind(i);
        if (kind == Features.NUMBER) {
            add(f.number(i));
            return true;
        }
        if (kind == Features.ELEMENTS) {
            for (double v : f.elements(i)) {
                add(v);
            }
            return true;
        }
        return false;
    }

    /** One value (NaN counted apart). */
    void add(double v) {
        if (v != v) {
            nans++;
            return;
        }
        count++;
        sum += v;
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
        kll.update(v);
        hll.update(v);
    }

    @Override
    long count() {
        return count;
    }

    @Override
    void distribution(String name, Map<String, Distribution> into) {
        into.put(name, new Distribution.Numeric(kll));
    }

    @Override
    void describe(Map<String, Object> m) {
        m.put("nan_count", nans);
        describeValues(m);
        if (count > 0) {
            m.put("distinct_estimate", Math.round(hll.getEstimate()));
        }
    }

    /** min, max, mean, quantiles: shared with the lengths of strings. */
    void describeValues(Map<String, Object> m) {
        if (count == 0) {
            return;
        }
        m.put("min", min);
        m.put("max", max);
        m.put("mean", sum / count);
        double[] q = kll.getQuantiles(RANKS);
        Map<String, Object> quantiles = new LinkedHashMap<>();
        for (int r = 0; r < RANKS.length; r++) {
            quantiles.put(RANK_NAMES[r], q[r]);
        }
        m.put("quantiles", quantiles);
    }

    @Override
    void reset() {
        super.reset();
        kll.reset();
        hll.reset();
        count = 0;
        nans = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        sum = 0;
    }
}
