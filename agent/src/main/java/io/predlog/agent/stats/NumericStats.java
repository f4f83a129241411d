package io.predlog.agent.stats;

import io.predlog.agent.capture.Features;
import io.predlog.agent.drift.Distribution;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A numeric feature (a number field, or the elements of numeric arrays): count, NaNs, min, max, mean (exact, every
 * value), quantiles from a KLL sketch (k = 200: normalised rank error about 1.3 %, a few KiB; past
 * {@link SampledQuantiles#EXACT_VALUES} values a window samples them, see there) and a distinct-count estimate from
 * an HLL sketch (lg k = 10, one byte per register: about 3 % error, 1 KiB). A value among the last few given does
 * not reach the HLL sketch again (a 16-slot table of the values' bits): it could not change it, and features of
 * few values (codes, counts, flags) then skip the sketch's hashing almost always.
 */
final class NumericStats extends FeatureStats {

    static final int KLL_K = 200;
    static final int HLL_LG_K = 10;
    /** The quantiles reported, and their names. */
    static final double[] RANKS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
    static final String[] RANK_NAMES = {"p01", "p05", "p25", "p50", "p75", "p95", "p99"};

    /** A fixed seed: the same values give the same statistics. */
    private static final long SAMPLING_SEED = 0x5eed_5eedL;
    /** No value has these bits ({@link #add} takes no NaN): an empty slot of {@link #recent}. */
    private static final long NONE = 0x7ff8_dead_beef_0001L;
    private static final int RECENT_SLOTS = 16;

    private final SampledQuantiles quantiles = new SampledQuantiles(KLL_K, SAMPLING_SEED);
    /** Null when the distinct count is not wanted (a baseline's, a string's lengths). */
    private final HllSketch hll;
    /** Bits of values given to the HLL sketch lately, by a hash of the bits: a direct-mapped table. */
    private final long[] recent;
    private long count;
    private long nans;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;

    /** With a distinct-count estimate. */
    NumericStats() {
        this(true);
    }

    /** @param distinct whether to estimate the distinct count ({@code distinct_estimate}) */
    NumericStats(boolean distinct) {
        this.hll = distinct ? new HllSketch(HLL_LG_K, TgtHllType.HLL_8) : null;
        this.recent = distinct ? new long[RECENT_SLOTS] : null;
        if (distinct) {
            java.util.Arrays.fill(recent, NONE);
        }
    }

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
        quantiles.add(v);
        if (hll != null) {
            long bits = Double.doubleToRawLongBits(v);
            int slot = (int) ((bits * 0x9e37_79b9_7f4a_7c15L) >>> 60);
            if (recent[slot] != bits) {
                recent[slot] = bits;
                hll.update(v);
            }
        }
    }

    @Override
    long count() {
        return count;
    }

    @Override
    void distribution(String name, Map<String, Distribution> into) {
        into.put(name, new Distribution.Numeric(quantiles.sketch()));
    }

    @Override
    void describe(Map<String, Object> m) {
        m.put("nan_count", nans);
        describeValues(m);
        if (count > 0 && hll != null) {
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
        double[] q = quantiles.sketch().getQuantiles(RANKS);
        Map<String, Object> named = new LinkedHashMap<>();
        for (int r = 0; r < RANKS.length; r++) {
            named.put(RANK_NAMES[r], q[r]);
        }
        m.put("quantiles", named);
    }

    @Override
    void reset() {
        super.reset();
        quantiles.reset();
        if (hll != null) {
            hll.reset();
            java.util.Arrays.fill(recent, NONE);
        }
        count = 0;
        nans = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        sum = 0;
    }
}
