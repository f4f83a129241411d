package io.predlog.agent.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.security.MessageDigest;

/**
 * The hash's byte writer: canonical bytes go into a reusable buffer that is fed to a {@link MessageDigest} in
 * chunks, counted, and stopped exactly at the byte bound. One per walker (so one per thread); not thread-safe.
 *
 * <p>A final class on purpose: every canonical byte of every walk goes through it, and one implementation keeps
 * its call sites monomorphic, so the JIT inlines the writes into the walk (see docs/PERFORMANCE.md).
 *
 * <p>When the bound is met, the bytes up to the bound are kept (so a truncated hash is the hash of a
 * prefix of the canonical bytes) and {@link BoundReached} unwinds the walk.
 */
final class DigestWriter {

    private static final int BUFFER_SIZE = 8192;
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf = new byte[BUFFER_SIZE];
    /** Scratch for number digits, reused. */
    final byte[] digits = new byte[JcsNumber.BUFFER];
    private MessageDigest digest;
    private int pos;
    /** Bytes already handed to the digest. */
    private long flushed;
    private long limit;
    /** Writes below this index need no check: min(buffer end, byte bound). */
    private int end;
    private boolean boundMet;
    /**
     * Little-endian views of {@link #buf}, one per alignment of a 4- or 8-byte element (view {@code k} starts at
     * byte {@code k}), for the bulk writes of tensors: made when first needed.
     */
    private FloatBuffer[] floatViews;
    private IntBuffer[] intViews;
    private DoubleBuffer[] doubleViews;
    private LongBuffer[] longViews;

    /** Starts a new value: the digest must be fresh (reset). */
    void start(MessageDigest digest, long limit) {
        this.digest = digest;
        this.limit = limit;
        this.pos = 0;
        this.flushed = 0;
        this.boundMet = false;
        this.end = (int) Math.min(BUFFER_SIZE, limit);
    }

    /** Canonical bytes written so far (never more than the bound). */
    long count() {
        return flushed + pos;
    }

    /** Whether the byte bound stopped the writing. */
    boolean boundMet() {
        return boundMet;
    }

    /** Hands the remaining bytes to the digest. */
    void finish() {
        if (pos > 0) {
            digest.update(buf, 0, pos);
            flushed += pos;
            pos = 0;
        }
    }

    /**
     * Where a number's text may be formatted in place ({@link JcsNumber#format(double, byte[], int)} into
     * {@link #numberArray}): the write position when {@link JcsNumber#BUFFER} bytes fit before both the buffer's end
     * and the byte bound, else -1, and the text goes into {@link #digits}. Either way it becomes part of the bytes
     * only by {@link #take}.
     */
    int numberAt() {
        return end - pos >= JcsNumber.BUFFER ? pos : -1;
    }

    /** The array a number's text is formatted into for {@link #numberAt()} {@code at}: the buffer, or the scratch. */
    byte[] numberArray(int at) {
        return at >= 0 ? buf : digits;
    }

    /**
     * Makes the {@code n} bytes of a number's text part of the bytes: formatted in place at {@link #numberAt()}
     * {@code at}, or into {@link #digits} from index 0 when that was -1.
     */
    void take(int at, int n) {
        if (at >= 0) {
            pos += n;
        } else {
            write(digits, 0, n);
        }
    }

    void write(int b) {
        if (pos >= end) {
            makeRoom();
        }
        buf[pos++] = (byte) b;
    }

    /** ASCII text (the caller guarantees every char is below 0x80). */
    void writeAscii(String s) {
        int n = s.length();
        if (end - pos >= n) {
            for (int i = 0; i < n; i++) {
                buf[pos++] = (byte) s.charAt(i);
            }
        } else {
            for (int i = 0; i < n; i++) {
                write(s.charAt(i));
            }
        }
    }

