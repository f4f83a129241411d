package io.predlog.agent.stats;

import io.predlog.agent.capture.Features;
import io.predlog.agent.drift.Distribution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A categorical feature (a string field named in {@code predlog.input.categorical}, or a boolean): exact counts per
 * value, for at most {@code predlog.stats.max_categories} values; later values count together as {@code other}.
 * The raw values appear in {@code model_stats}, drift events and metric labels: the user asked for it.
 */
final class CategoryStats extends FeatureStats {

    /** The name the metrics use for values past the cap. */
    static final String OTHER = "other";

    private final int maxCategories;
    private final Map<String, long[]> counts = new HashMap<>();
    private long other;
    private long count;
    /** The category of the last value taken ({@link #OTHER} past the cap), for the metrics. */
    String lastCategory;

    CategoryStats(int maxCategories) {
        this.maxCategories = maxCategories;
    }

    @Override
    String kind() {
        return "categorical";
    }

    @Override
    boolean observe(Features f, int i) {
        String value;
        byte kind = f.kind(i);
        if (kind == Features.BOOLEAN) {
            value = f.number(i) != 0 ? "true" : "false";
        } else if (kind == Features.TEXT && f.text(i) != null) {
            value = f.text(i);
        } else {
            return false;
        }
        count++;
        long[] n = counts.get(value);
        if (n == null) {
            if (counts.size() >= maxCategories) {
                other++;
                lastCategory = OTHER;
                return true;
            }
            n = new long[1];
            counts.put(value, n);
        }
        n[0]++;
        lastCategory = value;
        return true;
    }

    @Override
    long count() {
        return count;
    }

    @Override
    void distribution(String name, Map<String, Distribution> into) {
        Map<String, Long> copy = new HashMap<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            copy.put(e.getKey(), e.getValue()[0]);
        }
        into.put(name, new Distribution.Categorical(copy, other));
    }

    @Override
    void describe(Map<String, Object> m) {
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()));
        Map<String, Object> categories = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : sorted) {
            categories.put(e.getKey(), e.getValue()[0]);
        }
        m.put("categories", categories);
        if (other > 0) {
            m.put("other", other);
        }
        m.put("distinct", counts.size()); // named categories; `other` holds the rest
    }

    @Override
    void reset() {
        super.reset();
        counts.clear();
        other = 0;
        count = 0;
    }
}
