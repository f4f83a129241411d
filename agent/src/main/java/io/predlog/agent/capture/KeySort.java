package io.predlog.agent.capture;

/**
 * Sorts a map's keys (with their values and their iteration positions alongside) in place, as RFC 8785 orders object members: by
 * UTF-16 code units, which is {@link String#compareTo}. Allocation-free: insertion sort for the small
 * maps that are the common case, heapsort above that, and a partial heapsort when only the first keys are needed.
 */
final class KeySort {

    private static final int INSERTION_MAX = 24;

    private KeySort() {
    }

    static void sort(String[] keys, Object[] values, int[] order, int from, int to) {
        if (to - from <= INSERTION_MAX) {
            insertion(keys, values, order, from, to);
        } else {
            heap(keys, values, order, from, to);
        }
    }

    /**
     * Puts the {@code first} smallest keys, in order, at {@code [from, from + first)}; the others follow in no order.
     * For a map larger than a walk can write before its node bound: O(n log first) instead of O(n log n).
     */
    static void sortFirst(String[] keys, Object[] values, int[] order, int from, int to, int first) {
        if (to - from <= first) {
            sort(keys, values, order, from, to);
            return;
        }
        // a max-heap of the smallest keys seen so far, replacing its largest whenever a smaller key comes
        for (int i = first / 2 - 1; i >= 0; i--) {
            siftDown(keys, values, order, from, i, first);
        }
        for (int i = from + first; i < to; i++) {
            if (keys[i].compareTo(keys[from]) < 0) {
                swap(keys, values, order, from, i);
                siftDown(keys, values, order, from, 0, first);
            }
        }
        for (int end = first - 1; end > 0; end--) {
            swap(keys, values, order, from, from + end);
            siftDown(keys, values, order, from, 0, end);
        }
    }

    private static void insertion(String[] keys, Object[] values, int[] order, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            String k = keys[i];
            Object v = values[i];
            int o = order[i];
            int j = i - 1;
            while (j >= from && keys[j].compareTo(k) > 0) {
                keys[j + 1] = keys[j];
                values[j + 1] = values[j];
                order[j + 1] = order[j];
                j--;
            }
            keys[j + 1] = k;
            values[j + 1] = v;
            order[j + 1] = o;
        }
    }

    private static void heap(String[] keys, Object[] values, int[] order, int from, int to) {
        int n = to - from;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(keys, values, order, from, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(keys, values, order, from, from + end);
            siftDown(keys, values, order, from, 0, end);
        }
    }

    private static void siftDown(String[] keys, Object[] values, int[] order, int base, int i, int n) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                return;
            }
            if (child + 1 < n && keys[base + child + 1].compareTo(keys[base + child]) > 0) {
                child++;
            }
            if (keys[base + i].compareTo(keys[base + child]) >= 0) {
                return;
            }
            swap(keys, values, order, base + i, base + child);
            i = child;
        }
    }

    private static void swap(String[] keys, Object[] values, int[] order, int a, int b) {
        int o = order[a];
        order[a] = order[b];
        order[b] = o;
        String k = keys[a];
        keys[a] = keys[b];
        keys[b] = k;
        Object v = values[a];
        values[a] = values[b];
        values[b] = v;
    }
}
