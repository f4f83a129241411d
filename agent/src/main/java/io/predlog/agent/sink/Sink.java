package io.predlog.agent.sink;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;

/**
 * Where encoded events go: receives batches of JSON lines. Called only from the dispatcher thread, so an
 * implementation needs no locking; it may block (the application never waits on it), but a slow sink delays
 * the others and, once the queue fills, makes the pipeline drop events.
 *
 * <p>Contract for {@link #write}: it either accepts the whole batch (written, or kept to be written later)
 * or throws, in which case the pipeline counts every event of the batch as a {@code sink_error} drop for this
 * sink. A sink that throws keeps being called with later batches, so it can recover. A batch's buffers are
 * reused once {@code write} returns: copy what must outlive the call.
 */
public interface Sink extends Closeable {

    /** The sink's name in configuration and in drop counts ({@code file}, {@code stdout}). */
    String name();

    /** Accepts a batch (see the type's contract). */
    void write(EncodedBatch batch) throws IOException;

    /** Pushes what is buffered towards its destination. Failing to does not lose it: it is retried. */
    void flush() throws IOException;

    /**
     * Flushes and releases the sink. Events still buffered that cannot be written are reported with a
     * {@link LostEventsException}, so the pipeline can count them.
     */
    @Override
    void close() throws IOException;

    /**
     * What this sink keeps on disk, for the {@code disk} field of {@code agent_health}; empty (the default) for a
     * sink that keeps no files. Called from the dispatcher thread, once per health interval: it should answer
     * from what the sink already tracks rather than list a directory.
     */
    default Optional<DiskUsage> diskUsage() {
        return Optional.empty();
    }

    /**
     * Files and bytes a sink keeps on disk.
     *
     * @param files files it has written and not yet deleted
     * @param bytes their total size in bytes
     */
    record DiskUsage(long files, long bytes) {
    }
}
