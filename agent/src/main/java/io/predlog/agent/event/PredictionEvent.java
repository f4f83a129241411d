package io.predlog.agent.event;

import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.Characteristics;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.capture.NumberHash;
import io.predlog.agent.context.RequestIds;

import java.util.Map;

/**
 * A finished predict call: {@code prediction_success} when {@link #errorType()} is null, else
 * {@code prediction_failure}. It holds only what is written: while it waits in the queue it keeps neither the
 * call's arguments nor what the capture gathered for statistics. It is made on the application's thread for every
 * kept call, so it is kept small: the two hashes are kept as {@link HashResult} packs them, with no object of their
 * own ({@link #inputHash()} and {@link #output()} make one when asked; the encoders read the parts); their flags,
 * the novelty answer and the kind of a numeric output share one {@code int}, {@link #flags()}; the four texts of
 * what went wrong, which most calls have none of, one reference ({@link Errors}); an output that is a
 * {@code double} or {@code float} is kept as its number ({@link #outputNumber()}), not as an object.
 *
 * @param inputHashPrefix the input hash ({@code input_hash}), its canonical size ({@code input_size}), its flags
 *                     ({@link #inputHashBits()}) and the error that left it opaque ({@link #inputHashError()})
 * @param input        the input's characteristics, written as {@code input}, or null when there are none
 * @param outputHashPrefix the output hash ({@code output_hash}), with its flags ({@link #outputHashBits()}: 0 on
 *                     failure or when hashing failed) and error; an output hash's size is not an event field. For an
 *                     output kept as a number whose hash its encoder computes ({@link #outputHashAtEncoding()}), 0:
 *                     {@link #outputHashPrefix(NumberHash)} gives it
 * @param latencyMs    monotonic latency in milliseconds, microsecond resolution
 * @param errors       the call's exception and the hash walks' errors ({@link Errors}), or null when there are none
 * @param outputCharacteristics the output's characteristics, written as {@code output} on success, or null when
 *                     there are none ({@code predlog.output.enabled=false}, or capture failed) or when the output is
 *                     a number held in {@code outputNumber}
 * @param outputNumber the {@code value} of an output kept as a number ({@link #outputNumberType()} not
 *                     {@link CapturedOutput#NO_NUMBER}); 0 otherwise
 * @param flags        {@link #flags(int, int, Boolean, int)}: the input's and the output's {@link HashResult#bits()},
 *                     {@code input_seen_before} and {@link #outputNumberType()}
 * @param requestIdHigh with {@code requestIdLow}, a generated request id held as two numbers when {@code requestId}
 *                     is null ({@code context.RequestIds#text(long, long)}; never both zero); both 0 otherwise
 */
