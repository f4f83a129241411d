package io.predlog.agent.sink.file;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The predlog files this JVM is writing, compressing or expiring right now. Across processes, a file being
 * written is marked by an exclusive lock that its writer holds; within one JVM a lock cannot be tested without
 * harm (closing any channel on a file releases every POSIX lock the process holds on it), so this JVM first
 * consults this set and never opens a file another of its own threads has claimed.
 */
final class FilesInUse {

    private static final Set<Path> CLAIMED = ConcurrentHashMap.newKeySet();

    private FilesInUse() {
    }

    /** Claims a file; false when some other part of this JVM holds it. */
    static boolean claim(Path file) {
        return CLAIMED.add(key(file));
    }

    static void release(Path file) {
        CLAIMED.remove(key(file));
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
