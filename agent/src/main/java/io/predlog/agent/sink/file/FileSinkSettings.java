package io.predlog.agent.sink.file;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the rolling {@code file} sink is told: where to write, when to start a new file, and what to keep.
 *
 * @param dir           the root directory; files go to {@code <dir>/yyyy/MM/dd/HH/} (UTC)
 * @param maxFileBytes  a file is closed before it would grow past this (a single line longer than this still
 *                      gets a file of its own)
 * @param retention     closed files whose last modification is older than this are expired; {@link Duration#ZERO}
 *                      keeps them regardless of age
 * @param maxTotalBytes when predlog's files under {@code dir} together exceed this, the oldest closed ones are
 *                      expired until they do not; 0 means no limit
 * @param archiveDir    where expired files are moved (keeping their relative path), or null to delete them
 */
public record FileSinkSettings(Path dir, long maxFileBytes, Duration retention, long maxTotalBytes, Path archiveDir) {

    /** 100 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 100L << 20;
    /** 7 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** 1 GiB. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 1L << 30;

    public FileSinkSettings {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(retention, "retention");
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        }
        if (retention.isNegative() || maxTotalBytes < 0) {
            throw new IllegalArgumentException("retention and maxTotalBytes must not be negative");
        }
    }

    /** The defaults for a directory. */
    public static FileSinkSettings defaults(Path dir) {
        return new FileSinkSettings(dir, DEFAULT_MAX_FILE_BYTES, DEFAULT_RETENTION, DEFAULT_MAX_TOTAL_BYTES, null);
    }

    public FileSinkSettings withMaxFileBytes(long bytes) {
        return new FileSinkSettings(dir, bytes, retention, maxTotalBytes, archiveDir);
    }

    public FileSinkSettings withRetention(Duration age) {
        return new FileSinkSettings(dir, maxFileBytes, age, maxTotalBytes, archiveDir);
    }

    public FileSinkSettings withMaxTotalBytes(long bytes) {
        return new FileSinkSettings(dir, maxFileBytes, retention, bytes, archiveDir);
    }

    public FileSinkSettings withArchiveDir(Path archive) {
        return new FileSinkSettings(dir, maxFileBytes, retention, maxTotalBytes, archive);
    }
}
