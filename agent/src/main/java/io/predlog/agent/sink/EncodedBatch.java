package io.predlog.agent.sink;

import io.predlog.agent.event.Event;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A batch of events and their encoding: JSON Lines in one contiguous byte buffer ({@link #array()}, bytes
 * {@code 0..byteLength()}), with each event's line at {@link #offset}/{@link #length} (its trailing
 * {@code '\n'} included). Byte-stream sinks write the buffer in one call; per-event sinks (Kafka, OTLP) slice it.
 *
 * <p>The dispatcher fills it ({@link #appender()}, then {@link #commit} or {@link #rollback} per event) and
 * reuses it for the next batch once every sink has returned; a sink must neither modify it nor keep a
 * reference to it, its array or its buffers after {@code write} returns. Not thread-safe.
 */
public final class EncodedBatch {

    /** A buffer grown past this by an unusually large batch is let go after the batch. */
    static final int RETAINED_BYTES_LIMIT = 4 << 20;

    private final int initialBytes;
    private Event[] events;
    private int[] ends;
    private byte[] bytes;
    private int count;
    private int length;
    private final OutputStream appender = new Appender();

    /** A batch sized for {@code expectedEvents} events of {@code expectedBytes} bytes in all; it grows as needed. */
    public EncodedBatch(int expectedEvents, int expectedBytes) {
        this.events = new Event[Math.max(1, expectedEvents)];
        this.ends = new int[events.length];
        this.initialBytes = Math.max(64, expectedBytes);
        this.bytes = new byte[initialBytes];
    }

    // ---- filling (the dispatcher) ----

    /** Empties the batch for reuse. */
    public void clear() {
        Arrays.fill(events, 0, count, null);
        count = 0;
        length = 0;
        if (bytes.length > RETAINED_BYTES_LIMIT) {
            bytes = new byte[initialBytes];
        }
    }

    /**
     * Appends {@code other}'s committed events and lines after this batch's, reusing this batch's arrays while they
     * are large enough: how one batch is handed to sinks that each write it on a thread of their own.
     */
    public void append(EncodedBatch other) {
        rollback();
        int n = other.count;
        int bytesUsed = other.byteLength();
        if (events.length < count + n) {
            int size = Math.max(count + n, events.length * 2);
            events = Arrays.copyOf(events, size);
            ends = Arrays.copyOf(ends, size);
        }
        ensure(bytesUsed);
        System.arraycopy(other.events, 0, events, count, n);
        for (int i = 0; i < n; i++) {
            ends[count + i] = length + other.ends[i];
        }
        System.arraycopy(other.bytes, 0, bytes, length, bytesUsed);
        count += n;
        length += bytesUsed;
    }

    /** The stream that appends bytes to the event being built; they become its line at {@link #commit}. */
    public OutputStream appender() {
        return appender;
    }

    /** Ends the event being built: the bytes appended since the previous commit are its line. */
    public void commit(Event event) {
        if (count == events.length) {
            events = Arrays.copyOf(events, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        events[count] = event;
        ends[count] = length;
        count++;
    }

    /** Bytes appended since the last commit: the size of the event being built. */
    public int pendingBytes() {
        return length - (count == 0 ? 0 : ends[count - 1]);
    }

    /** Discards the bytes appended since the last commit (an event that failed to encode). */
    public void rollback() {
        length = count == 0 ? 0 : ends[count - 1];
    }

    // ---- reading (the sinks) ----

    /** Number of events. */
    public int size() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The {@code i}-th event, as recorded. */
    public Event event(int i) {
        checkIndex(i);
        return events[i];
    }

    /** Where the {@code i}-th event's line starts in {@link #array()}. */
    public int offset(int i) {
        checkIndex(i);
        return i == 0 ? 0 : ends[i - 1];
    }

    /** Length in bytes of the {@code i}-th event's line, its {@code '\n'} included. */
    public int length(int i) {
        return ends[i] - offset(i);
    }

    /** The backing array: JSON Lines in bytes {@code 0..byteLength()}. Read only; valid until {@code write} returns. */
    public byte[] array() {
        return bytes;
    }

    /** Bytes of all the committed lines. */
    public int byteLength() {
        return count == 0 ? 0 : ends[count - 1];
    }

    /** A read-only view of all the committed lines. */
    public ByteBuffer bytes() {
        return ByteBuffer.wrap(bytes, 0, byteLength()).asReadOnlyBuffer();
    }

    /** A read-only view of the {@code i}-th event's line. */
    public ByteBuffer bytes(int i) {
        return ByteBuffer.wrap(bytes, offset(i), length(i)).slice().asReadOnlyBuffer();
    }

    /** Writes all the committed lines to {@code out} in one call. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, byteLength());
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("event " + i + " of " + count);
        }
    }

    private void ensure(int extra) {
        int needed = length + extra;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }

    private final class Appender extends OutputStream {
        @Override
        public void write(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }
    }
}
