package io.predlog.agent.drift;

import org.apache.datasketches.kll.KllDoublesSketch;

import java.util.Map;

/**
 * One feature's distribution over some calls (a statistics window, or a baseline), as drift scoring sees it.
 * Read-only to drift: the owner keeps updating or discards the sketch and the map after scoring.
 */
public sealed interface Distribution permits Distribution.Numeric, Distribution.Categorical {

    /** How many values it describes. */
    long count();

    /** A numeric feature: its finite values in a KLL sketch. */
    record Numeric(KllDoublesSketch sketch) implements Distribution {
        @Override
        public long count() {
            return sketch.getN();
        }
    }

    /**
     * A categorical feature: exact counts per category, and the count of values whose category was past the cap
     * (kept as one bucket, {@code other}).
     */
    record Categorical(Map<String, Long> counts, long other) implements Distribution {
        @Override
        public long count() {
            long n = other;
            for (long c : counts.values()) {
                n += c;
            }
            return n;
        }
    }
}
