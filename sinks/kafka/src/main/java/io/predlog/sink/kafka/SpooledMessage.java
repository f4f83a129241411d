package io.predlog.sink.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One Kafka message as the sink keeps it: its key (null for none) and its value, the event's JSON line without its
 * newline. In the spool as {@code [int key length, -1 for none][key][value]}.
 */
record SpooledMessage(byte[] key, byte[] value) {

    /** The message of a line ({@code length} bytes at {@code offset}, its {@code '\n'} left off) under {@code key}. */
    static SpooledMessage of(String key, byte[] line, int offset, int length) {
        int end = length > 0 && line[offset + length - 1] == '\n' ? length - 1 : length;
        byte[] value = new byte[end];
        System.arraycopy(line, offset, value, 0, end);
        return new SpooledMessage(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    /** The spool record. */
    byte[] encode() {
        int keyLength = key == null ? -1 : key.length;
        ByteBuffer out = ByteBuffer.allocate(4 + Math.max(0, keyLength) + value.length).putInt(keyLength);
        if (key != null) {
            out.put(key);
        }
        return out.put(value).array();
    }

    /**
     * The message a spool record holds.
     *
     * @throws IllegalArgumentException when the record is not one {@link #encode} made
     */
    static SpooledMessage decode(byte[] record) {
        if (record.length < 4) {
            throw new IllegalArgumentException("a spooled message of " + record.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(record);
        int keyLength = in.getInt();
        if (keyLength < -1 || keyLength > in.remaining()) {
            throw new IllegalArgumentException("a spooled message whose key length is " + keyLength);
        }
        byte[] key = null;
        if (keyLength >= 0) {
            key = new byte[keyLength];
            in.get(key);
        }
        byte[] value = new byte[in.remaining()];
        in.get(value);
        return new SpooledMessage(key, value);
    }
}
