package io.predlog.agent.sink.spool;

import io.predlog.agent.diagnostics.Diagnostics;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bounded first-in first-out queue of records on disk, for a network sink to keep what its back end cannot take
 * now and send it, in order, when it can: {@link #append} at the tail, {@link #peek} and {@link #remove} at the head.
 * A spool left non-empty by a previous process (stopped, or killed) is found again by {@link #open}.
 *
 * <p>On disk (docs/SINKS.md, "The spool"): segment files {@code <20-digit sequence>.spool} of records framed as
 * {@code [int length][int CRC32C of the payload][payload]} (big-endian), and a {@code head} file naming the segment
 * and offset of the first record not yet removed, and a {@code lock} file held while the spool is open, so that one
 * directory serves one spool at a time. Segments wholly behind the head are deleted; an empty spool keeps no
 * segment. Files are owner-and-group only (0640, directory 0750).
 *
 * <p>Durability: appends go to the operating system at once (a crash of the process loses nothing); they are forced
 * to the device when a segment is full, at {@link #close}, and by {@link #sync} at most once per {@link #SYNC_INTERVAL_MS}
 * ms, so a crash of the machine loses at most that last second. The head file is replaced atomically but not forced: after
 * a crash of the machine, records already removed may be sent again (at-least-once). A record torn by a crash at
 * the end of the last segment fails its length or CRC check and is cut off when the spool is opened.
 *
 * <p>Bound: segments together never exceed {@code maxBytes}; an append that would is refused and counted
 * ({@link #refused}). Not thread-safe: one thread, or the caller's lock.
 */
public final class Spool implements Closeable {

    /** Least interval between two forced writes by {@link #sync}. */
    public static final long SYNC_INTERVAL_MS = 1_000;
    /** The largest record: 64 MiB. */
    public static final int MAX_RECORD_BYTES = 64 << 20;

    static final String SUFFIX = ".spool";
    static final String HEAD = "head";
    static final String LOCK = "lock";

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final ArrayDeque<SpoolSegment> segments = new ArrayDeque<>();
    private long headOffset;        // in the first segment
    private long totalBytes;
    private long refused;
    private boolean unsynced;
    private long lastSyncNanos = System.nanoTime();
    private final List<long[]> peeked = new ArrayList<>(); // after each peeked record: {sequence, offset}

    private final FileChannel lockFile;

    private Spool(Path dir, long maxBytes, long segmentBytes, FileChannel lockFile) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens the spool in {@code dir}, creating the directory when absent, and finds what a previous process left:
     * records after the head, a torn last record cut off (and reported on stderr).
     *
     * @param maxBytes bound on the segments' total size, at least 64 KiB
     * @throws IllegalArgumentException for a bound below 64 KiB
     * @throws IOException              when the directory cannot be made or read, or another spool (of this process
     *                                  or another) has it open
     */
    public static Spool open(Path dir, long maxBytes) throws IOException {
        if (maxBytes < 64 << 10) {
            throw new IllegalArgumentException("a spool's bound must be at least 64 KiB, not " + maxBytes + " bytes");
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, posix(dir) ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---"))}
                    : new FileAttribute<?>[0]);
        }
        FileChannel lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = lockFile.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IOException("the spool directory " + dir + " is in use by another spool (one per directory)");
            }
            Spool spool = new Spool(dir, maxBytes, Math.max(64 << 10, Math.min(16L << 20, maxBytes / 16)), lockFile);
            spool.recover();
            return spool;
        } catch (IOException | RuntimeException e) {
            lockFile.close();
            throw e;
        }
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** Whether no record waits. */
    public boolean isEmpty() {
        SpoolSegment last = segments.peekLast();
        return last == null || (segments.size() == 1 && headOffset >= last.end);
    }

    /** Segment files and their bytes on disk (removed records included until their segment is deleted). */
    public long files() {
        return segments.size();
    }

    /** Bytes of the segment files. */
    public long bytes() {
        return totalBytes;
    }

    /** Records refused since the spool was opened because the bound was reached. */
    public long refused() {
        return refused;
    }

    /**
     * Appends one record at the tail; false, counted in {@link #refused}, when it would take the segments past the
     * bound.
     *
     * @throws IllegalArgumentException for an empty record or one over {@link #MAX_RECORD_BYTES}
     */
    public boolean append(byte[] payload, int offset, int length) throws IOException {
        if (length <= 0 || length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("a spool record has 1 to " + MAX_RECORD_BYTES + " bytes, not "
                    + length);
        }
        long size = SpoolSegment.FRAME + (long) length;
        if (totalBytes + size > maxBytes) {
            refused++;
            return false;
        }
        SpoolSegment tail = segments.peekLast();
        if (tail == null || (tail.size > 0 && tail.size + size > segmentBytes)) {
            if (tail != null) {
                tail.force();
            }
            tail = SpoolSegment.create(dir, tail == null ? 1 : tail.sequence + 1);
            segments.addLast(tail);
        }
        tail.append(payload, offset, length);
        totalBytes += size;
        unsynced = true;
        return true;
    }

    /** {@link #append} of a whole array. */
    public boolean append(byte[] payload) throws IOException {
        return append(payload, 0, payload.length);
    }

    /**
     * Up to {@code maxRecords} records from the head, in order, up to about {@code maxBytes} bytes (at least one
     * record when any waits), without removing them: {@link #remove} does once they are delivered. A record that fails
     * its check inside a segment (a damaged file) ends that segment's records, with a warning.
     */
    public List<byte[]> peek(int maxRecords, long maxBytes) throws IOException {
        peeked.clear();
        List<byte[]> records = new ArrayList<>();
        long bytes = 0;
        long offset = headOffset;
        for (SpoolSegment segment : segments) {
            while (records.size() < maxRecords && offset < segment.end && (records.isEmpty() || bytes < maxBytes)) {
                byte[] record = segment.read(offset);
                if (record == null) {
                    Diagnostics.warn("spool " + dir + ": a damaged record at byte " + offset + " of "
                            + segment.path.getFileName() + "; the " + (segment.end - offset)
                            + " bytes after it are skipped");
                    segment.end = offset; // what follows cannot be framed
                    break;
                }
                records.add(record);
                bytes += record.length;
                offset += SpoolSegment.FRAME + record.length;
                peeked.add(new long[] {segment.sequence, offset});
            }
            if (records.size() >= maxRecords || (!records.isEmpty() && bytes >= maxBytes)) {
                break;
            }
            offset = 0;
        }
        return records;
    }

    /**
     * Removes the first {@code count} records, as returned by the last {@link #peek}; deletes segments left wholly
     * behind and records the new head.
     *
     * @throws IllegalArgumentException when {@code count} exceeds what the last peek returned
     */
    public void remove(int count) throws IOException {
        if (count == 0) {
            return;
        }
        if (count < 0 || count > peeked.size()) {
            throw new IllegalArgumentException("removing " + count + " records; the last peek returned "
                    + peeked.size());
        }
        long[] after = peeked.get(count - 1);
        peeked.clear();
        while (!segments.isEmpty() && segments.peekFirst().sequence < after[0]) {
            delete(segments.pollFirst());
        }
        headOffset = after[1];
        if (segments.size() == 1 && headOffset >= segments.peekFirst().end) { // empty: start afresh
            clear();
            return;
        }
        writeHead(segments.peekFirst().sequence, headOffset);
    }

    /** Forces appended records to the device, when any are unforced and the last force was a second ago or more. */
    public void sync() throws IOException {
        if (unsynced && System.nanoTime() - lastSyncNanos >= TimeUnit.MILLISECONDS.toNanos(SYNC_INTERVAL_MS)) {
            force();
        }
    }

    /** Forces what was appended and closes the files; the records stay for the next {@link #open}. */
    @Override
    public void close() throws IOException {
        if (unsynced) {
            force();
        }
        for (SpoolSegment segment : segments) {
            segment.close();
        }
        lockFile.close(); // releases the lock
    }

    private void force() throws IOException {
        SpoolSegment tail = segments.peekLast();
        if (tail != null) {
            tail.force();
        }
        unsynced = false;
        lastSyncNanos = System.nanoTime();
    }

    private void delete(SpoolSegment segment) throws IOException {
        segment.close();
        Files.deleteIfExists(segment.path);
        totalBytes -= segment.size;
    }

    private void writeHead(long sequence, long offset) throws IOException {
        Path tmp = dir.resolve(HEAD + ".tmp");
        Files.write(tmp, (sequence + " " + offset + "\n").getBytes(StandardCharsets.US_ASCII));
        try {
            Files.move(tmp, dir.resolve(HEAD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(HEAD), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Lists the segments, places the head and cuts a torn last record off. */
    private void recover() throws IOException {
        List<Long> sequences = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String digits = name.substring(0, name.length() - SUFFIX.length());
                if (digits.length() == 20 && digits.chars().allMatch(Character::isDigit)) {
                    sequences.add(Long.parseLong(digits));
                }
            }
        }
        sequences.sort(null);
        for (long sequence : sequences) {
            SpoolSegment segment = SpoolSegment.open(dir, sequence);
            segments.addLast(segment);
            totalBytes += segment.size;
        }
        long[] read = readHead();
        boolean known = read != null && segments.stream().anyMatch(s -> s.sequence == read[0]);
        long[] head = known ? read : null; // one that names no segment is stale: every record is sent
        while (head != null && !segments.isEmpty() && segments.peekFirst().sequence < head[0]) {
            delete(segments.pollFirst()); // removed before a crash, not yet deleted
        }
        headOffset = head != null && !segments.isEmpty() && segments.peekFirst().sequence == head[0] ? head[1] : 0;
        SpoolSegment tail = segments.peekLast();
        if (tail != null) {
            long valid = tail.validEnd(segments.size() == 1 ? Math.min(headOffset, tail.size) : 0);
            if (valid < tail.size) {
                Diagnostics.warn("spool " + dir + ": the last " + (tail.size - valid) + " bytes of "
                        + tail.path.getFileName() + " are an incomplete record (the process stopped while writing"
                        + " it) and are cut off");
                totalBytes -= tail.size - valid;
                tail.truncate(valid);
            }
        }
        if (segments.size() == 1 && headOffset >= segments.peekFirst().end) {
            clear();
        }
    }

    /** Deletes the head file first: a crash between the two deletions sends the segment again rather than losing it. */
    private void clear() throws IOException {
        Files.deleteIfExists(dir.resolve(HEAD));
        delete(segments.pollFirst());
        headOffset = 0;
    }

    private long[] readHead() {
        try {
            String[] parts = Files.readString(dir.resolve(HEAD), StandardCharsets.US_ASCII).trim().split(" ");
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (IOException | RuntimeException e) {
            return null; // none (or unreadable): from the first segment's start, which may send some records twice
        }
    }

    static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
