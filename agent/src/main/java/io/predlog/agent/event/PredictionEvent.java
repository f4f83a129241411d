package io.predlog.agent.event;

import io.predlog.agent.capture.HashResult;
import io.predlog.agent.context.RequestIds;

import java.util.Map;

/**
 * A finished predict call: {@code prediction_success} when {@code errorType} is null, else
 * {@code prediction_failure}. It holds only what is written: while it waits in the queue it keeps neither the
 * call's arguments nor what the capture gathered for statistics. The two hashes are kept as {@link HashResult}
 * packs them ({@code bits} 0: none), with no object of their own: {@link #inputHash()} and {@link #output()} make
 * one when asked; the encoders read the parts.
 *
 * @param inputHashPrefix the input hash ({@code input_hash}), its canonical size ({@code input_size}), its flags
 *                     ({@code input_hash_truncated}, {@code input_hash_partial}; {@link HashResult#bits()}, 0 when
 *                     capture failed) and the error that left it opaque ({@code input_hash_error}), or null
 * @param input        the input's characteristics, written as {@code input}, or null when there are none
 * @param outputHashPrefix the output hash, packed as the input's: 0 bits on failure or when hashing failed
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
                              String modelId, String modelVersion, long inputHashPrefix, long inputSize,
                              int inputHashBits, String inputHashError, Map<String, Object> input,
                              long outputHashPrefix, long outputSize, int outputHashBits, String outputHashError,
                              double latencyMs, String errorType, String errorMessage, double sampleRate,
                              Boolean inputSeenBefore, Map<String, Object> outputCharacteristics, long requestIdHigh,
                              long requestIdLow)
        implements Event {

    /** An event with its hashes as results and its request id as two numbers (see the record's parameters). */
    public PredictionEvent(long startEpochMillis, String thread, String requestId, String target, String method,
                           String modelId, String modelVersion, HashResult inputHash, Map<String, Object> input,
                           HashResult output, double latencyMs, String errorType, String errorMessage,
                           double sampleRate, Boolean inputSeenBefore, Map<String, Object> outputCharacteristics,
                           long requestIdHigh, long requestIdLow) {
        this(startEpochMillis, thread, requestId, target, method, modelId, modelVersion,
                inputHash == null ? 0 : inputHash.prefix(), inputHash == null ? 0 : inputHash.size(),
                inputHash == null ? 0 : inputHash.bits(), inputHash == null ? null : inputHash.error(), input,
                output == null ? 0 : output.prefix(), output == null ? 0 : output.size(),
                output == null ? 0 : output.bits(), output == null ? null : output.error(), latencyMs, errorType,
                errorMessage, sampleRate, inputSeenBefore, outputCharacteristics, requestIdHigh, requestIdLow);
    }

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

    /** The input's hash, canonical size and flags, or null when capture failed: made for this use. */
    public HashResult inputHash() {
        return HashResult.unpack(inputHashPrefix, inputSize, inputHashBits, inputHashError);
    }

    /** The output hash, or null on failure or when hashing failed: made for this use. */
    public HashResult output() {
        return HashResult.unpack(outputHashPrefix, outputSize, outputHashBits, outputHashError);
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