public record PredictionEvent(long startEpochMillis, String thread, String requestId, String target, String method,
                              String modelId, String modelVersion, long inputHashPrefix, long inputSize,
                              Map<String, Object> input, long outputHashPrefix, double latencyMs, Errors errors,
                              double sampleRate, Map<String, Object> outputCharacteristics, double outputNumber,
                              int flags, long requestIdHigh, long requestIdLow)
        implements Event {

    /**
     * What went wrong in a call, which most calls have none of, kept in one object made only when there is some:
     * the exception the call threw, and the exceptions that stopped the walk of its input or output.
     *
     * @param errorType       fully qualified class name of the thrown exception, or null on success
     * @param errorMessage    the exception's raw message (redacted and truncated when encoded), or null
     * @param inputHashError  the class name of the exception that left the input hash opaque
     *                        ({@code input_hash_error}), or null
     * @param outputHashError the same for the output ({@code output_hash_error}), or null
     */
    public record Errors(String errorType, String errorMessage, String inputHashError, String outputHashError) {

        /** These, or null when all four are null. */
        public static Errors of(String errorType, String errorMessage, String inputHashError,
                                String outputHashError) {
            return errorType == null && errorMessage == null && inputHashError == null && outputHashError == null
                    ? null : new Errors(errorType, errorMessage, inputHashError, outputHashError);
        }
    }

    private static final int HASH_BITS = 0xf;
    private static final int OUTPUT_HASH_SHIFT = 4;
    private static final int SEEN_SHIFT = 8;
    private static final int SEEN_NEW = 1;
    private static final int SEEN_BEFORE = 2;
    private static final int NUMBER_SHIFT = 10;
    private static final int NUMBER_BITS = 0x7;
    private static final int OUTPUT_HASH_AT_ENCODING = 1 << 13;

    /**
     * The {@code flags} of an event.
     *
     * @param inputHashBits  the input hash's {@link HashResult#bits()} (0: none)
     * @param outputHashBits the output hash's
     * @param seenBefore     {@code input_seen_before}, or null when unknown
     * @param numberType     {@link #outputNumberType()}
     */
    public static int flags(int inputHashBits, int outputHashBits, Boolean seenBefore, int numberType) {
        return flags(inputHashBits, outputHashBits, seenBefore, numberType, false);
    }

    /**
     * The {@code flags} of an event, as {@link #flags(int, int, Boolean, int)}; {@code outputHashAtEncoding}: the
     * output, kept as a number, is hashed by the encoder ({@link #outputHashAtEncoding()}).
     */
    public static int flags(int inputHashBits, int outputHashBits, Boolean seenBefore, int numberType,
                            boolean outputHashAtEncoding) {
        return (inputHashBits & HASH_BITS) | (outputHashBits & HASH_BITS) << OUTPUT_HASH_SHIFT
                | (seenBefore == null ? 0 : seenBefore ? SEEN_BEFORE : SEEN_NEW) << SEEN_SHIFT
                | (numberType & NUMBER_BITS) << NUMBER_SHIFT
                | (outputHashAtEncoding && numberType != CapturedOutput.NO_NUMBER ? OUTPUT_HASH_AT_ENCODING : 0);
    }

    /** An event with its hashes as results and its request id as two numbers (see the record's parameters). */
    public PredictionEvent(long startEpochMillis, String thread, String requestId, String target, String method,
                           String modelId, String modelVersion, HashResult inputHash, Map<String, Object> input,
                           HashResult output, double latencyMs, String errorType, String errorMessage,
                           double sampleRate, Boolean inputSeenBefore, Map<String, Object> outputCharacteristics,
                           long requestIdHigh, long requestIdLow) {
        this(startEpochMillis, thread, requestId, target, method, modelId, modelVersion,
                inputHash == null ? 0 : inputHash.prefix(), inputHash == null ? 0 : inputHash.size(), input,
                output == null ? 0 : output.prefix(), latencyMs, Errors.of(errorType, errorMessage,
                        inputHash == null ? null : inputHash.error(), output == null ? null : output.error()),
                sampleRate, outputCharacteristics, 0, flags(inputHash == null ? 0 : inputHash.bits(),
                        output == null ? 0 : output.bits(), inputSeenBefore, CapturedOutput.NO_NUMBER),
                requestIdHigh, requestIdLow);
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
        return HashResult.unpack(inputHashPrefix, inputSize, inputHashBits(), inputHashError());
    }

    /**
     * The output hash, or null on failure or when hashing failed: made for this use (its size is not kept: -1). For
     * an output its encoder hashes ({@link #outputHashAtEncoding()}), its prefix is
     * {@link #outputHashPrefix(NumberHash)}.
     */
    public HashResult output() {
        return HashResult.unpack(outputHashPrefix, -1, outputHashBits(), outputHashError());
    }

    /**
     * Whether the output is a number whose hash the encoder computes, with the {@link NumberHash} of the capture's
     * settings ({@link #outputHashPrefix(NumberHash)}): then {@link #outputHashPrefix()} is 0.
     */
    public boolean outputHashAtEncoding() {
        return (flags & OUTPUT_HASH_AT_ENCODING) != 0;
    }

    /**
     * The output hash's first 8 bytes: as kept, or for an output hashed at encoding computed by {@code hashes}.
     *
     * @throws IllegalStateException when the output is hashed at encoding and {@code hashes} is null
     */
    public long outputHashPrefix(NumberHash hashes) {
        if ((flags & OUTPUT_HASH_AT_ENCODING) == 0) {
            return outputHashPrefix;
        }
        if (hashes == null) {
            throw new IllegalStateException("the output is hashed at encoding, and this encoder has no NumberHash");
        }
        int number = outputNumberType();
        return hashes.prefix(outputNumber,
                number == CapturedOutput.FLOAT_NUMBER || number == CapturedOutput.FLOAT_TYPE_ONLY);
    }

    /** Fully qualified class name of the exception the call threw, or null on success. */
    public String errorType() {
        return errors == null ? null : errors.errorType();
    }

    /** The exception's raw message (redacted and truncated when encoded), or null. */
    public String errorMessage() {
        return errors == null ? null : errors.errorMessage();
    }

    /** {@code input_hash_error}: the class name of the exception that left the input hash opaque, or null. */
    public String inputHashError() {
        return errors == null ? null : errors.inputHashError();
    }

    /** {@code output_hash_error}, as {@link #inputHashError()} for the output, or null. */
    public String outputHashError() {
        return errors == null ? null : errors.outputHashError();
    }

    /** The input hash's {@link HashResult#bits()}: 0 when capture failed. */
    public int inputHashBits() {
        return flags & HASH_BITS;
    }

    /** The output hash's {@link HashResult#bits()}: 0 on failure or when hashing failed. */
    public int outputHashBits() {
        return flags >>> OUTPUT_HASH_SHIFT & HASH_BITS;
    }

    /** {@code input_seen_before}: whether this model was given this input hash before (docs/NOVELTY.md), or null. */
    public Boolean inputSeenBefore() {
        int seen = flags >>> SEEN_SHIFT & 3;
        return seen == 0 ? null : seen == SEEN_BEFORE;
    }

    /** How the output is kept as a number: {@link CapturedOutput#numberType()}. */
    public int outputNumberType() {
        return flags >>> NUMBER_SHIFT & NUMBER_BITS;
    }

    /**
     * The output's characteristics, as {@code outputCharacteristics} or, for an output kept as a number, made for this
     * use: {@code {"type": "java.lang.Double", "value": …}} (the encoders write the number without it).
     */
    @Override
    public Map<String, Object> outputCharacteristics() {
        int number = outputNumberType();
        return number == CapturedOutput.NO_NUMBER ? outputCharacteristics
                : CapturedOutput.numberCharacteristics(number, outputNumber);
    }

    /** The {@code type} an output kept as a number is written with ({@link #outputNumberType()} not none). */
    public String outputNumberTypeName() {
        int number = outputNumberType();
        return number == CapturedOutput.DOUBLE_NUMBER || number == CapturedOutput.DOUBLE_TYPE_ONLY
                ? Characteristics.DOUBLE_TYPE : Characteristics.FLOAT_TYPE;
    }

    /** Whether an output kept as a number has its {@code value} written. */
    public boolean outputNumberWritten() {
        int number = outputNumberType();
        return number == CapturedOutput.DOUBLE_NUMBER || number == CapturedOutput.FLOAT_NUMBER;
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
        return errors == null || errors.errorType() == null;
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
