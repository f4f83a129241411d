package com.example.predlog;

import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.SinkSettings;

import java.io.IOException;

/** A user's sink that fails at every call: {@code throwing}. */
public final class ThrowingSink implements Sink {

    /** Makes the sink {@code throwing}. */
    public static final class Factory implements Sink.Factory {
        @Override
        public String name() {
            return "throwing";
        }

        @Override
        public Sink create(SinkSettings settings) {
            return new ThrowingSink();
        }
    }

    @Override
    public String name() {
        return "throwing";
    }

    @Override
    public void write(EncodedBatch batch) throws IOException {
        throw new IOException("the back end is gone");
    }

    @Override
    public void flush() throws IOException {
        throw new IOException("the back end is gone");
    }

    @Override
    public void close() throws IOException {
        throw new IOException("the back end is gone");
    }
}
