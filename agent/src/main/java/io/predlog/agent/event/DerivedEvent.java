package io.predlog.agent.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event the agent computes over many calls rather than records at one ({@code model_stats},
 * {@code drift_detected}, {@code drift_resolved}): its name and level, and its own fields in the order they are
 * written. Built off the application's threads, once per model and window, so a generic map is cheap enough.
 *
 * @param name             the event name
 * @param level            its level
 * @param startEpochMillis the event's {@code timestamp}: when it was computed
 * @param thread           the thread that computed it
 * @param fields           the fields after the common ones: maps, lists, strings, numbers, booleans only
 *                         ({@link JsonValueWriter}); null values are left out
 */
public record DerivedEvent(String name, Level level, long startEpochMillis, String thread,
                           Map<String, Object> fields) implements Event {

    public DerivedEvent {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The {@code model_id} among its fields ({@code model_stats}, drift events), or null. */
    @Override
    public String modelId() {
        return fields.get("model_id") instanceof String id ? id : null;
    }
}
