package io.predlog.agent.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes JSON Lines to one file per process in a directory: {@code predlog-<service>-<yyyyMMdd-HHmmss>-<pid>.jsonl},
 * the time being the sink's creation in UTC and the service reduced to {@code [A-Za-z0-9._-]}. The file is
 * opened for appending, so a restarted process that happens to get the same name (pid 1 in a container)
 * adds to it rather than overwriting it.
 *
 * <p>Batches are gathered in a {@value #BUFFER_BYTES}-byte buffer and written when it fills or on
 * {@link #flush()} (the pipeline flushes at least once a second); {@link #close()} forces the file to disk.
 * The buffer only ever holds whole lines, and a failed write keeps the unwritten remainder, so a line cut by a
 * full disk is completed, not corrupted, when writing resumes.
 *
 * <p>Failures never end the sink. The constructor does not throw: when the directory cannot be created or
 * the file opened, {@link #openFailure()} says why and the open is retried with every batch. When a write
 * fails (disk full, directory gone), the data already accepted stays buffered and is retried; new batches are
 * refused with the {@code IOException} (the pipeline counts them as this sink's drops) until a write succeeds
 * again. Each retry reopens the file, which also recovers from a channel closed by an interrupt.
 */
public final class FileSink implements Sink {

    static final int BUFFER_BYTES = 64 * 1024;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** Opens the file for appending; a seam for tests that need a disk that fails. */
    interface ChannelOpener {
        WritableByteChannel open(Path file) throws IOException;
    }

    private final Path dir;
    private final Path file;
    private final ChannelOpener opener;
    private final IOException openFailure;
    private WritableByteChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private long bufferedEvents;
    private boolean failing;
    private boolean closed;

    /** A sink writing into {@code dir} (created if missing) for the process {@code pid} of {@code service}. */
    public FileSink(Path dir, String service, long pid) {
        this(dir, service, pid, Instant.now(), FileSink::openForAppend);
    }

    FileSink(Path dir, String service, long pid, Instant created, ChannelOpener opener) {
        this.dir = dir;
        this.file = dir.resolve(fileName(service, pid, created));
        this.opener = opener;
        IOException failure = null;
        try {
            channel = openChannel();
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e);
        }
        this.openFailure = failure;
    }

    /** {@code predlog-<service>-<yyyyMMdd-HHmmss>-<pid>.jsonl}. */
    static String fileName(String service, long pid, Instant created) {
        return "predlog-" + sanitize(service) + "-" + STAMP.format(created) + "-" + pid + ".jsonl";
    }

    static String sanitize(String service) {
        if (service == null || service.isEmpty()) {
            return "unknown";
        }
        StringBuilder out = new StringBuilder(Math.min(service.length(), 100));
        for (int i = 0; i < service.length() && out.length() < 100; i++) {
            char c = service.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            out.append(ok ? c : '_');
        }
        return out.toString();
    }

    @Override
    public String name() {
        return "file";
    }

    /** The file this sink writes. */
    public Path file() {
        return file;
    }

    /** Why the file could not be opened when the sink was made, or null when it could. */
    public IOException openFailure() {
        return openFailure;
    }

    @Override
    public void write(EncodedBatch batch) throws IOException {
        if (closed) {
            throw new IOException("file sink is closed");
        }
        int length = batch.byteLength();
        if (length == 0) {
            return;
        }
        if (buffer.position() > 0 && (failing || length > buffer.remaining())) {
            drain(); // throws: the batch is refused, what was accepted stays buffered
        }
        if (length > buffer.remaining()) {
            buffer = ByteBuffer.allocate(length); // empty here: an oversized batch gets a buffer of its own
        }
        buffer.put(batch.array(), 0, length);
        bufferedEvents += batch.size();
        if (buffer.position() >= BUFFER_BYTES) {
            try {
                drain();
            } catch (IOException e) {
                // accepted and kept: the failure surfaces on the next flush or write
            }
        }
    }

    @Override
    public void flush() throws IOException {
        if (!closed && buffer.position() > 0) {
            drain();
        }
    }

    /** Writes what is buffered, forces it to disk and closes the file; idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (buffer.position() > 0) {
                drain();
            }
            if (channel instanceof FileChannel fc) {
                fc.force(true);
            }
        } catch (IOException | RuntimeException e) {
            long lost = bufferedEvents;
            bufferedEvents = 0;
            buffer.clear();
            closeChannel();
            if (lost > 0) {
                throw new LostEventsException(lost, "file sink lost " + lost + " buffered events writing " + file, e);
            }
            throw e instanceof IOException io ? io : new IOException(e);
        }
        closeChannel();
    }

    /** Writes the whole buffer; on failure keeps the unwritten remainder (whole lines or a line's tail). */
    private void drain() throws IOException {
        if (channel == null) {
            try {
                channel = openChannel();
            } catch (IOException | RuntimeException e) {
                failing = true;
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException | RuntimeException e) {
            buffer.compact(); // back to filling, the unwritten bytes first
            failing = true;
            closeChannel(); // reopened on the next attempt
            throw e instanceof IOException io ? io : new IOException(e);
        }
        buffer.clear();
        bufferedEvents = 0;
        failing = false;
        if (buffer.capacity() > BUFFER_BYTES) {
            buffer = ByteBuffer.allocate(BUFFER_BYTES);
        }
    }

    private WritableByteChannel openChannel() throws IOException {
        Files.createDirectories(dir);
        return opener.open(file);
    }

    private void closeChannel() {
        WritableByteChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already failing or done with it
            }
        }
    }

    private static WritableByteChannel openForAppend(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
}
