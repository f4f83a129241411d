package io.predlog.agent.stats;

import io.predlog.agent.capture.Features;
import io.predlog.agent.drift.Distribution;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The features of one model's inputs, or of its outputs, over some calls (a window, or a baseline being learned), at
 * most {@code predlog.stats.max_features} of them; values of further features are counted as untracked, not stored.
 */
final class FeatureTable {

    private final StatsSettings settings;
    private final ValueHasher hasher;
    private final Predicate<String> categorical;
    private final Map<String, FeatureStats> features = new HashMap<>();
    /** Values of features past the cap. */
    long untracked;
    /**
     * The name and statistics of the feature last seen at each position: a call whose input has the shape of the
     * one before (the capture hands the same name strings) finds its features without a map lookup. Names are
     * compared by identity: another string of the same name takes the lookup.
     */
    private String[] slotNames = new String[0];
    private FeatureStats[] slots = new FeatureStats[0];

    /**
     * An input's features.
     *
     * @param hasher hashes string values for their statistics; null keeps strings' lengths only (a baseline)
     */
    FeatureTable(StatsSettings settings, ValueHasher hasher) {
        this(settings, hasher, settings::isCategorical);
    }

    /** @param categorical which features' raw string values are categories */
    private FeatureTable(StatsSettings settings, ValueHasher hasher, Predicate<String> categorical) {
        this.settings = settings;
        this.hasher = hasher;
        this.categorical = categorical;
    }

    /** An output's features: categorical by {@link StatsSettings#isOutputCategorical}. */
    static FeatureTable ofOutputs(StatsSettings settings, ValueHasher hasher) {
        return new FeatureTable(settings, hasher, settings::isOutputCategorical);
    }

    /**
     * Takes one call's features.
     *
     * @param categories told each categorical value taken (feature name, category), or null
     */
    void observe(Features f, CategoryListener categories) {
        int n = f.size();
        if (slots.length < n) {
            slotNames = java.util.Arrays.copyOf(slotNames, n);
            slots = java.util.Arrays.copyOf(slots, n);
        }
        for (int i = 0; i < n; i++) {
            String name = f.name(i);
            FeatureStats cached = slotNames[i] == name ? slots[i] : null;
            // a feature's statistics, once of a kind, are never replaced; a pending one may have been, elsewhere
            FeatureStats stats = cached != null && !(cached instanceof PendingStats) ? cached : features.get(name);
            boolean isNull = f.kind(i) == Features.NULL;
            if (stats == null || (stats instanceof PendingStats && !isNull)) {
                if (stats == null && features.size() >= settings.maxFeatures()) {
                    untracked++;
                    continue;
                }
                FeatureStats created = isNull ? new PendingStats()
                        : FeatureStats.forValue(f, i, categorical.test(name), settings, hasher);
                if (stats != null) {
                    created.nulls = stats.nulls;
                }
                stats = created;
                features.put(name, stats);
            }
            slotNames[i] = name;
            slots[i] = stats;
            if (isNull) {
                stats.nulls++;
            } else if (!stats.observe(f, i)) {
                stats.otherTypes++;
            } else if (categories != null && stats instanceof CategoryStats c) {
                categories.category(name, c.lastCategory);
            }
        }
    }

    /** Every feature's distribution as drift sees it. */
    Map<String, Distribution> distributions() {
        Map<String, Distribution> out = new HashMap<>();
        for (Map.Entry<String, FeatureStats> e : features.entrySet()) {
            e.getValue().distribution(e.getKey(), out);
        }
        return out;
    }

    /** {@code model_stats.features}: by name, in Java's string order. */
    Map<String, Object> fields() {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, FeatureStats> e : features.entrySet()) {
            out.put(e.getKey(), e.getValue().fields());
        }
        return out;
    }

    boolean isEmpty() {
        return features.isEmpty();
    }

    /** Forgets the values, keeping the features (and their sketches' memory) for the next window. */
    void reset() {
        for (FeatureStats s : features.values()) {
            s.reset();
        }
        untracked = 0;
    }

    /** Told each categorical value as it is counted. */
    @FunctionalInterface
    interface CategoryListener {
        void category(String feature, String category);
    }
}
