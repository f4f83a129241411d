package io.predlog.agent.stats;

import io.predlog.agent.capture.Features;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.drift.Distribution;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.LongsSketch;
import org.apache.datasketches.hll.HllSketch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A string feature that is not categorical: its values stay private. Kept: the length distribution, a
 * distinct-count estimate (HLL over the values' hashes) and the most frequent values as hashes (a frequent-items
 * sketch over the hashes, 64 counters). Drift sees the lengths, as feature {@code length(<name>)}.
 *
 * <p>A value's hash is an HMAC (docs/HASHING.md), hundreds of nanoseconds; the hashes of the last values are kept in
 * a small table ({@value #RECENT_SLOTS} slots, by the string's own hash code, compared with {@code equals}; values
 * of at most {@value #RECENT_MAX_LENGTH} characters), so a feature whose values repeat (a currency, a country, a
 * status) hashes each of them once.
 */
final class TextStats extends FeatureStats {

    static final int TOP_COUNTERS = 64;
    static final int TOP_REPORTED = 10;
    static final int RECENT_SLOTS = 64;
    static final int RECENT_MAX_LENGTH = 64;

    private final ValueHasher hasher;
    private final NumericStats lengths = new NumericStats(false); // its distinct count is never reported
    private final HllSketch distinct = new HllSketch(NumericStats.HLL_LG_K);
    private final LongsSketch top = new LongsSketch(TOP_COUNTERS);
    /** The last values hashed, by {@code hashCode}, and their hashes; null without a hasher. */
    private final String[] recentValues;
    private final long[] recentHashes;

    /** @param hasher the values' hashes, for {@code distinct_estimate} and {@code top}; null: lengths only */
    TextStats(ValueHasher hasher) {
        this.hasher = hasher;
        this.recentValues = hasher == null ? null : new String[RECENT_SLOTS];
        this.recentHashes = hasher == null ? null : new long[RECENT_SLOTS];
    }

    @Override
    String kind() {
        return "string";
    }

    @Override
    boolean observe(Features f, int i) {
        if (f.kind(i) != Features.TEXT) {
            return false;
        }
        lengths.add(f.number(i));
        String value = f.text(i);
        if (value != null && hasher != null) {
            long h = hash(value);
            distinct.update(h);
            top.update(h);
        }
        return true;
    }

    /** The value's hash, from the table of recent values when it is there. */
    private long hash(String value) {
        int slot = value.hashCode() & (RECENT_SLOTS - 1);
        String known = recentValues[slot];
        if (known != null && (known == value || known.equals(value))) {
            return recentHashes[slot];
        }
        long h = hasher.hash(value);
        if (value.length() <= RECENT_MAX_LENGTH) {
            recentValues[slot] = value;
            recentHashes[slot] = h;
        }
        return h;
    }

    @Override
    long count() {
        return lengths.count();
    }

    @Override
    void distribution(String name, Map<String, Distribution> into) {
        lengths.distribution("length(" + name + ")", into);
    }

    @Override
    void describe(Map<String, Object> m) {
        if (count() == 0) {
            return;
        }
        Map<String, Object> length = new LinkedHashMap<>();
        lengths.describeValues(length);
        m.put("length", length);
        if (!distinct.isEmpty()) {
            m.put("distinct_estimate", Math.round(distinct.getEstimate()));
        }
        LongsSketch.Row[] rows = top.getFrequentItems(ErrorType.NO_FALSE_POSITIVES);
        List<Object> items = new ArrayList<>();
        for (int r = 0; r < rows.length && r < TOP_REPORTED; r++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("value_hash", HashResult.hexOf(rows[r].getItem()));
            item.put("count", rows[r].getEstimate());
            items.add(item);
        }
        m.put("top", items);
    }

    @Override
    void reset() {
        super.reset();
        lengths.reset();
        distinct.reset();
        top.reset();
    }
}
