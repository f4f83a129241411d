package io.predlog.agent.sink.file;

import io.predlog.agent.sink.Sink;

import io.predlog.agent.diagnostics.Diagnostics;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One pass over the directory: compresses closed {@code .jsonl} files nobody is writing (a crash's leftovers,
 * or files whose owner has not got to them yet), then expires files by age and by total size, oldest first,
 * deleting them or moving them to the archive directory.
 *
 * <p>It touches only files whose names {@link SegmentNames} recognises, at most {@value SegmentNames#DEPTH}
 * levels down, and never follows links; empty hour, day, month and year directories it leaves behind are
 * removed. A file some process is writing (it holds the file's lock) is counted towards the total but never
 * compressed, moved or deleted. The archive directory is never swept.
 */
final class RetentionSweep {

    /** A temporary gzip this old was abandoned by a crash. */
    static final Duration ABANDONED_TEMPORARY = Duration.ofHours(1);
    /**
     * An empty segment modified within this long may be one another process has just created and not locked yet:
     * a writer creates its file, then locks it, and writes only under the lock. Compressed in between, it would be
     * deleted under the writer, whose events would then go to a file no longer in the directory. An empty leftover
     * older than this (a crash between creation and the first write) is compressed by a later sweep.
     */
    static final Duration CREATION_GRACE = Duration.ofMinutes(1);

    private record Found(Path path, long size, Instant modified) {
        boolean compressed() {
            return SegmentNames.isCompressed(path.getFileName().toString());
        }
    }

    private final FileSinkSettings settings;
    private final Path root;
    private final Path archive;
    private final Clock clock;
    private final GzipCompressor compressor;

    RetentionSweep(FileSinkSettings settings, Clock clock, GzipCompressor compressor, WriteCounts written) {
        this.written = written;
        this.settings = settings;
        this.root = settings.dir().toAbsolutePath().normalize();
        this.archive = settings.archiveDir() == null ? null : settings.archiveDir().toAbsolutePath().normalize();
        this.clock = clock;
        this.compressor = compressor;
    }

    private final WriteCounts written;
    private volatile Sink.DiskUsage lastUsage;
    /** The sink's write counts when the last completed sweep began listing the directory. */
    private volatile WriteCounts.Snapshot writtenAtSweep;

    /**
     * The sink's files and bytes on disk: as the last completed sweep left them, plus what the sink wrote since
     * it began; null before the first sweep.
     */
    Sink.DiskUsage lastUsage() {
        Sink.DiskUsage usage = lastUsage;
        WriteCounts.Snapshot then = writtenAtSweep;
        if (usage == null || then == null) {
            return usage;
        }
        WriteCounts.Snapshot now = written.snapshot();
        return new Sink.DiskUsage(usage.files() + now.files() - then.files(), usage.bytes() + now.bytes() - then.bytes());
    }

    /** Compresses leftovers, then applies retention. Never throws for a single file: it reports and goes on. */
    void run() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> temporaries = new ArrayList<>();
        Instant now = clock.instant();
        for (Found f : scan(temporaries)) {
            if (!f.compressed() && !mayBeBeingCreated(f, now)) {
                try {
                    compressor.compress(f.path());
                } catch (GzipCompressor.Cancelled e) {
                    return; // the sink is closing
                } catch (IOException e) {
                    Diagnostics.failure("file-compress", e);
                }
            }
        }
        for (Path t : temporaries) {
            deleteAbandoned(t, now);
        }
        WriteCounts.Snapshot before = written.snapshot();
        List<Found> files = scan(new ArrayList<>());
        files.sort(Comparator.comparing(Found::modified).thenComparing(Found::path));
        long total = 0;
        for (Found f : files) {
            total += f.size();
        }
        long count = files.size();
        List<Found> kept = new ArrayList<>(files.size());
        if (!settings.retention().isZero()) {
            Instant cutoff = now.minus(settings.retention());
            for (Found f : files) {
                if (f.modified().isBefore(cutoff) && !mayBeBeingCreated(f, now) && expire(f)) {
                    total -= f.size();
                    count--;
                } else {
                    kept.add(f);
                }
            }
        } else {
            kept.addAll(files);
        }
        if (settings.maxTotalBytes() > 0) {
            for (Found f : kept) {
                if (total <= settings.maxTotalBytes()) {
                    break;
                }
                if (f.size() > 0 && expire(f)) { // an empty file frees nothing (and may be being created)
                    total -= f.size();
                    count--;
                }
            }
        }
        writtenAtSweep = before;
        lastUsage = new Sink.DiskUsage(count, total);
    }

    /** An empty segment modified within {@link #CREATION_GRACE}: its writer may not hold its lock yet. */
    private static boolean mayBeBeingCreated(Found f, Instant now) {
        return f.size() == 0 && f.modified().isAfter(now.minus(CREATION_GRACE));
    }

    private List<Found> scan(List<Path> temporaries) throws IOException {
        List<Found> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, SegmentNames.DEPTH)) {
            walk.forEach(p -> {
                if (archive != null && p.startsWith(archive)) {
                    return;
                }
                String name = p.getFileName().toString();
                if (SegmentNames.isSegment(name)) {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        if (a.isRegularFile()) {
                            found.add(new Found(p, a.size(), a.lastModifiedTime().toInstant()));
                        }
                    } catch (IOException e) {
                        // gone meanwhile: another process expired or compressed it
                    }
                } else if (SegmentNames.isTemporary(name)) {
                    temporaries.add(p);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            // a directory vanished under the walk (another process's sweep); the next sweep sees the rest
        }
        return found;
    }

    /** Deletes or archives a file unless it is in use; true when it is gone from the directory. */
    private boolean expire(Found f) {
        Path file = f.path();
        if (!FilesInUse.claim(file)) {
            return false;
        }
        try {
            if (f.compressed()) {
                remove(file); // nobody writes a .gz: no lock needed
            } else {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    FileLock lock;
                    try {
                        lock = ch.tryLock();
                    } catch (OverlappingFileLockException e) {
                        lock = null;
                    }
                    if (lock == null) {
                        return false; // a live process is writing it
                    }
                    remove(file);
                }
            }
            removeEmptyDirectories(file.getParent());
            return true;
        } catch (NoSuchFileException e) {
            return true; // someone else expired it
        } catch (IOException | RuntimeException e) {
            Diagnostics.failure("file-retention", e);
            return false;
        } finally {
            FilesInUse.release(file);
        }
    }

    private void remove(Path file) throws IOException {
        if (archive == null) {
            Files.delete(file);
            return;
        }
        Path target = archive.resolve(root.relativize(file.toAbsolutePath().normalize()).toString());
        Permissions.createDirectories(target.getParent());
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target); // another file system: copied, then deleted
        } catch (FileAlreadyExistsException e) {
            Files.delete(file); // archived already (a crash between copy and delete)
        }
    }

    private void deleteAbandoned(Path temporary, Instant now) {
        try {
            Instant modified = Files.getLastModifiedTime(temporary).toInstant();
            if (modified.isBefore(now.minus(ABANDONED_TEMPORARY))) {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            // gone already
        }
    }

    private void removeEmptyDirectories(Path dir) {
        Path d = dir == null ? null : dir.toAbsolutePath().normalize();
        while (d != null && !d.equals(root) && d.startsWith(root)
                && SegmentNames.isLayoutDir(d.getFileName().toString())) {
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                return;
            }
            d = d.getParent();
        }
    }
}
