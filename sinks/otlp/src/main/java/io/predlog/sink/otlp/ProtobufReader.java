package io.predlog.sink.otlp;

import java.util.Arrays;

/**
 * Reads the protobuf wire format field by field: enough for a response's few fields. Throws
 * {@link IllegalArgumentException} on a malformed message.
 */
final class ProtobufReader {

    private final byte[] bytes;
    private int position;
    private final int end;
    private int tag;

    ProtobufReader(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    /** Moves to the next field; false at the end. */
    boolean next() {
        if (position >= end) {
            return false;
        }
        tag = (int) varint();
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    /** The current field's varint value. */
    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw new IllegalArgumentException("a varint runs past the message");
            }
            byte b = bytes[position++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a varint of more than 10 bytes");
    }

    /** The current length-delimited field's bytes. */
    byte[] bytes() {
        int length = length();
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    /** The current length-delimited field, read as a message. */
    ProtobufReader message() {
        int length = length();
        ProtobufReader nested = new ProtobufReader(bytes, position, length);
        position += length;
        return nested;
    }

    /** Skips the current field's value. */
    void skip() {
        switch (wireType()) {
            case 0 -> varint();
            case 1 -> position += 8;
            case 2 -> position += length();
            case 5 -> position += 4;
            default -> throw new IllegalArgumentException("wire type " + wireType());
        }
    }

    private int length() {
        long length = varint();
        if (length < 0 || length > end - position) {
            throw new IllegalArgumentException("a field of " + length + " bytes runs past the message");
        }
        return (int) length;
    }
}
