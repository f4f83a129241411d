package io.predlog.agent.stats;

import io.predlog.agent.capture.Features;
import io.predlog.agent.drift.Distribution;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One input feature's statistics over a window (or over a baseline's calls): the statistics thread's own state,
 * updated from {@link Features} and written into {@code model_stats}. Mergeable sketches (DataSketches, heap
 * instances only) keep memory bounded whatever the traffic.
 */
abstract sealed class FeatureStats permits NumericStats, TextStats, CategoryStats, PendingStats {

    /** Calls whose value was null. */
    long nulls;
    /** Values of another kind than this feature's (a string in a numeric field): counted, not described. */
    long otherTypes;

    /** The feature's {@code kind} in {@code model_stats}. */
    abstract String kind();

    /** Takes feature {@code i} of {@code f}, a non-null value; false when its kind does not fit this feature. */
    abstract boolean observe(Features f, int i);

    /** Values described (not counting nulls). */
    abstract long count();

    /** Adds this feature's distribution as drift sees it to {@code into}, under the name drift uses. */
    abstract void distribution(String name, Map<String, Distribution> into);

    /** The kind's own fields of {@code model_stats.features.<name>}. */
    abstract void describe(Map<String, Object> into);

    /** Forgets everything, keeping the sketches' memory for the next window. */
    void reset() {
        nulls = 0;
        otherTypes = 0;
    }

    /** {@code model_stats.features.<name>}. */
    final Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind());
        m.put("count", count());
        m.put("nulls", nulls);
        if (otherTypes > 0) {
            m.put("other_types", otherTypes);
        }
        describe(m);
        return m;
    }

    /**
     * A new feature for the first non-null value seen: its kind decides the statistics kept. A null {@code hasher}
     * makes a baseline's feature: its distribution only (no distinct count, no hashes).
     */
    static FeatureStats forValue(Features f, int i, boolean categorical, StatsSettings settings, ValueHasher hasher) {
        return switch (f.kind(i)) {
            case Features.BOOLEAN -> new CategoryStats(settings.maxCategories());
            case Features.TEXT -> categorical ? new CategoryStats(settings.maxCategories()) : new TextStats(hasher);
            default -> new NumericStats(hasher != null);
        };
    }
}
