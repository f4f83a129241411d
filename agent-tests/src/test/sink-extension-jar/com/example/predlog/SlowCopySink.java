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
 * A sink with a slow back end: {@code slowcopy}, which waits {@code predlog.slowcopy.pause_ms} before each batch and
 * then appends its lines to {@code predlog.slowcopy.file}. As the only sink it holds the dispatcher, so that a
 * service calling faster than that fills the queue.
 */
public final class SlowCopySink implements Sink {

    /** Makes the sink {@code slowcopy}. */
    public static final class Factory implements Sink.Factory {
        @Override
        public String name() {
            return "slowcopy";
        }

        @Override
        public Sink create(SinkSettings settings) throws IOException {
            String file = settings.text("predlog.slowcopy.file");
            if (file == null || file.isBlank()) {
                throw new IllegalArgumentException("predlog.slowcopy.file: the slowcopy sink needs a file");
            }
            String pause = settings.text("predlog.slowcopy.pause_ms");
            return new SlowCopySink(Path.of(file), pause == null ? 20 : Long.parseLong(pause.trim()));
        }
    }

    private final OutputStream out;
    private final long pauseMillis;

    private SlowCopySink(Path file, long pauseMillis) throws IOException {
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.pauseMillis = pauseMillis;
    }

    @Override
    public String name() {
        return "slowcopy";
    }

    @Override
    public void write(EncodedBatch batch) throws IOException {
        try {
            Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batch.writeTo(out);
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
