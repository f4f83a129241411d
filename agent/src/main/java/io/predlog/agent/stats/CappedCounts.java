package io.predlog.agent.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * Exact counts per name for at most {@code cap} names (a categorical feature's values, a model's error types);
 * names past the cap are counted together, never stored. Statistics thread only.
 */
final class CappedCounts {

    /** What names past the cap are counted as, where they are shown together with the named ones. */
    static final String OTHER = "other";

    private final int cap;
    private final Map<String, long[]> counts = new HashMap<>();
    private long other;

    CappedCounts(int cap) {
        this.cap = cap;
    }

    /** Counts one occurrence of {@code name}; returns {@code name}, or {@link #OTHER} when it is past the cap. */
    String add(String name) {
        return add(name, 1);
    }

    /** Counts {@code times} occurrences of {@code name}; returns {@code name}, or {@link #OTHER} past the cap. */
    String add(String name, long times) {
        long[] n = counts.get(name);
        if (n == null) {
            if (counts.size() >= cap) {
                other += times;
                return OTHER;
            }
            n = new long[1];
            counts.put(name, n);
        }
        n[0] += times;
        return name;
    }

    /** Counts {@code times} occurrences of names that were past a cap elsewhere. */
    void addOther(long times) {
        other += times;
    }

    /** Counts by name (a copy). */
    Map<String, Long> named() {
        Map<String, Long> copy = new HashMap<>();
        counts.forEach((name, n) -> copy.put(name, n[0]));
        return copy;
    }

    /** Occurrences of names past the cap. */
    long other() {
        return other;
    }

    boolean isEmpty() {
        return counts.isEmpty() && other == 0;
    }

    /** Forgets the counts (and the names). */
    void clear() {
        counts.clear();
        other = 0;
    }
}
