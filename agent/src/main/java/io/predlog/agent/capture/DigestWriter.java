package io.predlog.agent.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
