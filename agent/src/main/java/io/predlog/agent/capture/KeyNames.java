package io.predlog.agent.capture;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One array of sorted key names per map schema, shared by every thread's remembered key orders ({@link KeyOrder}).
 * A thread remembers the orders of the maps it walks; without this, each thread of a service's pool would hold its
 * own array, with its own strings, for the same key set. Those arrays become the events' {@code field_names} and the
 * statistics' feature names, and what comes downstream remembers them by identity (the dispatcher's encoded
 * {@code field_names} and value keys, the statistics thread's feature slots): with one array per key set, that
 * holds whichever thread made the call. Asked only when a thread remembers a new order. Bounded: past
 * {@link #MAX_KEY_SETS} key sets an array is used as it is. Thread-safe.
 */
final class KeyNames {

    /** Key sets shared at most; more are each thread's own. */
    static final int MAX_KEY_SETS = 1024;

    private final ConcurrentHashMap<Names, String[]> shared = new ConcurrentHashMap<>();

    /** The array of these names that every thread shares, or {@code sorted} itself, which is never modified. */
    String[] share(String[] sorted) {
        Names key = new Names(sorted);
        String[] known = shared.get(key);
        if (known != null) {
            return known;
        }
        if (shared.size() >= MAX_KEY_SETS) {
            return sorted;
        }
        known = shared.putIfAbsent(key, sorted);
        return known != null ? known : sorted;
    }

    /** Key sets shared now. */
    int size() {
        return shared.size();
    }

    /** An array of names compared by content. */
    private static final class Names {
        private final String[] names;
        private final int hash;

        Names(String[] names) {
            this.names = names;
            this.hash = Arrays.hashCode(names);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Names other && other.hash == hash && Arrays.equals(other.names, names);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
