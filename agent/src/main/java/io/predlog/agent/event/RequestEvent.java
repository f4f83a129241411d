package io.predlog.agent.event;

/**
 * A request entry point: {@code request_start}, {@code request_success} or {@code request_failure}.
 *
 * @param latencyMs    monotonic latency; NaN for START
 * @param errorType    fully qualified exception class name for FAILURE, else null
 * @param errorMessage raw exception message (redacted and truncated when encoded), or null
 * @param sampleRate   the probability with which the event was kept (1.0 when nothing is sampled)
 */
public record RequestEvent(Phase phase, long startEpochMillis, String thread, String requestId, String target,
                           String method, double latencyMs, String errorType, String errorMessage, double sampleRate)
        implements Event {

    /** An event kept with certainty ({@code sample_rate} 1.0). */
    public RequestEvent(Phase phase, long startEpochMillis, String thread, String requestId, String target,
                        String method, double latencyMs, String errorType, String errorMessage) {
        this(phase, startEpochMillis, thread, requestId, target, method, latencyMs, errorType, errorMessage, 1.0);
    }

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
