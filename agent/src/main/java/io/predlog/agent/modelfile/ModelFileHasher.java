package io.predlog.agent.modelfile;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

/**
 * Hashes the model a load call was given: the first of its arguments that is a {@code byte[]}, or a {@code Path},
 * {@code File} or {@code String} naming a readable regular file, with SHA-256 over its bytes. Runs on the hashing
 * thread only, one file at a time, in 1 MiB reads (SHA-256 streams faster than disks read here,
 * docs/MEASURED.md), checking between reads whether to stop.
 */
final class ModelFileHasher {

    /** A string longer than this is never taken for a path. */
    private static final int MAX_PATH_CHARS = 4096;
    private static final int CHUNK = 1 << 20;

    private final long maxBytes;
    private final MessageDigest sha256;
    /** The read buffer, made at the first file (a load given bytes, or no file, needs none). */
    private ByteBuffer buffer;

    ModelFileHasher(long maxBytes) {
        this.maxBytes = maxBytes;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** What hashing a load's candidates gave: a digest, a reason for none, or neither (no file was named). */
    record Result(String sha256, String skipped) {
        static final Result NONE = new Result(null, null);

        static Result skipped(String reason) {
            return new Result(null, reason);
        }
    }

    /** Why the hashing stopped before the end, when {@code stop} said so. */
    static final class Stopped extends Exception {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /**
     * Hashes the first candidate that is a model file or bytes.
     *
     * @param candidates the load's {@code Path}, {@code File}, {@code String} and {@code byte[]} arguments, in order
     * @param stop       asked between reads; true ends the hashing with {@link Stopped}
     */
    Result hash(Object[] candidates, BooleanSupplier stop) throws Stopped {
        boolean unreadable = false;
        for (Object candidate : candidates) {
            if (candidate instanceof byte[] bytes) {
                return bytes.length > maxBytes ? Result.skipped("too_large") : new Result(hashBytes(bytes, stop), null);
            }
            Path path = pathOf(candidate);
            if (path == null || !Files.isRegularFile(path) || !Files.isReadable(path)) {
                // a Path or File that names no readable file is worth saying; a String that names none was a name
                unreadable |= candidate instanceof Path || candidate instanceof File;
                continue;
            }
            try {
                if (Files.size(path) > maxBytes) {
                    return Result.skipped("too_large");
                }
                return new Result(hashFile(path, stop), null);
            } catch (IOException | RuntimeException e) {
                return Result.skipped("unreadable");
            }
        }
        return unreadable ? Result.skipped("unreadable") : Result.NONE;
    }

    private static Path pathOf(Object candidate) {
        try {
            if (candidate instanceof Path path) {
                return path;
            }
            if (candidate instanceof File file) {
                return file.toPath();
            }
            if (candidate instanceof String text && !text.isBlank() && text.length() <= MAX_PATH_CHARS) {
                return Path.of(text);
            }
        } catch (InvalidPathException | UnsupportedOperationException e) {
            return null;
        }
        return null;
    }

    private String hashBytes(byte[] bytes, BooleanSupplier stop) throws Stopped {
        sha256.reset();
        for (int offset = 0; offset < bytes.length; offset += CHUNK) {
            if (stop.getAsBoolean()) {
                throw new Stopped();
            }
            sha256.update(bytes, offset, Math.min(CHUNK, bytes.length - offset));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private String hashFile(Path path, BooleanSupplier stop) throws IOException, Stopped {
        sha256.reset();
        if (buffer == null) {
            buffer = ByteBuffer.allocate(CHUNK);
        }
        long read = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (true) {
                if (stop.getAsBoolean()) {
                    throw new Stopped();
                }
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                read += n;
                if (read > maxBytes) {
                    throw new IOException("grew past the bound while it was read"); // being rewritten: not this model
                }
                buffer.flip();
                sha256.update(buffer);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
