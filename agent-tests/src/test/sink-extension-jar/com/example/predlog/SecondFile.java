package com.example.predlog;

import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.SinkSettings;

/** A factory that asks for a built-in sink's name: reported and left out. */
public final class SecondFile implements Sink.Factory {
    @Override
    public String name() {
        return "file";
    }

    @Override
    public Sink create(SinkSettings settings) {
        throw new IllegalStateException("never made: 'file' is the agent's");
    }
}
