package io.predlog.agent.sink.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The file a {@link RollingFileSink} writes now: created exclusively (0640) under the next free name in its UTC
 * hour's directory, held under an exclusive lock while open, opened again after a failed write, and checked to be
 * still at its path. What goes into it, and when it ends, is the sink's to decide. Called by the dispatcher thread
 * only.
 */
final class CurrentFile {

    private static final Set<OpenOption> CREATE_NEW =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    private static final Set<OpenOption> REOPEN =
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);

    private final Path root;
    private final SegmentNames names;
    private final Clock clock;
    private final Disk disk;
    /** Bytes and files the sink has written since it started, for the retention sweep's count. */
    private final WriteCounts written;

    private long nextSeq;
    /** The current file; null between files. */
    private Path path;
    /** Epoch millis at which the current file's hour ends. */
    private long hourEnd;
    /** Bytes written to the current file. */
    private long bytes;
    /** Open on {@link #path}, or null (not yet opened, or closed after a failure). */
    private FileChannel channel;
    private WritableByteChannel out;
    /** The current file's, taken when it was opened. */
    private FileIdentity identity;

    CurrentFile(Path root, SegmentNames names, Clock clock, Disk disk, WriteCounts written) {
        this.root = root;
        this.names = names;
        this.clock = clock;
        this.disk = disk;
        this.written = written;
    }

    /** The file, or null between files. */
    Path path() {
        return path;
    }

    /** Whether the file is open for writing. */
    boolean isOpen() {
        return channel != null;
    }

    /** Bytes written to the file. */
    long bytes() {
        return bytes;
    }

    /** Whether there is a file and its UTC hour has ended at {@code nowMillis}. */
    boolean hourOver(long nowMillis) {
        return path != null && nowMillis >= hourEnd;
    }

    /**
     * Opens the file again, or a new one in the hour's directory when there is none. A new file that is gone once
     * locked (another process's sweep took it, empty and not yet locked, for a leftover: predlog's own sweep leaves
     * such a file alone, an older one or another tool may not) is let go for the next one.
     */
    void open() throws IOException {
        for (int attempt = 0; ; attempt++) {
            boolean created = path == null;
            openOrCreate();
            if (!created || attempt >= 3 || Files.exists(path)) {
                return;
            }
            channel.close();
            channel = null;
            out = null;
            FilesInUse.release(path);
            path = null;
        }
    }

    /**
     * Writes the whole of {@code buffer} (from its position to its limit); on failure the buffer's position tells
     * what was written, and the file is closed, to be opened again by the next {@link #open}.
     */
    void write(ByteBuffer buffer) throws IOException {
        int start = buffer.position();
        try {
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException | RuntimeException e) {
            closeChannel();
            throw e;
        } finally {
            int n = buffer.position() - start;
            bytes += n;
            written.bytes(n);
        }
    }

    /** Forces the file's content and metadata to the device, when it is open. */
    void force() throws IOException {
        if (channel != null) {
            channel.force(true);
        }
    }

    /** Whether the file opened is still the one at its path (true when there is none to check). */
    boolean stillInPlace() {
        return path == null || identity == null || identity.stillAt(path);
    }

    /**
     * Closes the file and lets it go: deleted when nothing was written into it.
     *
     * @return the file when it holds bytes (to be compressed), else null
     */
    Path end() {
        Path ended = path;
        long endedBytes = bytes;
        closeChannel();
        path = null;
        bytes = 0;
        if (ended == null) {
            return null;
        }
        if (endedBytes == 0) {
            try {
                Files.deleteIfExists(ended);
            } catch (IOException e) {
                // an empty file left behind is harmless
            }
        }
        FilesInUse.release(ended);
        return endedBytes > 0 ? ended : null;
    }

    private void openOrCreate() throws IOException {
        if (path != null) {
            channel = FileChannel.open(path, REOPEN, Permissions.forFile(path));
        } else {
            Instant now = clock.instant();
            channel = createNew(SegmentNames.hourDir(root, now));
            hourEnd = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS).toEpochMilli();
            bytes = 0;
            written.file();
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("another process holds the lock on " + path);
            }
        } catch (OverlappingFileLockException | IOException e) {
            channel.close();
            channel = null;
            throw e instanceof IOException io ? io : new IOException(e);
        }
        out = disk.writerFor(channel);
        identity = FileIdentity.of(path);
    }

    /** Creates the next file of this sink in {@code dir}, skipping names some other process already took. */
    private FileChannel createNew(Path dir) throws IOException {
        Permissions.createDirectories(dir);
        for (int attempt = 0; ; attempt++) {
            Path candidate = dir.resolve(names.segment(nextSeq++));
            if (!FilesInUse.claim(candidate)) {
                continue;
            }
            try {
                FileChannel created = FileChannel.open(candidate, CREATE_NEW, Permissions.forFile(candidate));
                path = candidate;
                return created;
            } catch (FileAlreadyExistsException e) {
                FilesInUse.release(candidate); // same pid and start second as another JVM's sink: next number
                if (attempt > 10_000) {
                    throw e;
                }
            } catch (NoSuchFileException e) {
                FilesInUse.release(candidate); // a sweep removed the empty hour directory just now
                Permissions.createDirectories(dir);
                if (attempt > 3) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                FilesInUse.release(candidate);
                throw e;
            }
        }
    }

    /** Closes the channel (which releases the lock), ignoring a failure to. */
    void closeChannel() {
        FileChannel c = channel;
        channel = null;
        out = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already failing or done with it
            }
        }
    }
}
