package io.predlog.agent.inflight;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * One in-flight file on disk and its memory mapping, with its header written. Created owner and group only, like the
 * event files (0640; directories it creates 0750), where the file system knows POSIX permissions. Remembers the
 * file's identity (its {@code fileKey}: device and inode) so that {@link #stillAt} can tell when the path no
 * longer names the mapped file (deleted, or replaced).
 *
 * @param channel the open file
 * @param map     the mapping of header and slots, little-endian
 * @param fileKey the file's identity when it was created; null where the file system has none
 */
record InflightMapping(FileChannel channel, MappedByteBuffer map, Object fileKey) {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r-----");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-x---");
    private static final Set<OpenOption> OPEN = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);

    /** Creates (or truncates) the file at {@code path} with {@code slots} free slots, owned by {@code pid}. */
    static InflightMapping create(Path path, int slots, long pid, long ownerStartMillis) throws IOException {
        boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent, posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIR)}
                    : new FileAttribute<?>[0]);
        }
        long size = SlotLayout.HEADER_SIZE + (long) slots * SlotLayout.SLOT_SIZE;
        FileChannel channel = posix
                ? FileChannel.open(path, OPEN, PosixFilePermissions.asFileAttribute(FILE))
                : FileChannel.open(path, OPEN);
        try {
            if (posix) {
                Files.setPosixFilePermissions(path, FILE); // a file that was already there keeps no wider mode
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            map.order(ByteOrder.LITTLE_ENDIAN);
            map.putInt(0, SlotLayout.MAGIC);
            map.putInt(4, SlotLayout.VERSION);
            map.putInt(8, SlotLayout.SLOT_SIZE);
            map.putInt(12, slots);
            map.putLong(16, pid);
            map.putLong(24, ownerStartMillis);
            return new InflightMapping(channel, map, identity(path));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Whether {@code path} still names this mapping's file: false when it is gone (its directory deleted, say) or
     * is another file now. Without a file key, whether something is there.
     */
    boolean stillAt(Path path) throws IOException {
        try {
            Object now = identity(path);
            return fileKey == null || Objects.equals(fileKey, now);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static Object identity(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }
}
