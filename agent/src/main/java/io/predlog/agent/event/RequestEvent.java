package io.predlog.agent.event;

/**
 * A request entry point: {@code request_start}, {@code request_success} or {@code request_failure}.
 *
 * @param latencyMs    monotonic latency; NaN for START
 * @param errorType    fully qualified exception class name for FAILURE, else null
 * @param errorMessage raw exception message (redacted and truncated when encoded), or null
 */
public record RequestEvent(Phase phase, long startEpochMillis, String thread, String requestId, String target,
                           String method, double latencyMs, String errorType, String errorMessage)
        implements Event {

    @Override
    public String name() {
        return switch (phase) {
            case START -> "request_start";
            case SUCCESS -> "request_success";
            case FAILURE -> "request_failure";
        };
    }

    @Override
    public Level level() {
        return phase == Phase.FAILURE ? Level.ERROR : Level.INFO;
    }
}
