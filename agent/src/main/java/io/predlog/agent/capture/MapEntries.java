package io.predlog.agent.capture;

import java.util.Arrays;
import java.util.Map;

/**
 * One thread's scratch for the maps a walk is writing: each map's keys (their text, {@link MapKeyText}) and values,
 * collected and put in RFC 8785 key order, a stack of ranges for maps nested in maps; and the remembered key
 * orders ({@link KeyOrder}) of recent map schemas, up to four per nesting depth, which let a map of a known
 * schema skip sorting and key encoding. Owned by a {@link CanonicalWalker}, used by {@link MapAdapter}; not
 * thread-safe.
 */
final class MapEntries {

    /** Key orders are remembered for maps nested up to this depth, this many per depth. */
    private static final int KEY_ORDER_DEPTHS = 8;
    private static final int KEY_ORDER_WAYS = 4;
    private static final int RETAINED_SCRATCH = 4096;

    String[] keys = new String[64];
    Object[] values = new Object[64];
    /** Alongside keys: each key's position in its map's iteration order. */
    private int[] order = new int[64];
    private int top;
    private int highWater;
    private final KeyOrder[] keyOrders = new KeyOrder[KEY_ORDER_DEPTHS * KEY_ORDER_WAYS];
    private final int[] keyOrderMisses = new int[KEY_ORDER_DEPTHS];
    private int keyOrderVictim;

    /** Where remembered orders get their sorted names: one array per key set for every thread. */
    private final KeyNames names;

    /** The key order of the map last {@link #collect collected}, if one is remembered; else null. */
    KeyOrder known;
    /**
     * Whether the map last collected came in {@link #known}'s iteration order: its entries are then left in
     * iteration order, and {@code known} maps sorted positions to them; else they are sorted in place.
     */
    boolean same;
    /** Whether the map last collected has a key whose text only the application could give ({@link MapKeyText#UNREAD}). */
    boolean unreadKey;

    /** @param names shared by the walkers of every thread */
    MapEntries(KeyNames names) {
        this.names = names;
    }

    /**
     * Collects {@code m}'s entries above those of the maps that enclose it and orders them; returns where they
     * start. {@code depth} is the map's nesting depth (containers enclosing it); {@code needed} is how many entries
     * the walk can write before its node bound: only that many smallest keys are put in order (and then no key order
     * is remembered). Calls the map's
     * {@code entrySet} iteration, the only application code a map's canonical form needs.
     */
    int collect(Map<?, ?> m, int depth, int needed) {
        int base = top;
        KeyOrder k = null;
        boolean s = false;
        boolean unread = false;
        int i = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object key = e.getKey();
            String text = key instanceof String str ? str : MapKeyText.of(key);
            unread |= text == MapKeyText.UNREAD;
            if (i == 0) {
                k = knownOrder(depth, text);
                s = k != null;
            } else if (s && !k.matches(i, text)) {
                s = false;
            }
            push(text, e.getValue());
            i++;
        }
        int end = top;
        int n = end - base;
        if (s && n != k.size()) {
            s = false;
        }
        if (s) {
            keyOrderMisses[depth] = 0;
        } else {
            for (int j = 0; j < n; j++) {
                order[base + j] = j;
            }
            if (n > needed) {
                KeySort.sortFirst(keys, values, order, base, end, needed);
                k = null;
            } else {
                KeySort.sort(keys, values, order, base, end);
                k = remember(depth, base, n);
            }
        }
        known = k;
        same = s;
        unreadKey = unread;
        return base;
    }

    /** How many entries the map collected at {@code base} has. */
    int count(int base) {
        return top - base;
    }

    /**
     * Forgets the values of the map collected at {@code base} (the last one still held). Its keys stay until
     * overwritten: the next map of the schema brings the same strings, and storing a reference into this
     * long-lived array costs the collector's write barrier ({@link KeyOrder} keeps them anyway).
     */
    void drop(int base) {
        Arrays.fill(values, base, top, null);
        top = base;
    }

    /** After a walk: drops every reference ({@code cutShort}: a walk that did not drop its own), trims the scratch. */
    void release(boolean cutShort) {
        if (cutShort) {
            Arrays.fill(keys, 0, highWater, null);
            Arrays.fill(values, 0, highWater, null);
        }
        if (keys.length > RETAINED_SCRATCH) {
            keys = new String[64];
            values = new Object[64];
            order = new int[64];
        }
        known = null;
        highWater = 0;
        top = 0;
    }

    /** A remembered key order at this depth whose first key in iteration order is {@code first}, or null. */
    private KeyOrder knownOrder(int depth, String first) {
        if (depth >= KEY_ORDER_DEPTHS) {
            return null;
        }
        int at = depth * KEY_ORDER_WAYS;
        for (int w = 0; w < KEY_ORDER_WAYS; w++) {
            KeyOrder o = keyOrders[at + w];
            if (o != null && o.matches(0, first)) {
                return o;
            }
        }
        return null;
    }

    /**
     * After sorting a map whose key order was not known: remembers it, unless maps at this depth keep
     * changing (then only now and then, so that a stream of ever-different key sets costs little more than
     * the sorting). Returns the order remembered, or null.
     */
    private KeyOrder remember(int depth, int base, int n) {
        if (depth >= KEY_ORDER_DEPTHS || n == 0) {
            return null;
        }
        int misses = ++keyOrderMisses[depth];
        if (misses > KEY_ORDER_WAYS && (misses & 63) != 0) {
            return null;
        }
        KeyOrder o = KeyOrder.of(keys, order, base, n, names);
        if (o != null) {
            keyOrders[depth * KEY_ORDER_WAYS + (keyOrderVictim++ & (KEY_ORDER_WAYS - 1))] = o;
        }
        return o;
    }

    private void push(String key, Object value) {
        if (top == keys.length) {
            keys = Arrays.copyOf(keys, top * 2);
            values = Arrays.copyOf(values, top * 2);
            order = Arrays.copyOf(order, top * 2);
        }
        if (keys[top] != key) {
            keys[top] = key;
        }
        values[top] = value;
        top++;
        if (top > highWater) {
            highWater = top;
        }
    }
}
