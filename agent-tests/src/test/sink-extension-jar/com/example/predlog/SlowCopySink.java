package com.example.predlog;

import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.SinkSettings;

import java.io.IOException;

/**
 * A sink with a slow back end: {@code slowcopy}, the {@link CopySink} (into {@code predlog.copy.file}) waiting
 * {@code predlog.slowcopy.pause_ms} (20 by default) before each batch. As the only sink it holds the dispatcher, so
 * that a service calling faster than it writes fills the queue.
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
            String pause = settings.text("predlog.slowcopy.pause_ms");
            return new SlowCopySink(new CopySink.Factory().create(settings),
                    pause == null ? 20 : Long.parseLong(pause.trim()));
        }
    }

    private final Sink copy;
    private final long pauseMillis;

    private SlowCopySink(Sink copy, long pauseMillis) {
        this.copy = copy;
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
        copy.write(batch);
    }

    @Override
    public void flush() throws IOException {
        copy.flush();
    }

    @Override
    public void close() throws IOException {
        copy.close();
    }
}
