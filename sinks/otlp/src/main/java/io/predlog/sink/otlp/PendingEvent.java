package io.predlog.sink.otlp;

import java.nio.ByteBuffer;

/**
 * One event the sink has accepted and not yet delivered: its JSON line (without the newline) and when the sink was
 * given it, the record's {@code observed_time_unix_nano}, which a replay from the spool keeps. In the spool as
 * {@code [long observed time][line]}.
 *
 * @param observedUnixNano when the sink was given the event, in nanoseconds since the epoch
 * @param line             the event's JSON line, without its newline
 */
record PendingEvent(long observedUnixNano, byte[] line) {

    /** The event of a batch's line ({@code length} bytes at {@code offset}, its {@code '\n'} left off). */
    static PendingEvent of(byte[] lines, int offset, int length, long observedUnixNano) {
        int end = length > 0 && lines[offset + length - 1] == '\n' ? length - 1 : length;
        byte[] line = new byte[end];
        System.arraycopy(lines, offset, line, 0, end);
        return new PendingEvent(observedUnixNano, line);
    }

    /** The spool record. */
    byte[] encode() {
        return ByteBuffer.allocate(8 + line.length).putLong(observedUnixNano).put(line).array();
    }

    /**
     * The event a spool record holds.
     *
     * @throws IllegalArgumentException when the record is too short to be one {@link #encode} made
     */
    static PendingEvent decode(byte[] record) {
        if (record.length <= 8) {
            throw new IllegalArgumentException("a spooled event of " + record.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(record);
        long observed = in.getLong();
        byte[] line = new byte[in.remaining()];
        in.get(line);
        return new PendingEvent(observed, line);
    }
}
