package io.predlog.agent.sink.file;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Gzip (RFC 1952) with a deflate (RFC 1951) encoder of its own, made for event files: JSON lines that repeat their
 * field names, process fields and much of their structure from one line to the next. Any gzip reader reads what it
 * writes.
 *
 * <p>Per 64 KiB of input: greedy LZ77 over a 32 KiB window with one hash probe per position (four bytes hashed,
 * matches extended eight bytes at a time, probes stepping further through a run of bytes that match nothing, such as
 * random ids), then the block written with the cheapest of a dynamic Huffman code, the fixed code, or no
 * compression. That is the work of zlib's level 1 with fewer steps per byte: on event files it takes about half the
 * CPU time of {@code java.util.zip} at {@code BEST_SPEED} for an output of about the same size (docs/PERFORMANCE.md,
 * "File sink").
 *
 * <p>Not thread-safe; one stream per file. Allocates its buffers (about 0.7 MB) once, when made.
 */
public final class GzipStream extends OutputStream {

    static final int WINDOW = 32 * 1024;
    static final int BLOCK = 64 * 1024;
    private static final int MIN_MATCH = 4;
    private static final int MAX_MATCH = 258;
    private static final int HASH_BITS = 16;
    private static final int PAD = 8;
    /** Positions inside a match are hashed only in matches this short (zlib's rule at its fastest level). */
    private static final int INSERT_WITHIN = 4;
    /** After 8 positions without a match the probes step 2 bytes, after 16 3, and so on. */
    private static final int SKIP_SHIFT = 3;
    private static final int REBASE = 1 << 30;
    private static final int STORED_MAX = 65_535;
    private static final int OUT_SIZE = 64 * 1024;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final OutputStream out;
    /** Window of history, then the block being filled; {@code PAD} spare bytes: eight-byte reads never overrun. */
    private final byte[] buf = new byte[WINDOW + BLOCK + PAD];
    /** Per hash of four bytes: the absolute position, plus one, where they last started; 0 for none. */
    private final int[] head = new int[1 << HASH_BITS];
    /** The block's symbols: a literal byte (below 256), or {@code distance << 9 | length}. */
    private final int[] symbols = new int[BLOCK];
    private final Huffman huffman = new Huffman();
    private final CRC32 crc = new CRC32();
    private final byte[] outBuf = new byte[OUT_SIZE + 8];
    private int outPos;
    private long bitBuf;
    private int bitCount;
    /** Absolute position (bytes since the start of the stream, less any rebasing) of {@code buf[0]}. */
    private int base;
    private int fill;
    private int start;
    private long total;
    private boolean finished;

