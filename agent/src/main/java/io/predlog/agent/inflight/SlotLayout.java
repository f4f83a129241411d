package io.predlog.agent.inflight;

import io.predlog.agent.context.HexDigits;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The in-flight record's file layout, which {@link InflightTable} writes and {@link InflightFile} reads:
 * little-endian, a {@value #HEADER_SIZE}-byte header — magic {@code "PLIF"}, version, slot size, slot count, owner
 * pid, owner start instant (epoch ms, or -1) — then the slots, {@value #SLOT_SIZE} bytes each. A slot: state (0 free,
 * 1 predict, 2 load), flags, call start (epoch ms), input hash prefix, input size, then length-prefixed ASCII strings
 * at fixed offsets: request id (128), target (64), method (160), model id (64), model version (32), thread (64).
 * Longer strings are cut; characters outside printable ASCII become {@code ?}.
 */
final class SlotLayout {

    static final int MAGIC = 0x46494C50; // "PLIF" little-endian
    static final int VERSION = 1;
    static final int HEADER_SIZE = 64;
    static final int SLOT_SIZE = 576;

    static final int FLAG_HASH = 1;
    static final int FLAG_TRUNCATED = 2;
    static final int FLAG_PARTIAL = 4;

    // slot offsets
    static final int STATE = 0;
    static final int FLAGS = 4;
    static final int START = 8;
    static final int HASH = 16;
    static final int SIZE = 24;
    static final int REQUEST_ID = 32;
    static final int REQUEST_ID_MAX = 128;
    static final int TARGET = REQUEST_ID + 2 + REQUEST_ID_MAX;   // 162
    static final int TARGET_MAX = 64;
    static final int METHOD = TARGET + 2 + TARGET_MAX;          // 228
    static final int METHOD_MAX = 160;
    static final int MODEL_ID = METHOD + 2 + METHOD_MAX;        // 390
    static final int MODEL_ID_MAX = 64;
    static final int MODEL_VERSION = MODEL_ID + 2 + MODEL_ID_MAX; // 456
    static final int MODEL_VERSION_MAX = 32;
    static final int THREAD = MODEL_VERSION + 2 + MODEL_VERSION_MAX; // 490
    static final int THREAD_MAX = 64;                            // ends at 556 <= SLOT_SIZE

    private SlotLayout() {
    }

    /**
     * A length-prefixed field of {@code value}'s first {@code max} characters, each outside printable ASCII as
     * {@code ?}; an empty field for null.
     */
    static void putAscii(ByteBuffer m, int offset, int max, String value) {
        if (value == null) {
            m.putShort(offset, (short) 0);
            return;
        }
        int length = Math.min(value.length(), max);
        int at = offset + 2;
        int i = 0;
        for (; i + 8 <= length; i += 8) { // eight characters per store (the buffer is little-endian)
            long word = 0;
            for (int k = 7; k >= 0; k--) {
                char c = value.charAt(i + k);
                word = (word << 8) | (c >= 0x20 && c < 0x7F ? c : '?');
            }
            m.putLong(at + i, word);
        }
        for (; i < length; i++) {
            char c = value.charAt(i);
            m.put(at + i, c >= 0x20 && c < 0x7F ? (byte) c : (byte) '?');
        }
        m.putShort(offset, (short) length);
    }

    /** A length-prefixed field of the 32 lowercase hex digits of {@code high} then {@code low}. */
    static void putHex(ByteBuffer m, int offset, long high, long low) {
        int at = offset + 2;
        // the mapping is little-endian: reversed, a word's first digit (its most significant byte) is stored first
        m.putLong(at, Long.reverseBytes(HexDigits.word((int) (high >>> 32))));
        m.putLong(at + 8, Long.reverseBytes(HexDigits.word((int) high)));
        m.putLong(at + 16, Long.reverseBytes(HexDigits.word((int) (low >>> 32))));
        m.putLong(at + 24, Long.reverseBytes(HexDigits.word((int) low)));
        m.putShort(offset, (short) 32);
    }

    /** {@code value}'s first {@code max} characters as {@link #putAscii} writes them. */
    static byte[] ascii(String value, int max) {
        int length = Math.min(value.length(), max);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            bytes[i] = c >= 0x20 && c < 0x7F ? (byte) c : (byte) '?';
        }
        return bytes;
    }

    /** The field {@link #putAscii} wrote at {@code offset}, or null when it is empty. */
    static String readAscii(ByteBuffer m, int offset, int max) {
        int length = Math.min(Math.max(0, m.getShort(offset)), max);
        if (length == 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        m.get(offset + 2, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
