package io.predlog.agent.event;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.HashResult;

/**
 * A finished predict call: {@code prediction_success} when {@code errorType} is null, else
 * {@code prediction_failure}.
 *
 * @param input        the captured input, or null when capture failed
 * @param output       the output hash, or null on failure or when hashing failed
 * @param latencyMs    monotonic latency in milliseconds, microsecond resolution
 * @param errorType    fully qualified class name of the thrown exception, or null on success
 * @param errorMessage the exception's raw message (redacted and truncated when encoded), or null
 * @param inputSeenBefore whether this model was given this input hash before (issue 5, novelty), or null when
 *                     unknown (novelty off, or no input hash)
 */
public record PredictionEvent(long startEpochMillis, String thread, String requestId, String target, String method,
                              String modelId, String modelVersion, CapturedInput input, HashResult output,
                              double latencyMs, String errorType, String errorMessage, double sampleRate,
                              Boolean inputSeenBefore)
        implements Event {

    /** An event that says nothing about novelty. */
    public PredictionEvent(long startEpochMillis, String thread, String requestId, String target, String method,
                           String modelId, String modelVersion, CapturedInput input, HashResult output,
                           double latencyMs, String errorType, String errorMessage, double sampleRate) {
        this(startEpochMillis, thread, requestId, target, method, modelId, modelVersion, input, output, latencyMs,
                errorType, errorMessage, sampleRate, null);
    }

    public boolean success() {
        return errorType == null;
    }

    @Override
    public String name() {
        return success() ? "prediction_success" : "prediction_failure";
    }

    @Override
    public Level level() {
        return success() ? Level.INFO : Level.ERROR;
    }
}
