package io.predlog.agent.sink.file;

import java.util.Arrays;

/** One block's Huffman codes: frequencies in, code lengths, codes and the dynamic header out. */
final class HuffmanCodes {

    final int[] litFreq = new int[286];
    final int[] distFreq = new int[30];
    final int[] litLength = new int[286];
    final int[] litCode = new int[286];
    final int[] distLength = new int[30];
    final int[] distCode = new int[30];
    final int[] clLength = new int[19];
    final int[] clCode = new int[19];
    private final int[] clFreq = new int[19];
    final int[] clSymbols = new int[286 + 30];
    final int[] clExtra = new int[286 + 30];
    int clCount;
    int hlit;
    int hdist;
    int hclen;
    private final int[] lengths = new int[286 + 30];
    private final long[] order = new long[286];
    private final int[] work = new int[286];
    private final int[] perLength = new int[286 + 30];

    /** Extra bits of the block's lengths and distances; the same under every code. */
    long extraBits() {
        long bits = 0;
        for (int i = 0; i < 29; i++) {
            bits += (long) litFreq[257 + i] * DeflateCodes.LENGTH_EXTRA[i];
        }
        for (int i = 0; i < 30; i++) {
            bits += (long) distFreq[i] * DeflateCodes.DIST_EXTRA[i];
        }
        return bits;
    }

    long fixedBits() {
        long bits = 3;
        for (int s = 0; s < 286; s++) {
            bits += (long) litFreq[s] * DeflateCodes.FIXED_LIT_LENGTH[s];
        }
        for (int d = 0; d < 30; d++) {
            bits += (long) distFreq[d] * 5;
        }
        return bits;
    }

    /** Builds the dynamic code and its header; returns the block's size in bits, extra bits excepted. */
    long buildDynamic() {
        lengths(litFreq, 286, 15, litLength);
        lengths(distFreq, 30, 15, distLength);
        canonical(litLength, 286, litCode);
        canonical(distLength, 30, distCode);
        hlit = 286;
        while (hlit > 257 && litLength[hlit - 1] == 0) {
            hlit--;
        }
        hdist = 30;
        while (hdist > 1 && distLength[hdist - 1] == 0) {
            hdist--;
        }
        System.arraycopy(litLength, 0, lengths, 0, hlit);
        System.arraycopy(distLength, 0, lengths, hlit, hdist);
        runLengths(hlit + hdist);
        lengths(clFreq, 19, 7, clLength);
        canonical(clLength, 19, clCode);
        hclen = 19;
        while (hclen > 4 && clLength[DeflateCodes.CL_ORDER[hclen - 1]] == 0) {
            hclen--;
        }
        long bits = 3 + 5 + 5 + 4 + 3L * hclen;
        for (int s = 0; s < 19; s++) {
            bits += (long) clFreq[s] * clLength[s];
        }
        bits += 2L * clFreq[16] + 3L * clFreq[17] + 7L * clFreq[18];
        for (int s = 0; s < 286; s++) {
            bits += (long) litFreq[s] * litLength[s];
        }
        for (int d = 0; d < 30; d++) {
            bits += (long) distFreq[d] * distLength[d];
        }
        return bits;
    }

    /** The code-length sequence {@code lengths[0, n)} as code-length symbols, with runs (RFC 1951, 3.2.7). */
    private void runLengths(int n) {
        Arrays.fill(clFreq, 0);
        int count = 0;
        int i = 0;
        while (i < n) {
            int current = lengths[i];
            int run = 1;
            while (i + run < n && lengths[i + run] == current) {
                run++;
            }
            i += run;
            if (current == 0) {
                while (run >= 11) {
                    int r = Math.min(run, 138);
                    clSymbols[count] = 18;
                    clExtra[count++] = r - 11;
                    run -= r;
                }
                if (run >= 3) {
                    clSymbols[count] = 17;
                    clExtra[count++] = run - 3;
                    run = 0;
                }
            } else {
                clSymbols[count++] = current;
                run--;
                while (run >= 3) {
                    int r = Math.min(run, 6);
                    clSymbols[count] = 16;
                    clExtra[count++] = r - 3;
                    run -= r;
                }
            }
            while (run-- > 0) {
                clSymbols[count++] = current;
            }
        }
        for (int k = 0; k < count; k++) {
            clFreq[clSymbols[k]]++;
        }
        clCount = count;
    }

