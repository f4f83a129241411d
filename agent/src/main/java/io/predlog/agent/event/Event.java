package io.predlog.agent.event;

/**
 * One thing that happened in the service, as recorded on the application's thread. Immutable; encoded
 * to JSON later, on the dispatcher thread, by {@link EventJsonEncoder}.
 */
public sealed interface Event permits PredictionEvent, ModelLoadEvent, RequestEvent, AgentHealthEvent,
        InflightAtCrashEvent, DerivedEvent {

    /** The event name, such as {@code prediction_success} (docs/EVENTS.md). */
    String name();

    /** The level of this event (docs/EVENTS.md). */
    Level level();

    /** Wall-clock time at which the call started, in milliseconds since the epoch. */
    long startEpochMillis();

    /** Name of the thread the call ran on. */
    String thread();

    /**
     * The event's {@code model_id} as its line states it, or null for an event without one ({@code agent_health}, a
     * request): what a sink partitions or routes by (the {@code kafka} sink's message key) without parsing the line.
     */
    default String modelId() {
        return null;
    }

    /** The event's {@code request_id} as its line states it, or null for an event without one. */
    default String requestId() {
        return null;
    }
}
