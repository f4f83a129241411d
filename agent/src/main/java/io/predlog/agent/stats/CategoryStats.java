package io.predlog.agent.stats;

import io.predlog.agent.capture.Features;
import io.predlog.agent.drift.Distribution;

import java.util.ArrayList;
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
    private final CappedCounts counts;
    private long count;
    /** The category of the last value taken ({@link CappedCounts#OTHER} past the cap), for the metrics. */
    String lastCategory;

    CategoryStats(int maxCategories) {
        this.counts = new CappedCounts(maxCategories);
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
        lastCategory = counts.add(value);
        return true;
    }

    @Override
    long count() {
        return count;
    }

    @Override
    void distribution(String name, Map<String, Distribution> into) {
        into.put(name, new Distribution.Categorical(counts.named(), counts.other()));
    }

    @Override
    void describe(Map<String, Object> m) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.named().entrySet());
        sorted.sort((a, b) -> !a.getValue().equals(b.getValue()) ? Long.compare(b.getValue(), a.getValue())
                : a.getKey().compareTo(b.getKey()));
        Map<String, Object> categories = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : sorted) {
            categories.put(e.getKey(), e.getValue());
        }
        m.put("categories", categories);
        if (counts.other() > 0) {
            m.put("other", counts.other());
        }
        m.put("distinct", sorted.size()); // named categories; `other` holds the rest
    }

    @Override
    void reset() {
        super.reset();
        counts.clear();
        count = 0;
    }
}