    /**
     * Length-limited Huffman code lengths for {@code freq[0, n)}. At least two symbols always get a length (a
     * complete code, which every inflater accepts), even when fewer were used.
     */
    void lengths(int[] freq, int n, int limit, int[] out) {
        Arrays.fill(out, 0, n, 0);
        int used = 0;
        for (int s = 0; s < n; s++) {
            if (freq[s] > 0) {
                order[used++] = (long) freq[s] << 16 | s;
            }
        }
        for (int s = 0; used < 2; s++) {
            if (freq[s] == 0) {
                order[used++] = s; // frequency 0, sorted first: the longest code
            }
        }
        Arrays.sort(order, 0, used);
        int[] a = work;
        for (int i = 0; i < used; i++) {
            a[i] = (int) (order[i] >>> 16);
        }
        minimumRedundancy(a, used);
        // a[i] is now the length of the i-th least frequent symbol, non-increasing in i
        int[] count = perLength;
        Arrays.fill(count, 0);
        int longest = 0;
        for (int i = 0; i < used; i++) {
            count[a[i]]++;
            longest = Math.max(longest, a[i]);
        }
        if (longest > limit) {
            limit(count, longest, limit);
        }
        int i = 0;
        for (int len = Math.min(longest, limit); len > 0; len--) {
            for (int k = count[len]; k > 0; k--) {
                out[(int) (order[i++] & 0xFFFF)] = len;
            }
        }
    }

    /**
     * Makes the code lengths counted in {@code count[1, longest]} fit in {@code limit} bits: the longer codes are
     * cut to the limit, and the code is made complete again by lengthening the longest codes that are still
     * shorter, one at a time. Apart from {@link #lengths}, whose compiled code then holds only a call for what
     * repetitive blocks need now and then.
     */
    private static void limit(int[] count, int longest, int limit) {
        for (int len = limit + 1; len <= longest; len++) {
            count[limit] += count[len];
            count[len] = 0;
        }
        long kraft = 0;
        for (int len = limit; len > 0; len--) {
            kraft += (long) count[len] << (limit - len);
        }
        while (kraft != 1L << limit) {
            count[limit]--;
            for (int len = limit - 1; len > 0; len--) {
                if (count[len] != 0) {
                    count[len]--;
                    count[len + 1] += 2;
                    break;
                }
            }
            kraft--;
        }
    }

    /**
     * Moffat and Katajainen's in-place minimum-redundancy code: {@code a[0, n)} holds frequencies in
     * non-decreasing order and is left holding each one's code length.
     */
    static void minimumRedundancy(int[] a, int n) {
        if (n == 1) {
            a[0] = 1;
            return;
        }
        a[0] += a[1];
        int root = 0;
        int leaf = 2;
        for (int next = 1; next < n - 1; next++) {
            if (leaf >= n || a[root] < a[leaf]) {
                a[next] = a[root];
                a[root++] = next;
            } else {
                a[next] = a[leaf++];
            }
            if (leaf >= n || (root < next && a[root] < a[leaf])) {
                a[next] += a[root];
                a[root++] = next;
            } else {
                a[next] += a[leaf++];
            }
        }
        a[n - 2] = 0;
        for (int next = n - 3; next >= 0; next--) {
            a[next] = a[a[next]] + 1;
        }
        int available = 1;
        int used = 0;
        int depth = 0;
        root = n - 2;
        int next = n - 1;
        while (available > 0) {
            while (root >= 0 && a[root] == depth) {
                used++;
                root--;
            }
            while (available > used) {
                a[next--] = depth;
                available--;
            }
            available = 2 * used;
            depth++;
            used = 0;
        }
    }

    /** Canonical codes for {@code length[0, n)}, bit-reversed for deflate's least-significant-first order. */
    static void canonical(int[] length, int n, int[] code) {
        int[] count = new int[16];
        for (int s = 0; s < n; s++) {
            count[length[s]]++;
        }
        count[0] = 0;
        int[] next = new int[16];
        int c = 0;
        for (int len = 1; len < 16; len++) {
            c = (c + count[len - 1]) << 1;
            next[len] = c;
        }
        for (int s = 0; s < n; s++) {
            int len = length[s];
            code[s] = len == 0 ? 0 : Integer.reverse(next[len]++) >>> (32 - len);
        }
    }
}
