package io.predlog.agent.sink.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A file's identity on disk, its {@code fileKey} (device and inode on Linux), taken when the sink opens it: whether
 * the path still names the file the sink has open, or the file was deleted (a clean-up job's {@code rm -rf} of
 * the directory) or replaced while the sink kept writing into it.
 *
 * @param key the file key when the file was opened; null where the file system has none (then only whether
 *            something is at the path is known)
 */
record FileIdentity(Object key) {

    /** The identity of what {@code file} names now; an unknown one when it cannot be read. */
    static FileIdentity of(Path file) {
        try {
            return new FileIdentity(Files.readAttributes(file, BasicFileAttributes.class).fileKey());
        } catch (IOException | RuntimeException e) {
            return new FileIdentity(null);
        }
    }

    /** Whether {@code file} names this file still. One {@code stat}. */
    boolean stillAt(Path file) {
        try {
            Object now = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key == null || Objects.equals(key, now);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            return true; // cannot tell (permissions): the writes themselves report a real failure
        }
    }
}
