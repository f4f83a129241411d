package io.predlog.agent.sink.file;

/**
 * What the file sink has written since it started (bytes and files), counted by the dispatcher thread, so that the
 * disk usage it reports between two retention sweeps includes its own writes since the last one. One writer; read
 * from any thread.
 */
final class WriteCounts {

    /** The counts at one moment. */
    record Snapshot(long files, long bytes) {
    }

    private volatile long files;
    private volatile long bytes;

    /** {@code n} more bytes written (dispatcher thread only). */
    void bytes(long n) {
        bytes += n;
    }

    /** One more file created (dispatcher thread only). */
    void file() {
        files++;
    }

    Snapshot snapshot() {
        return new Snapshot(files, bytes);
    }
}
