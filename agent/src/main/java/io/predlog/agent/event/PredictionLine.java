package io.predlog.agent.event;

import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.Characteristics;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.capture.NumberHash;

/**
 * Encodes a {@link PredictionEvent}, the event written once per call, straight to UTF-8 bytes: the same bytes, field
 * for field, as {@link EventJsonEncoder}'s Jackson path (docs/EVENTS.md), without a generator's per-value state
 * checks, without a staging copy of the line, and without formatting anything the capture already formatted. Field
 * names are constants with their comma and colon ({@link LineFields}); the {@code field_names} array of a key set is
 * encoded once and reused while the capture hands over the same names array (maps of one schema share it).
 *
 * <p>It encodes what it knows exactly and declines the rest ({@link #encode} returns false): an {@code input} or
 * {@code output} that is not {@link Characteristics}, a string with a surrogate character, a field name that is
 * null. The encoder then writes that event with Jackson, so every event comes out the same either way. One per
 * encoder; not thread-safe.
 */
final class PredictionLine {

    private static final byte[] SUCCESS = LineFields.head("prediction_success", "INFO");
    private static final byte[] FAILURE = LineFields.head("prediction_failure", "ERROR");
    private static final byte[] MODEL_ID = LineFields.field("model_id");
    private static final byte[] MODEL_VERSION = LineFields.field("model_version");
    private static final byte[] INPUT_HASH = LineFields.field("input_hash");
    private static final byte[] INPUT_HASH_TRUNCATED = flag("input_hash_truncated");
    private static final byte[] INPUT_HASH_PARTIAL = flag("input_hash_partial");
    private static final byte[] INPUT_HASH_ERROR = LineFields.field("input_hash_error");
    private static final byte[] INPUT_SIZE = LineFields.field("input_size");
    private static final byte[] OUTPUT_HASH = LineFields.field("output_hash");
    private static final byte[] OUTPUT_HASH_TRUNCATED = flag("output_hash_truncated");
    private static final byte[] OUTPUT_HASH_PARTIAL = flag("output_hash_partial");
    private static final byte[] OUTPUT_HASH_ERROR = LineFields.field("output_hash_error");
    private static final byte[] INPUT_SEEN = LineFields.field("input_seen_before");
    private static final byte[] INPUT = LineFields.field("input");
    private static final byte[] OUTPUT = LineFields.field("output");
    private static final byte[] TRUE = LineFields.ascii("true");
    private static final byte[] FALSE = LineFields.ascii("false");

    private final LineFields line;
    private final JsonBytes out;
    /** Writes the {@code input} and {@code output} objects into {@link #out}. */
    private final CharacteristicsLine characteristics;
    private final NumberHash numberHash;

    /**
     * @param line       the encoder's line, which this writes prediction events into
     * @param numberHash hashes the outputs left to the encoder ({@link PredictionEvent#outputHashAtEncoding()}), or
     *                   null: such an event is then declined
     */
    PredictionLine(LineFields line, NumberHash numberHash) {
        this.numberHash = numberHash;
        this.line = line;
        this.out = line.out;
        this.characteristics = new CharacteristicsLine(out);
    }

    /**
     * Encodes {@code p} as one line with {@code eventId} ({@link EventIds#LENGTH} ASCII bytes) as its
     * {@code event_id}, {@code '\n'} included; false when it declines (see the class comment).
     */
    boolean encode(PredictionEvent p, byte[] eventId) {
        LineFields f = line;
        JsonBytes o = out;
        boolean success = p.success();
        if (!f.begin(success ? SUCCESS : FAILURE, p.startEpochMillis(), eventId, p.thread()) || !requestId(p)
                || !f.repeated(LineFields.TARGET, p.target()) || !f.repeated(LineFields.METHOD, p.method())
                || !f.repeated(MODEL_ID, p.modelId()) || !f.repeated(MODEL_VERSION, p.modelVersion())) {
            return false;
        }
        int in = p.inputHashBits();
        if ((in & HashResult.PRESENT) != 0) {
            hash(INPUT_HASH, INPUT_HASH_TRUNCATED, INPUT_HASH_PARTIAL, INPUT_HASH_ERROR, p.inputHashPrefix(), in,
                    p.inputHashError());
            if (p.inputSize() >= 0 && (in & HashResult.OPAQUE) == 0) {
                o.raw(INPUT_SIZE);
                o.number(p.inputSize());
            }
        }
        if (success && (p.outputHashBits() & HashResult.PRESENT) != 0) {
            if (numberHash == null && p.outputHashAtEncoding()) {
                return false; // the Jackson path says why it cannot be written
            }
            hash(OUTPUT_HASH, OUTPUT_HASH_TRUNCATED, OUTPUT_HASH_PARTIAL, OUTPUT_HASH_ERROR,
                    p.outputHashPrefix(numberHash), p.outputHashBits(), p.outputHashError());
        }
        if (p.inputSeenBefore() != null) {
            o.raw(INPUT_SEEN);
            o.raw(p.inputSeenBefore() ? TRUE : FALSE);
        }
        f.millis(LineFields.LATENCY_MS, p.latencyMs());
        if (p.input() != null) {
            o.raw(INPUT);
            if (!characteristics.write(p.input())) {
                return false;
            }
        }
        if (success && p.outputNumberType() != CapturedOutput.NO_NUMBER) {
            o.raw(OUTPUT);
            characteristics.number(p.outputNumberTypeName(), p.outputNumberWritten(), p.outputNumber());
        } else if (success && p.outputCharacteristics() != null) {
            o.raw(OUTPUT);
            if (!characteristics.write(p.outputCharacteristics())) {
                return false;
            }
        }
        f.sampleRate(p.sampleRate());
        if (!success && !f.error(p.errorType(), p.errorMessage())) {
            return false;
        }
        f.end();
        return true;
    }

    private boolean requestId(PredictionEvent p) {
        if (!p.numberedRequestId()) {
            return line.string(LineFields.REQUEST_ID, p.requestId());
        }
        JsonBytes o = out;
        o.raw(LineFields.REQUEST_ID);
        o.hexString(p.requestIdHigh(), p.requestIdLow());
        return true;
    }

    /** A hash packed as {@link HashResult#bits()} says, with its prefix and error. */
    private void hash(byte[] field, byte[] truncated, byte[] partial, byte[] error, long prefix, int bits,
                      String hashError) {
        JsonBytes o = out;
        if ((bits & HashResult.OPAQUE) == 0) { // native state that nothing read, or an unreadable value, has no hash
            o.raw(field);
            o.hexString(prefix);
        }
        if ((bits & HashResult.TRUNCATED) != 0) {
            o.raw(truncated);
        }
        if ((bits & HashResult.PARTIAL) != 0) {
            o.raw(partial);
        }
        if (hashError != null) {
            int mark = o.length();
            o.raw(error);
            if (!o.string(hashError)) {
                o.truncate(mark);
            }
        }
    }

    private static byte[] flag(String name) {
        return LineFields.ascii(",\"" + name + "\":true");
    }
}
