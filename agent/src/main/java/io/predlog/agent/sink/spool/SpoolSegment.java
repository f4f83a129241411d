package io.predlog.agent.sink.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * One segment file of a {@link Spool}: {@code <20-digit sequence>.spool}, records framed as
 * {@code [int length][int CRC32C of the payload][payload]} (big-endian), appended at its end and read back by offset.
 * Which records are still queued is the spool's to know; a segment only frames, checks and stores them. Not
 * thread-safe.
 */
final class SpoolSegment {

    /** The bytes in front of each record's payload: its length and its CRC32C. */
    static final int FRAME = 8;

    final long sequence;
    final Path path;
    private final FileChannel channel;
    /** Of the file. */
    long size;
    /** Of the readable records: the size, unless a damaged record was found. */
    long end;

    private SpoolSegment(long sequence, Path path, FileChannel channel, long size) {
        this.sequence = sequence;
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.end = size;
    }

    /** A new, empty segment file (0640 where the file system has POSIX permissions); fails if it exists. */
    static SpoolSegment create(Path dir, long sequence) throws IOException {
        Path path = dir.resolve(name(sequence));
        FileChannel channel = Spool.posix(path)
                ? FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")))
                : FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        return new SpoolSegment(sequence, path, channel, 0);
    }

    /** The segment file a previous spool left, as it is on disk. */
    static SpoolSegment open(Path dir, long sequence) throws IOException {
        Path path = dir.resolve(name(sequence));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new SpoolSegment(sequence, path, channel, channel.size());
    }

    static String name(long sequence) {
        return String.format("%020d", sequence) + Spool.SUFFIX;
    }

    /** Appends one record, framed: {@link #FRAME} bytes more than {@code length} on disk. */
    void append(byte[] payload, int offset, int length) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(payload, offset, length);
        ByteBuffer frame = ByteBuffer.allocate(FRAME).putInt(length).putInt((int) crc.getValue()).flip();
        ByteBuffer[] parts = {frame, ByteBuffer.wrap(payload, offset, length)};
        long total = FRAME + (long) length;
        long written = 0;
        while (written < total) {
            channel.position(size + written);
            written += channel.write(parts);
        }
        if (end == size) {
            end += total;
        }
        size += total;
    }

    /** The record at {@code offset}, or null when it is not a whole record with a matching CRC. */
    byte[] read(long offset) throws IOException {
        if (offset + FRAME > size) {
            return null;
        }
        ByteBuffer frame = ByteBuffer.allocate(FRAME);
        readFully(frame, offset);
        int length = frame.getInt(0);
        if (length <= 0 || length > Spool.MAX_RECORD_BYTES || offset + FRAME + length > size) {
            return null;
        }
        byte[] payload = new byte[length];
        readFully(ByteBuffer.wrap(payload), offset + FRAME);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue() == frame.getInt(4) ? payload : null;
    }

    /** Where the whole records starting at {@code from} end. */
    long validEnd(long from) throws IOException {
        long offset = from;
        while (offset < size) {
            byte[] record = read(offset);
            if (record == null) {
                break;
            }
            offset += FRAME + record.length;
        }
        return offset;
    }

    /** Cuts the file at {@code end}, forced to the device. */
    void truncate(long end) throws IOException {
        channel.truncate(end);
        channel.force(false);
        this.size = end;
        this.end = end;
    }

    /** Forces what was appended to the device. */
    void force() throws IOException {
        channel.force(false);
    }

    void close() throws IOException {
        channel.close();
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException(path + " ends at " + (position + buffer.position()));
            }
        }
    }
}