    public GzipStream(OutputStream out) throws IOException {
        this.out = out;
        byte[] header = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 4, (byte) 0xff}; // deflate, no name, no mtime, "fastest"
        out.write(header);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("gzip stream already finished");
        }
        while (len > 0) {
            int n = Math.min(len, BLOCK - (fill - start));
            System.arraycopy(b, off, buf, fill, n);
            crc.update(b, off, n);
            fill += n;
            off += n;
            len -= n;
            total += n;
            if (fill - start == BLOCK) {
                block(false);
            }
        }
    }

    /** Writes what is left, the last block and the gzip trailer; the underlying stream stays open. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        block(true);
        alignToByte();
        putBytes((int) crc.getValue());
        putBytes((int) total);
        flushOut();
        finished = true;
    }

    @Override
    public void flush() throws IOException {
        out.flush(); // bytes are only complete at block boundaries; what is whole is already written
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }

    private void block(boolean last) throws IOException {
        int count = parse(start, fill);
        writeBlock(start, fill, count, last);
        start = fill;
        if (fill > WINDOW) {
            int shift = fill - WINDOW;
            System.arraycopy(buf, shift, buf, 0, WINDOW);
            base += shift;
            fill = WINDOW;
            start = WINDOW;
            if (base >= REBASE) {
                rebase();
            }
        }
    }

    private void rebase() {
        int[] h = head;
        for (int i = 0; i < h.length; i++) {
            h[i] = h[i] > REBASE ? h[i] - REBASE : 0;
        }
        base -= REBASE;
    }

    /** LZ77 over {@code buf[from, to)}: fills {@link #symbols} and the frequencies; returns the number of symbols. */
    private int parse(int from, int to) {
        Huffman h = huffman;
        int[] lit = h.litFreq;
        int[] dist = h.distFreq;
        java.util.Arrays.fill(lit, 0);
        java.util.Arrays.fill(dist, 0);
        byte[] b = buf;
        int[] table = head;
        int[] syms = symbols;
        int n = 0;
        int p = from;
        int lastHashable = to - MIN_MATCH;
        int misses = 0;
        while (p <= lastHashable) {
            int v = (int) INT.get(b, p);
            int slot = hash(v);
            int abs = base + p;
            int candidate = table[slot] - 1;
            table[slot] = abs + 1;
            int d = abs - candidate;
            if (candidate >= 0 && d <= WINDOW && (int) INT.get(b, candidate - base) == v) {
                int length = matchLength(candidate - base, p, Math.min(MAX_MATCH, to - p));
                syms[n++] = d << 9 | length;
                lit[Codes.LENGTH_SYMBOL[length]]++;
                dist[Codes.distanceCode(d)]++;
                int end = p + length;
                int insertEnd = Math.min(end, lastHashable + 1);
                if (length <= INSERT_WITHIN) {
                    for (int q = p + 1; q < insertEnd; q++) {
                        table[hash((int) INT.get(b, q))] = base + q + 1;
                    }
                }
                p = end;
                misses = 0;
            } else {
                int step = 1 + (misses++ >>> SKIP_SHIFT);
                int stop = Math.min(p + step, lastHashable + 1);
                do {
                    int c = b[p] & 0xFF;
                    syms[n++] = c;
                    lit[c]++;
                    p++;
                } while (p < stop);
            }
        }
        for (; p < to; p++) {
            int c = b[p] & 0xFF;
            syms[n++] = c;
            lit[c]++;
        }
        lit[Codes.END_OF_BLOCK]++;
        return n;
    }

    private static int hash(int v) {
        return (v * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    private int matchLength(int a, int b, int max) {
        byte[] x = buf;
        int n = MIN_MATCH;
        while (n + 8 <= max) {
            long diff = (long) LONG.get(x, a + n) ^ (long) LONG.get(x, b + n);
            if (diff != 0) {
                return n + (Long.numberOfTrailingZeros(diff) >>> 3);
            }
            n += 8;
        }
        while (n < max && x[a + n] == x[b + n]) {
            n++;
        }
        return n;
    }

    private void writeBlock(int from, int to, int count, boolean last) throws IOException {
        Huffman h = huffman;
        long extra = h.extraBits();
        long dynamic = h.buildDynamic() + extra;
        long fixed = h.fixedBits() + extra;
        int raw = to - from;
        int chunks = Math.max(1, (raw + STORED_MAX - 1) / STORED_MAX);
        long stored = 8L * raw + chunks * (3 + 7 + 32L);
        int finalBit = last ? 1 : 0;
        if (stored <= dynamic && stored <= fixed) {
            writeStored(from, to, last);
        } else if (fixed <= dynamic) {
            putBits(finalBit | 1 << 1, 3);
            writeSymbols(count, Codes.FIXED_LIT_CODE, Codes.FIXED_LIT_LENGTH, Codes.FIXED_DIST_CODE,
                    Codes.FIXED_DIST_LENGTH);
        } else {
            putBits(finalBit | 2 << 1, 3);
            writeDynamicHeader(h);
            writeSymbols(count, h.litCode, h.litLength, h.distCode, h.distLength);
        }
    }

    private void writeStored(int from, int to, boolean last) throws IOException {
        int p = from;
        do {
            int n = Math.min(STORED_MAX, to - p);
            boolean lastChunk = p + n == to;
            putBits(last && lastChunk ? 1 : 0, 3);
            alignToByte();
            putBytes16(n);
            putBytes16(~n & 0xFFFF);
            putRaw(buf, p, n);
            p += n;
        } while (p < to);
    }

    private void writeDynamicHeader(Huffman h) throws IOException {
        putBits(h.hlit - 257, 5);
        putBits(h.hdist - 1, 5);
        putBits(h.hclen - 4, 4);
        for (int i = 0; i < h.hclen; i++) {
            putBits(h.clLength[Codes.CL_ORDER[i]], 3);
        }
        for (int i = 0; i < h.clCount; i++) {
            int s = h.clSymbols[i];
            putBits(h.clCode[s], h.clLength[s]);
            switch (s) {
                case 16 -> putBits(h.clExtra[i], 2);
                case 17 -> putBits(h.clExtra[i], 3);
                case 18 -> putBits(h.clExtra[i], 7);
                default -> { }
            }
        }
    }

    private void writeSymbols(int count, int[] litCode, int[] litLength, int[] distCode, int[] distLength)
            throws IOException {
        int[] syms = symbols;
        byte[] o = outBuf;
        long bits = bitBuf;
        int n = bitCount;
        int pos = outPos;
        // bits are added without a check and whole bytes written after each symbol: at most 7 bits are left over,
        // and a length with its distance adds at most 48
        if (pos > OUT_SIZE - 8) {
            flushOut();
            pos = 0;
        }
        LONG.set(o, pos, bits);
        pos += n >>> 3;
        bits >>>= n & ~7;
        n &= 7;
        for (int i = 0; i < count; i++) {
            if (pos > OUT_SIZE - 8) {
                outPos = pos;
                flushOut();
                pos = 0;
            }
            int s = syms[i];
            if (s < 256) {
                bits |= (long) litCode[s] << n;
                n += litLength[s];
            } else {
                int length = s & 0x1FF;
                int d = s >>> 9;
                int ls = Codes.LENGTH_SYMBOL[length];
                int li = ls - 257;
                int lb = litLength[ls];
                bits |= (long) (litCode[ls] | (length - Codes.LENGTH_BASE[li]) << lb) << n;
                n += lb + Codes.LENGTH_EXTRA[li];
                int dc = Codes.distanceCode(d);
                int db = distLength[dc];
                bits |= (long) (distCode[dc] | (d - Codes.DIST_BASE[dc]) << db) << n;
                n += db + Codes.DIST_EXTRA[dc];
            }
            LONG.set(o, pos, bits);
            pos += n >>> 3;
            bits >>>= n & ~7;
            n &= 7;
        }
        outPos = pos;
        bitBuf = bits;
        bitCount = n;
        putBits(litCode[Codes.END_OF_BLOCK], litLength[Codes.END_OF_BLOCK]);
    }

    // ---- bit and byte output -------------------------------------------------------------------------------------

    /** Appends {@code n} (at most 32) bits, least significant first. */
    private void putBits(int bits, int n) throws IOException {
        bitBuf |= (bits & 0xFFFFFFFFL) << bitCount;
        bitCount += n;
        if (bitCount >= 32) {
            if (outPos > OUT_SIZE - 4) {
                flushOut();
            }
            INT.set(outBuf, outPos, (int) bitBuf);
            outPos += 4;
            bitBuf >>>= 32;
            bitCount -= 32;
        }
    }

    private void alignToByte() throws IOException {
        bitCount = (bitCount + 7) & ~7;
        while (bitCount > 0) {
            if (outPos == OUT_SIZE) {
                flushOut();
            }
            outBuf[outPos++] = (byte) bitBuf;
            bitBuf >>>= 8;
            bitCount -= 8;
        }
        bitBuf = 0;
    }

    private void putBytes16(int v) throws IOException {
        putRaw(new byte[] {(byte) v, (byte) (v >>> 8)}, 0, 2);
    }

    private void putBytes(int v) throws IOException {
        putRaw(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)}, 0, 4);
    }

    /** Raw bytes, on a byte boundary. */
    private void putRaw(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (outPos == OUT_SIZE) {
                flushOut();
            }
            int n = Math.min(len, OUT_SIZE - outPos);
            System.arraycopy(b, off, outBuf, outPos, n);
            outPos += n;
            off += n;
            len -= n;
        }
    }

    private void flushOut() throws IOException {
        if (outPos > 0) {
            out.write(outBuf, 0, outPos);
            outPos = 0;
        }
    }

    // ---- codes ---------------------------------------------------------------------------------------------------

    /** Deflate's fixed tables (RFC 1951, 3.2.5 and 3.2.6). */
    static final class Codes {
        static final int END_OF_BLOCK = 256;
        static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67,
            83, 99, 115, 131, 163, 195, 227, 258};
        static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
            5, 5, 5, 5, 0};
        static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
            1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
        static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
            11, 11, 12, 12, 13, 13};
        static final int[] CL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
        /** Length 3–258 to its symbol 257–285. */
        static final int[] LENGTH_SYMBOL = new int[MAX_MATCH + 1];
        /** Distance − 1 to its code, for distances up to 256. */
        private static final byte[] DIST_SMALL = new byte[256];
        /** (Distance − 1) / 128 to its code, for distances above 256. */
        private static final byte[] DIST_LARGE = new byte[256];
        static final int[] FIXED_LIT_CODE = new int[288];
        static final int[] FIXED_LIT_LENGTH = new int[288];
        static final int[] FIXED_DIST_CODE = new int[30];
        static final int[] FIXED_DIST_LENGTH = new int[30];

        static {
            for (int i = 0; i < LENGTH_BASE.length; i++) {
                int top = i == LENGTH_BASE.length - 1 ? MAX_MATCH : LENGTH_BASE[i + 1] - 1;
                for (int len = LENGTH_BASE[i]; len <= top; len++) {
                    LENGTH_SYMBOL[len] = 257 + i;
                }
            }
            for (int c = 0; c < DIST_BASE.length; c++) {
                int end = DIST_BASE[c] + (1 << DIST_EXTRA[c]);
                for (int d = DIST_BASE[c]; d < end; d++) {
                    if (d <= 256) {
                        DIST_SMALL[d - 1] = (byte) c;
                    } else {
                        DIST_LARGE[(d - 1) >>> 7] = (byte) c;
                    }
                }
            }
            for (int s = 0; s < 288; s++) {
                FIXED_LIT_LENGTH[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
            }
            Huffman.canonical(FIXED_LIT_LENGTH, 288, FIXED_LIT_CODE);
            java.util.Arrays.fill(FIXED_DIST_LENGTH, 5);
            Huffman.canonical(FIXED_DIST_LENGTH, 30, FIXED_DIST_CODE);
        }

        static int distanceCode(int d) {
            return d <= 256 ? DIST_SMALL[d - 1] : DIST_LARGE[(d - 1) >>> 7];
        }

        private Codes() {
        }
    }

    /** One block's Huffman codes: frequencies in, code lengths, codes and the dynamic header out. */
    static final class Huffman {
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
                bits += (long) litFreq[257 + i] * Codes.LENGTH_EXTRA[i];
            }
            for (int i = 0; i < 30; i++) {
                bits += (long) distFreq[i] * Codes.DIST_EXTRA[i];
            }
            return bits;
        }

        long fixedBits() {
            long bits = 3;
            for (int s = 0; s < 286; s++) {
                bits += (long) litFreq[s] * Codes.FIXED_LIT_LENGTH[s];
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
            while (hclen > 4 && clLength[Codes.CL_ORDER[hclen - 1]] == 0) {
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
            java.util.Arrays.fill(clFreq, 0);
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
            java.util.Arrays.fill(out, 0, n, 0);
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
            java.util.Arrays.sort(order, 0, used);
            int[] a = work;
            for (int i = 0; i < used; i++) {
                a[i] = (int) (order[i] >>> 16);
            }
            minimumRedundancy(a, used);
            // a[i] is now the length of the i-th least frequent symbol, non-increasing in i
            int[] count = perLength;
            java.util.Arrays.fill(count, 0);
            int longest = 0;
            for (int i = 0; i < used; i++) {
                count[a[i]]++;
                longest = Math.max(longest, a[i]);
            }
            if (longest > limit) {
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
            int i = 0;
            for (int len = Math.min(longest, limit); len > 0; len--) {
                for (int k = count[len]; k > 0; k--) {
                    out[(int) (order[i++] & 0xFFFF)] = len;
                }
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
}
