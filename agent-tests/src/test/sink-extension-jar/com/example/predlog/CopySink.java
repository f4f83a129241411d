package com.example.predlog;

import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.SinkSettings;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A user's sink, built into its own jar and named by {@code predlog.extensions}: appends every event's JSON line to
 * the file {@code predlog.copy.file}. The example of docs/SINKS.md, "Your own sink".
 */
public final class CopySink implements Sink {

    /** Makes the sink {@code copy}; listed in {@code META-INF/services/io.predlog.agent.sink.Sink$Factory}. */
    public static final class Factory implements Sink.Factory {
        @Override
        public String name() {
            return "copy";
        }

        @Override
        public Sink create(SinkSettings settings) throws IOException {
            String file = settings.text("predlog.copy.file");
            if (file == null || file.isBlank()) {
                throw new IllegalArgumentException("predlog.copy.file: the copy sink needs a file");
            }
            return new CopySink(Path.of(file));
        }
    }

    private final OutputStream out;

    private CopySink(Path file) throws IOException {
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public void write(EncodedBatch batch) throws IOException {
        batch.writeTo(out); // every line of the batch, in one call; the batch's buffer is not kept
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
