package io.predlog.agent.pipeline;

import io.predlog.agent.event.Event;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.SampleEvents;
import io.predlog.agent.sink.Sink;

import java.util.ArrayList;
import java.util.List;

/** The pipelines and recording sinks one test makes; {@link #releaseAll} unblocks the sinks and shuts them down. */
final class TestPipelines {

    private final List<EventPipeline> pipelines = new ArrayList<>();
    private final List<RecordingSink> sinks = new ArrayList<>();

    /** A pipeline of {@code capacity} in front of {@code sinks}, shut down after the test. */
    EventPipeline pipeline(int capacity, Sink... sinks) {
        EventPipeline p = new EventPipeline(capacity, new EventJsonEncoder(SampleEvents.PROCESS), List.of(sinks));
        pipelines.add(p);
        return p;
    }

    /** A recording sink, released after the test if it was made to block. */
    RecordingSink sink(String name) {
        RecordingSink s = new RecordingSink(name);
        sinks.add(s);
        return s;
    }

    /** Lets every blocked sink go, then shuts every pipeline down. */
    void releaseAll() {
        for (RecordingSink s : sinks) {
            if (s.release != null) {
                s.release.countDown();
            }
        }
        for (EventPipeline p : pipelines) {
            p.shutdown(5_000);
        }
    }

    /** The number a {@link SampleEvents#numbered} event carries. */
    static long number(Event e) {
        return Long.parseLong(((PredictionEvent) e).requestId(), 16);
    }
}
