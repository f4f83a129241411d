package io.predlog.agent.capture;

import java.util.Arrays;

/**
 * The sorted order of one map key set, remembered so that the next map with the same keys in the same
 * iteration order (maps of one schema: every call's feature map) skips sorting, the copying of its field
 * names and the encoding of its keys. Matching costs one reference (else {@code equals}) comparison per
 * key. Immutable once built; {@link #sorted} is handed out as the characteristics' field names.
 */
final class KeyOrder {

    /** Larger maps are sorted every time: their cache entries would cost more than they save. */
    static final int MAX_KEYS = 256;

    private final String[] iteration;
    /** The keys, sorted: never modified once built; the same array for every thread's order of this key set. */
    final String[] sorted;
    /** For each sorted position, the key's position in iteration order. */
    final int[] fromIteration;
    /**
     * Each sorted key as canonical bytes, with its colon and, after the first, the comma before it
     * ({@code "a":}, {@code ,"b":}): key j at [ends[j], ends[j+1]), written with one copy.
     */
    final byte[] encoded;
    final int[] ends;

    private KeyOrder(String[] iteration, String[] sorted, int[] fromIteration, byte[] encoded, int[] ends) {
        this.iteration = iteration;
        this.sorted = sorted;
        this.fromIteration = fromIteration;
        this.encoded = encoded;
        this.ends = ends;
    }

    int size() {
        return sorted.length;
    }

    /** Whether {@code key} is this order's {@code i}th key in iteration order. */
    boolean matches(int i, String key) {
        if (i >= iteration.length) {
            return false;
        }
        String k = iteration[i];
        return k == key || k.equals(key);
    }

    /**
     * The order of {@code keys[from, from + n)} (sorted, with {@code order} giving each one's iteration
     * position), or null when it should not be remembered: too many keys, or two equal keys (whose relative
     * order a fresh sort might not reproduce). Its {@link #sorted} names are the array {@code names} shares for
     * this key set; its iteration order keeps this thread's own strings, which its next maps are likely to hold.
     */
    static KeyOrder of(String[] keys, int[] order, int from, int n, KeyNames names) {
        if (n > MAX_KEYS) {
            return null;
        }
        for (int j = 1; j < n; j++) {
            if (keys[from + j - 1].equals(keys[from + j])) {
                return null;
            }
        }
        String[] own = Arrays.copyOfRange(keys, from, from + n);
        int[] fromIteration = Arrays.copyOfRange(order, from, from + n);
        String[] iteration = new String[n];
        for (int j = 0; j < n; j++) {
            iteration[fromIteration[j]] = own[j];
        }
        String[] sorted = names.share(own);
        CanonicalBytes bytes = new CanonicalBytes();
        int[] ends = new int[n + 1];
        for (int j = 0; j < n; j++) {
            if (j > 0) {
                bytes.writer.write(',');
            }
            JcsString.write(bytes.writer, sorted[j]);
            bytes.writer.write(':');
            ends[j + 1] = (int) bytes.writer.count();
        }
        return new KeyOrder(iteration, sorted, fromIteration, bytes.bytes(), ends);
    }
}
