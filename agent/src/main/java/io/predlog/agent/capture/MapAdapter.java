package io.predlog.agent.capture;

import java.util.Map;

/**
 * Any {@link Map}: an object whose keys are {@code String.valueOf(key)} where the JDK makes that text
 * ({@link MapKeyText}; any other key is {@code "<unread key>"} and the value partial), sorted by UTF-16 code units
 * (RFC 8785); two keys of the same text are both written. Reads the map through its {@code entrySet} only. A map whose key
 * set and iteration order repeat a recent one's (maps of one schema) is written from the remembered order,
 * without sorting or encoding its keys ({@link MapEntries}).
 */
final class MapAdapter implements ValueAdapter {

    static final MapAdapter INSTANCE = new MapAdapter();

    static ValueAdapter forType(Class<?> type) {
        return Map.class.isAssignableFrom(type) ? INSTANCE : null;
    }

    @Override
    public void write(Object value, CanonicalWalker walk) {
        Map<?, ?> m = (Map<?, ?>) value;
        if (!walk.enterObject(m)) {
            return;
        }
        MapEntries entries = walk.entries;
        int base = entries.collect(m, walk.containerDepth(), walk.entriesWithinBound());
        int n = entries.count(base);
        if (entries.unreadKey) {
            walk.hidden();
        }
        KeyOrder known = entries.known;
        boolean same = entries.same;
        String[] sorted = known == null ? null : known.sorted;
        boolean top = walk.beginFields(n, sorted);
        try {
            for (int j = 0; j < n; j++) {
                if (same) {
                    walk.key(known.encoded, known.ends[j], known.ends[j + 1] - known.ends[j]);
                    walk.fieldValue(j, known.sorted[j], entries.values[base + known.fromIteration[j]]);
                } else {
                    walk.key(j, entries.keys[base + j]);
                    walk.fieldValue(j, entries.keys[base + j], entries.values[base + j]);
                }
            }
            walk.endFields();
        } finally {
            if (top && sorted == null) {
                walk.fieldNames(entries.keys, base, n);
            }
        }
        entries.drop(base);
    }
}
