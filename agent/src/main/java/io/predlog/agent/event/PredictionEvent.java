package io.predlog.agent.event;

import io.predlog.agent.capture.HashResult;
import io.predlog.agent.context.RequestIds;

import java.util.Map;

/**
 * A finished predict call: {@code prediction_success} when {@code errorType} is null, else
 * {@code prediction_failure}. It holds only what is written: while it waits in the queue it keeps neither the
 * call's arguments nor what the capture gathered for statistics.
 *
 * @param inputHash    the input's hash, canonical size and flags ({@code input_hash}, {@code input_size},
 *                     {@code input_hash_truncated}, {@code input_hash_partial}), or null when capture failed
 * @param input        the input's characteristics, written as {@code input}, or null when there are none
 * @param output       the output hash, or null on failure or when hashing failed
 * @param latencyMs    monotonic latency in milliseconds, microsecond resolution
 * @param errorType    fully qualified class name of the thrown exception, or null on success
 * @param errorMessage the exception's raw message (redacted and truncated when encoded), or null
 * @param inputSeenBefore whether this model was given this input hash before (docs/NOVELTY.md), or null when
 *                     unknown (novelty off, or no input hash)
 * @param outputCharacteristics the output's characteristics, written as {@code output} on success, or null when
 *                     there are none ({@code predlog.output.enabled=false}, or capture failed)
 * @param requestIdHigh with {@code requestIdLow}, a generated request id held as two numbers when {@code requestId}
 *                     is null ({@code context.RequestIds#text(long, long)}; never both zero); both 0 otherwise
 */
public record PredictionEvent(long startEpochMillis, String thread, String requestId, String target, String method,
                              String modelId, String modelVersion, HashResult inputHash, Map<String, Object> input,
                              HashResult output, double latencyMs, String errorType, String errorMessage,
                              double sampleRate, Boolean inputSeenBefore, Map<String, Object> outputCharacteristics,
                              long requestIdHigh, long requestIdLow)
        implements Event {

    /** An event whose request id is text. */
    public PredictionEvent(long startEpochMillis, String thread, String requestId, String target, String method,
                           String modelId, String modelVersion, HashResult inputHash, Map<String, Object> input,
                           HashResult output, double latencyMs, String errorType, String errorMessage,
                           double sampleRate, Boolean inputSeenBefore, Map<String, Object> outputCharacteristics) {
        this(startEpochMillis, thread, requestId, target, method, modelId, modelVersion, inputHash, input, output,
                latencyMs, errorType, errorMessage, sampleRate, inputSeenBefore, outputCharacteristics, 0, 0);
    }

    /** An event without output characteristics. */
    public PredictionEvent(long startEpochMillis, String thread, String requestId, String target, String method,
                           String modelId, String modelVersion, HashResult inputHash, Map<String, Object> input,
                           HashResult output, double latencyMs, String errorType, String errorMessage,
                           double sampleRate, Boolean inputSeenBefore) {
        this(startEpochMillis, thread, requestId, target, method, modelId, modelVersion, inputHash, input, output,
                latencyMs, errorType, errorMessage, sampleRate, inputSeenBefore, null);
    }

    /** An event that says nothing about novelty. */
    public PredictionEvent(long startEpochMillis, String thread, String requestId, String target, String method,
                           String modelId, String modelVersion, HashResult inputHash, Map<String, Object> input,
                           HashResult output, double latencyMs, String errorType, String errorMessage,
                           double sampleRate) {
        this(startEpochMillis, thread, requestId, target, method, modelId, modelVersion, inputHash, input, output,
                latencyMs, errorType, errorMessage, sampleRate, null, null);
    }

    /**
     * The request id as text: made from {@link #requestIdHigh()} and {@link #requestIdLow()} when the id is a
     * generated one held as numbers (the encoders write those digits without making the text).
     */
    @Override
    public String requestId() {
        return numberedRequestId() ? RequestIds.text(requestIdHigh, requestIdLow) : requestId;
    }

    /** Whether the request id is a generated one held as {@link #requestIdHigh()} and {@link #requestIdLow()}. */
    public boolean numberedRequestId() {
        return requestId == null && (requestIdHigh | requestIdLow) != 0;
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
