package io.predlog.agent.event;

/**
 * A model state change: {@code model_load_start}, {@code model_load_success} or {@code model_load_failure}.
 *
 * @param loadTimeMs   monotonic load time; NaN for START
 * @param memoryMb     estimate of what loading retained; NaN unless SUCCESS and measurable
 * @param memoryMethod how {@code memoryMb} was measured, or null
 * @param errorType    fully qualified exception class name for FAILURE, else null (may be null for FAILURE
 *                     when the exception could not be observed)
 * @param errorMessage raw exception message (redacted and truncated when encoded), or null
 */
public record ModelLoadEvent(Phase phase, long startEpochMillis, String thread, String requestId, String target,
                             String method, String modelId, String modelVersion, double loadTimeMs,
                             double memoryMb, String memoryMethod, String errorType, String errorMessage)
        implements Event {

    @Override
    public String name() {
        return switch (phase) {
            case START -> "model_load_start";
            case SUCCESS -> "model_load_success";
            case FAILURE -> "model_load_failure";
        };
    }

    @Override
    public Level level() {
        return phase == Phase.FAILURE ? Level.ERROR : Level.INFO;
    }
}