    void write(byte[] b, int off, int len) {
        int p = pos;
        if (end - p >= len) {
            if (len >= 8 && len <= 32) {
                // numbers and keys: 8 bytes at a time (the last word overlapping), cheaper than
                // System.arraycopy's set-up or a byte loop at these lengths
                byte[] to = buf;
                int last = len - 8;
                for (int i = 0; i < last; i += 8) {
                    LONG_LE.set(to, p + i, (long) LONG_LE.get(b, off + i));
                }
                LONG_LE.set(to, p + last, (long) LONG_LE.get(b, off + last));
            } else if (len < 8) {
                byte[] to = buf;
                for (int i = 0; i < len; i++) {
                    to[p + i] = b[off + i];
                }
            } else {
                System.arraycopy(b, off, buf, p, len);
            }
            pos = p + len;
            return;
        }
        while (len > 0) {
            if (pos >= end) {
                makeRoom();
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(b, off, buf, pos, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    void writeShortLE(short v) {
        if (end - pos >= 2) {
            SHORT_LE.set(buf, pos, v);
            pos += 2;
        } else {
            write(v);
            write(v >>> 8);
        }
    }

    void writeIntLE(int v) {
        if (end - pos >= 4) {
            INT_LE.set(buf, pos, v);
            pos += 4;
        } else {
            for (int i = 0; i < 4; i++) {
                write(v >>> (8 * i));
            }
        }
    }

    void writeLongLE(long v) {
        if (end - pos >= 8) {
            LONG_LE.set(buf, pos, v);
            pos += 8;
        } else {
            for (int i = 0; i < 8; i++) {
                write((int) (v >>> (8 * i)));
            }
        }
    }

    /**
     * How many of {@code wanted} elements of {@code size} bytes fit before the buffer must be flushed (or the
     * bound met): the bulk writes below take at most that many, and a caller that gets 0 writes one element with
     * {@link #writeIntLE}/{@link #writeLongLE}, which makes room, or cuts the element at the bound.
     */
    int room(int size, int wanted) {
        return Math.min(wanted, (end - pos) / size);
    }

    /** Writes {@code n} floats' raw bits from {@code a[from]}, little-endian; {@code n} at most {@link #room}. */
    void putFloatsLE(float[] a, int from, int n) {
        if (floatViews == null) {
            floatViews = new FloatBuffer[4];
            for (int k = 0; k < 4; k++) {
                floatViews[k] = view(k).asFloatBuffer();
            }
        }
        int k = pos & 3;
        floatViews[k].put((pos - k) >> 2, a, from, n);
        pos += n << 2;
    }

    /** Writes {@code n} ints from {@code a[from]}, little-endian; {@code n} at most {@link #room}. */
    void putIntsLE(int[] a, int from, int n) {
        if (intViews == null) {
            intViews = new IntBuffer[4];
            for (int k = 0; k < 4; k++) {
                intViews[k] = view(k).asIntBuffer();
            }
        }
        int k = pos & 3;
        intViews[k].put((pos - k) >> 2, a, from, n);
        pos += n << 2;
    }

    /** Writes {@code n} doubles' raw bits from {@code a[from]}, little-endian; {@code n} at most {@link #room}. */
    void putDoublesLE(double[] a, int from, int n) {
        if (doubleViews == null) {
            doubleViews = new DoubleBuffer[8];
            for (int k = 0; k < 8; k++) {
                doubleViews[k] = view(k).asDoubleBuffer();
            }
        }
        int k = pos & 7;
        doubleViews[k].put((pos - k) >> 3, a, from, n);
        pos += n << 3;
    }

    /** Writes {@code n} longs from {@code a[from]}, little-endian; {@code n} at most {@link #room}. */
    void putLongsLE(long[] a, int from, int n) {
        if (longViews == null) {
            longViews = new LongBuffer[8];
            for (int k = 0; k < 8; k++) {
                longViews[k] = view(k).asLongBuffer();
            }
        }
        int k = pos & 7;
        longViews[k].put((pos - k) >> 3, a, from, n);
        pos += n << 3;
    }

    /** The buffer from byte {@code k} on, little-endian. */
    private ByteBuffer view(int k) {
        return ByteBuffer.wrap(buf, k, BUFFER_SIZE - k).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private void makeRoom() {
        if (flushed + pos >= limit) {
            boundMet = true;
            throw BoundReached.INSTANCE;
        }
        digest.update(buf, 0, pos);
        flushed += pos;
        pos = 0;
        end = (int) Math.min(BUFFER_SIZE, limit - flushed);
    }
}
