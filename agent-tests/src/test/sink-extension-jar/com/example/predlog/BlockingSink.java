package com.example.predlog;

import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.SinkSettings;

/** A user's sink whose back end never answers: {@code blocking}, whose every write blocks for good. */
public final class BlockingSink implements Sink {

    /** Makes the sink {@code blocking}. */
    public static final class Factory implements Sink.Factory {
        @Override
        public String name() {
            return "blocking";
        }

        @Override
        public Sink create(SinkSettings settings) {
            return new BlockingSink();
        }
    }

    @Override
    public String name() {
        return "blocking";
    }

    @Override
    public void write(EncodedBatch batch) {
        while (true) { // an HTTP call with no time-out to a peer that never answers
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // keeps waiting, as such a call does
            }
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
