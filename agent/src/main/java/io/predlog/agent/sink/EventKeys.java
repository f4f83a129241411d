package io.predlog.agent.sink;

import io.predlog.agent.event.DerivedEvent;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.InflightAtCrashEvent;
import io.predlog.agent.event.ModelLoadEvent;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.RequestEvent;

/**
 * The model id and the request id of an event, as its line states them, for a sink that partitions or routes by them
 * (the {@code kafka} sink's message key): read from the recorded {@link EncodedBatch#event}, so that no line is
 * parsed. Null for an event without one ({@code agent_health}; a request has no model).
 */
public final class EventKeys {

    private EventKeys() {
    }

    /** The event's {@code model_id}, or null. */
    public static String modelId(Event event) {
        if (event instanceof PredictionEvent p) {
            return p.modelId();
        }
        if (event instanceof ModelLoadEvent l) {
            return l.modelId();
        }
        if (event instanceof InflightAtCrashEvent c) {
            return c.modelId();
        }
        if (event instanceof DerivedEvent d && d.fields().get("model_id") instanceof String id) {
            return id;
        }
        return null;
    }

    /** The event's {@code request_id}, or null. */
    public static String requestId(Event event) {
        if (event instanceof PredictionEvent p) {
            return p.requestId();
        }
        if (event instanceof ModelLoadEvent l) {
            return l.requestId();
        }
        if (event instanceof RequestEvent r) {
            return r.requestId();
        }
        if (event instanceof InflightAtCrashEvent c) {
            return c.requestId();
        }
        return null;
    }
}
