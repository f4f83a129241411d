package io.predlog.agent.sink.file;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Gzip (RFC 1952) with a deflate (RFC 1951) encoder of its own, made for event files: JSON lines that repeat their
 * field names, process fields and much of their structure from one line to the next. Any gzip reader reads what it
 * writes.
 *
 * <p>Per 64 KiB of input: greedy LZ77 over a 32 KiB window with one hash probe per position (eight bytes hashed, so
 * a probe finds where the next eight bytes last occurred: in JSON lines the short matches a four-byte hash finds, such
 * as {@code ","} before another key, cost more to code than their literals and hide the longer match a few bytes on;
 * matches of four bytes or more are taken, extended eight bytes at a time; probes step further through a run of bytes
 * that match nothing, such as random ids), then the block written with the cheapest of a dynamic Huffman code
 * ({@link HuffmanCodes}), the fixed code ({@link DeflateCodes}), or no compression. That is the work of zlib's
 * level 1 with fewer steps per byte: on event files it takes about half the CPU time of {@code java.util.zip} at
 * {@code BEST_SPEED} for an output a little smaller (docs/PERFORMANCE.md, "File sink").
 *
 * <p>Not thread-safe; one stream per file. Allocates its buffers (about 0.7 MB) once, when made.
 */
public final class GzipStream extends OutputStream {

    private static final int WINDOW = 32 * 1024;
    private static final int BLOCK = 64 * 1024;
    private static final int MIN_MATCH = 4;
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
    /**
     * Window of history, then the block being filled; {@code PAD} spare bytes: eight-byte reads never overrun (a hash
     * of one of the block's last seven positions reads bytes past its end, which only costs that position a match).
     */
    private final byte[] buf = new byte[WINDOW + BLOCK + PAD];
    /** Per hash of eight bytes: the absolute position, plus one, where they last started; 0 for none. */
    private final int[] head = new int[1 << HASH_BITS];
    /** The block's symbols: a literal byte (below 256), or {@code distance << 9 | length}. */
    private final int[] symbols = new int[BLOCK];
    private final HuffmanCodes huffman = new HuffmanCodes();
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
        HuffmanCodes h = huffman;
        int[] lit = h.litFreq;
        int[] dist = h.distFreq;
        Arrays.fill(lit, 0);
        Arrays.fill(dist, 0);
        byte[] b = buf;
        int[] table = head;
        int[] syms = symbols;
        int n = 0;
        int p = from;
        int lastHashable = to - MIN_MATCH;
        int misses = 0;
        while (p <= lastHashable) {
            int v = (int) INT.get(b, p);
            int slot = hash(b, p);
            int abs = base + p;
            int candidate = table[slot] - 1;
            table[slot] = abs + 1;
            int d = abs - candidate;
            if (candidate >= 0 && d <= WINDOW && (int) INT.get(b, candidate - base) == v) {
                int length = matchLength(candidate - base, p, Math.min(DeflateCodes.MAX_MATCH, to - p));
                syms[n++] = d << 9 | length;
                lit[DeflateCodes.LENGTH_SYMBOL[length]]++;
                dist[DeflateCodes.distanceCode(d)]++;
                int end = p + length;
                int insertEnd = Math.min(end, lastHashable + 1);
                if (length <= INSERT_WITHIN) {
                    for (int q = p + 1; q < insertEnd; q++) {
                        table[hash(b, q)] = base + q + 1;
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
        lit[DeflateCodes.END_OF_BLOCK]++;
        return n;
    }

    /** The hash of the eight bytes at {@code p}. */
    private static int hash(byte[] b, int p) {
        return (int) (((long) LONG.get(b, p) * 0x9E3779B97F4A7C15L) >>> (64 - HASH_BITS));
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
        HuffmanCodes h = huffman;
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
            writeSymbols(count, DeflateCodes.FIXED_LIT_CODE, DeflateCodes.FIXED_LIT_LENGTH,
                    DeflateCodes.FIXED_DIST_CODE, DeflateCodes.FIXED_DIST_LENGTH);
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

    private void writeDynamicHeader(HuffmanCodes h) throws IOException {
        putBits(h.hlit - 257, 5);
        putBits(h.hdist - 1, 5);
        putBits(h.hclen - 4, 4);
        for (int i = 0; i < h.hclen; i++) {
            putBits(h.clLength[DeflateCodes.CL_ORDER[i]], 3);
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
                int ls = DeflateCodes.LENGTH_SYMBOL[length];
                int li = ls - 257;
                int lb = litLength[ls];
                bits |= (long) (litCode[ls] | (length - DeflateCodes.LENGTH_BASE[li]) << lb) << n;
                n += lb + DeflateCodes.LENGTH_EXTRA[li];
                int dc = DeflateCodes.distanceCode(d);
                int db = distLength[dc];
                bits |= (long) (distCode[dc] | (d - DeflateCodes.DIST_BASE[dc]) << db) << n;
                n += db + DeflateCodes.DIST_EXTRA[dc];
            }
            LONG.set(o, pos, bits);
            pos += n >>> 3;
            bits >>>= n & ~7;
            n &= 7;
        }
        outPos = pos;
        bitBuf = bits;
        bitCount = n;
        putBits(litCode[DeflateCodes.END_OF_BLOCK], litLength[DeflateCodes.END_OF_BLOCK]);
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
}
