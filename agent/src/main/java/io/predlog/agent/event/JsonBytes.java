package io.predlog.agent.event;

import io.predlog.agent.context.HexDigits;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 buffer with the few JSON primitives an event line needs, writing exactly the bytes Jackson's
 * {@code UTF8JsonGenerator} writes for them with the encoder's settings: strings escaped as Jackson escapes them
 * ({@code \"}, {@code \\}, {@code \b \t \n \f \r}, other control characters as {@code \}{@code u00XX}, everything
 * else as its UTF-8 bytes), integers in plain decimal. A string holding a surrogate is refused
 * ({@link #string} returns false): the caller encodes that event with Jackson instead, which decides what lone
 * surrogates become. Reused line after line; not thread-safe.
 */
final class JsonBytes {

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII character: 0 written as is, -1 as {@code \}{@code u00XX}, else the letter after a backslash. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 32; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private static final int CACHE_SLOTS = 256;
    private static final int CACHE_MAX_BYTES = 256;

    private byte[] bytes = new byte[2048];
    private final String[] cacheKeys = new String[CACHE_SLOTS];
    private final byte[][] cacheBytes = new byte[CACHE_SLOTS][];
    private int length;

    void reset() {
        length = 0;
    }

    int length() {
        return length;
    }

    /** Forgets what was written after {@code mark} (an earlier {@link #length()}). */
    void truncate(int mark) {
        length = mark;
    }

    /**
     * The buffer, with room for {@code extra} bytes from {@link #length()}: for a writer that fills a run of bytes
     * itself and then commits them with {@link #advanceTo}.
     */
    byte[] room(int extra) {
        ensure(extra);
        return bytes;
    }

    /** Takes the bytes written into {@link #room}'s buffer up to {@code end} as part of the line. */
    void advanceTo(int end) {
        length = end;
    }

    /** The buffer: the line in bytes {@code 0..length()}; valid until the next write. */
    byte[] array() {
        return bytes;
    }

    /** Copies the line written so far to {@code out} in one call. */
    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    void raw(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    void raw(byte[] b, int from, int to) {
        int n = to - from;
        ensure(n);
        System.arraycopy(b, from, bytes, length, n);
        length += n;
    }

    /** {@code "…"} around the 16 hex digits of {@code value} ({@link HexDigits}). */
    void hexString(long value) {
        ensure(18);
        byte[] b = bytes;
        int pos = length;
        b[pos] = '"';
        HexDigits.write(value, b, pos + 1);
        b[pos + 17] = '"';
        length = pos + 18;
    }

    /** {@code "…"} around the 16 hex digits of {@code high} then those of {@code low}. */
    void hexString(long high, long low) {
        ensure(34);
        byte[] b = bytes;
        int pos = length;
        b[pos] = '"';
        HexDigits.write(high, b, pos + 1);
        HexDigits.write(low, b, pos + 17);
        b[pos + 33] = '"';
        length = pos + 34;
    }

    /** ASCII characters, such as a formatted number, written as they are. */
    void ascii(char[] chars, int from, int to) {
        int n = to - from;
        ensure(n);
        byte[] b = bytes;
        int pos = length;
        for (int i = from; i < to; i++) {
            b[pos++] = (byte) chars[i];
        }
        length = pos;
    }

    /** An ASCII string, such as a formatted number, written as it is. */
    void ascii(String text) {
        int n = text.length();
        ensure(n);
        byte[] b = bytes;
        int pos = length;
        for (int i = 0; i < n; i++) {
            b[pos++] = (byte) text.charAt(i);
        }
        length = pos;
    }

    /** {@code value} in plain decimal, as Jackson writes an {@code int} or a {@code long}. */
    void number(long value) {
        if (value == Long.MIN_VALUE) {
            ascii(Long.toString(value));
            return;
        }
        ensure(20);
        long v = value;
        if (v < 0) {
            bytes[length++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long p = 10; digits < 19 && v >= p; p *= 10) {
            digits++;
        }
        int pos = length + digits;
        length = pos;
        do {
            bytes[--pos] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
    }

    /** A JSON string, or {@code null}, as Jackson writes it; false as {@link #string(String)}. */
    boolean stringOrNull(String value) {
        if (value == null) {
            raw(NULL);
            return true;
        }
        return string(value);
    }

    /**
     * {@code value} as a JSON string, quotes included; false, with nothing written, when it holds a surrogate
     * character.
     */
    boolean string(String value) {
        int n = value.length();
        ensure(n * 6 + 2);
        byte[] b = bytes;
        int pos = length;
        b[pos++] = '"';
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 128) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    b[pos++] = (byte) c;
                } else if (escape > 0) {
                    b[pos++] = '\\';
                    b[pos++] = escape;
                } else {
                    b[pos++] = '\\';
                    b[pos++] = 'u';
                    b[pos++] = '0';
                    b[pos++] = '0';
                    b[pos++] = HEX[c >> 4];
                    b[pos++] = HEX[c & 0xF];
                }
            } else if (c < 0x800) {
                b[pos++] = (byte) (0xC0 | (c >> 6));
                b[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                return false; // length unchanged: nothing of the string was committed
            } else {
                b[pos++] = (byte) (0xE0 | (c >> 12));
                b[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[pos++] = '"';
        length = pos;
        return true;
    }

    /**
     * {@code value} as {@link #string(String)} writes it, from a small cache of encoded strings: for the strings an
     * event repeats from call to call (a thread's name, a target, a method, a model id, field names), where the cost
     * of a hit is a comparison instead of a character-by-character escape.
     */
    boolean cachedString(String value) {
        int slot = value.hashCode() & (CACHE_SLOTS - 1);
        String key = cacheKeys[slot];
        if (key == value || value.equals(key)) {
            raw(cacheBytes[slot]);
            return true;
        }
        int start = length;
        if (!string(value)) {
            return false;
        }
        if (length - start <= CACHE_MAX_BYTES) {
            cacheBytes[slot] = Arrays.copyOfRange(bytes, start, length);
            cacheKeys[slot] = value;
        }
        return true;
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + extra, bytes.length * 2));
        }
    }
}
