package io.predlog.agent.sink.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Owner and group only: files 0640, directories 0750, where the file system knows POSIX permissions (the umask
 * can only take more away). Events describe what a service computed; other users of the host have no business
 * reading them.
 */
final class Permissions {

    private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];
    private static final FileAttribute<?>[] FILE =
            {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----"))};
    private static final FileAttribute<?>[] DIR =
            {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---"))};

    private Permissions() {
    }

    static FileAttribute<?>[] forFile(Path file) {
        return posix(file) ? FILE : NONE;
    }

    /** {@link Files#createDirectories}, new directories owner-and-group only. */
    static void createDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, posix(dir) ? DIR : NONE);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
