package io.predlog.agent.sink;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes events to the process's real standard output (file descriptor 1), not through {@code System.out},
 * so an application that replaces or wraps {@code System.out} neither sees nor affects the events. Each batch
 * is one unbuffered write, so nothing waits in memory; lines interleave with the application's own stdout
 * output only at batch boundaries (and, on a pipe, whole up to the pipe's atomic write size).
 */
public final class StdoutSink implements Sink {

    private final OutputStream out;

    /** A sink on file descriptor 1. */
    public StdoutSink() {
        this(new FileOutputStream(FileDescriptor.out));
    }

    /** Test seam: a sink on any stream. */
    StdoutSink(OutputStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public void write(EncodedBatch batch) throws IOException {
        if (!batch.isEmpty()) {
            batch.writeTo(out);
            out.flush();
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes; never closes file descriptor 1, which the application still owns. */
    @Override
    public void close() throws IOException {
        out.flush();
    }
}
