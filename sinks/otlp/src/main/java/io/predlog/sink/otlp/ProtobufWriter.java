package io.predlog.sink.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protobuf wire format, for the few field kinds OTLP's log messages use: varints, 64-bit fixed, doubles, strings,
 * bytes and nested messages. A nested message is written into a writer of its own and appended with its length
 * ({@link #message}). Not thread-safe; a growable byte array.
 */
final class ProtobufWriter {

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;

    private byte[] bytes;
    private int length;

    ProtobufWriter(int expectedBytes) {
        bytes = new byte[Math.max(16, expectedBytes)];
    }

    /** A varint field ({@code int64}, {@code uint32}, {@code bool}, an enum); proto3 leaves 0 out. */
    ProtobufWriter varint(int field, long value) {
        if (value != 0) {
            tag(field, VARINT);
            rawVarint(value);
        }
        return this;
    }

    /** A {@code bool} field written even when false: a oneof member has to be present to say which it is. */
    ProtobufWriter bool(int field, boolean value) {
        tag(field, VARINT);
        rawVarint(value ? 1 : 0);
        return this;
    }

    /** An {@code int64} oneof member, written even when 0. */
    ProtobufWriter int64(int field, long value) {
        tag(field, VARINT);
        rawVarint(value);
        return this;
    }

    /** A {@code fixed64} field; 0 left out. */
    ProtobufWriter fixed64(int field, long value) {
        if (value != 0) {
            tag(field, FIXED64);
            rawFixed64(value);
        }
        return this;
    }

    /** A {@code double} oneof member, written even when 0. */
    ProtobufWriter float64(int field, double value) {
        tag(field, FIXED64);
        rawFixed64(Double.doubleToRawLongBits(value));
        return this;
    }

    /** A {@code string} field, written even when empty (a oneof member, or an empty value that means itself). */
    ProtobufWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8), 0, -1);
    }

    /** A {@code bytes} field. */
    ProtobufWriter bytes(int field, byte[] value) {
        return bytes(field, value, 0, value.length);
    }

    /** A nested message: what {@code nested} holds, length first. */
    ProtobufWriter message(int field, ProtobufWriter nested) {
        return bytes(field, nested.bytes, 0, nested.length);
    }

    /** The encoding so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    int length() {
        return length;
    }

    private ProtobufWriter bytes(int field, byte[] value, int offset, int count) {
        int n = count < 0 ? value.length : count;
        tag(field, LENGTH_DELIMITED);
        rawVarint(n);
        ensure(n);
        System.arraycopy(value, offset, bytes, length, n);
        length += n;
        return this;
    }

    private void tag(int field, int wireType) {
        rawVarint((long) field << 3 | wireType);
    }

    private void rawVarint(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            bytes[length++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[length++] = (byte) v;
    }

    private void rawFixed64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[length++] = (byte) (value >>> (8 * i));
        }
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + extra, bytes.length * 2));
        }
    }
}
