package io.predlog.agent.sink.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Compresses one closed {@code .jsonl} file into {@code .jsonl.gz} (gzip, readable by {@code zcat}) and removes the
 * original, with {@link GzipStream}: plain Java, so nothing native is added to the application's process that could
 * clash with a copy of its own, and no dependency is added.
 *
 * <p>Safe with other processes doing the same in the same directory: the source is claimed with an exclusive
 * lock first (a writer holds one on its current file, so a file being written is never taken); the gzip is
 * written to a temporary {@code <name>.gz.tmp-<pid>}, forced to disk, given the source's modification time and
 * renamed atomically; only then is the source deleted. A crash leaves either the source (compressed again later)
 * or both (the source is then just deleted), never a partial {@code .gz}.
 */
final class GzipCompressor {

    /** What happened to a file. */
    enum Outcome { COMPRESSED, IN_USE, GONE }

    private static final int CHUNK = 64 * 1024;
    private static final long PID = ProcessHandle.current().pid();

    private final Disk disk;
    private volatile boolean cancelled;

    GzipCompressor(Disk disk) {
        this.disk = disk;
    }

    /** Makes a compression in progress give up (its temporary file deleted, the source kept) and refuses new ones. */
    void cancel() {
        cancelled = true;
    }

    /** Compresses {@code source} unless someone is writing or compressing it. */
    Outcome compress(Path source) throws IOException {
        if (cancelled || !FilesInUse.claim(source)) {
            return Outcome.IN_USE;
        }
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = in.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                return Outcome.IN_USE;
            }
            if (!Files.exists(source)) {
                return Outcome.GONE; // compressed and deleted by another process between our open and our lock
            }
            Path target = source.resolveSibling(source.getFileName() + SegmentNames.GZ);
            if (!Files.exists(target)) {
                writeGzip(in, source, target);
            }
            Files.deleteIfExists(source); // still under our lock: nobody else is about to read it
            syncDirectory(source.getParent());
            return Outcome.COMPRESSED;
        } catch (NoSuchFileException e) {
            return Outcome.GONE;
        } finally {
            FilesInUse.release(source);
        }
    }

    private void writeGzip(FileChannel in, Path source, Path target) throws IOException {
        Path temporary = source.resolveSibling(source.getFileName() + SegmentNames.GZ + ".tmp-" + PID);
        try {
            try (FileChannel out = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), Permissions.forFile(temporary));
                 GzipStream gzip = new GzipStream(Channels.newOutputStream(disk.writerFor(out)))) {
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
                in.position(0);
                while (in.read(chunk) >= 0) {
                    if (cancelled) {
                        throw new Cancelled(source);
                    }
                    gzip.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                gzip.finish();
                out.force(true);
            }
            Files.setLastModifiedTime(temporary, Files.getLastModifiedTime(source));
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename and the delete survive a power cut (Linux; elsewhere best effort)
        } catch (IOException | RuntimeException ignored) {
            // not supported on every platform
        }
    }

    /** A compression given up because the sink is closing; not a failure worth reporting. */
    static final class Cancelled extends IOException {
        private static final long serialVersionUID = 1L;

        Cancelled(Path source) {
            super("compression of " + source + " cancelled: the sink is closing");
        }
    }
}
