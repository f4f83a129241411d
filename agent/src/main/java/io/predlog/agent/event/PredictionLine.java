package io.predlog.agent.event;

import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.Characteristics;
import io.predlog.agent.capture.HashResult;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a {@link PredictionEvent}, the event written once per call, straight to UTF-8 bytes: the same bytes, field
 * for field, as {@link EventJsonEncoder}'s Jackson path (docs/EVENTS.md), without a generator's per-value state
 * checks, without a staging copy of the line, and without formatting anything the capture already formatted. Field
 * names are constants with their comma and colon; the {@code field_names} array of a key set is encoded once and
 * reused while the capture hands over the same names array (maps of one schema share it).
 *
 * <p>It encodes what it knows exactly and declines the rest ({@link #encode} returns false): an {@code input} or
 * {@code output} that is not {@link Characteristics}, a string with a surrogate character, a field name that is
 * null. The encoder then writes that event with Jackson, so every event comes out the same either way. One per
 * encoder; not thread-safe.
 */
final class PredictionLine {

    private static final byte[] SUCCESS = head("prediction_success", "INFO");
    private static final byte[] FAILURE = head("prediction_failure", "ERROR");
    private static final byte[] TIMESTAMP = field("timestamp");
    private static final byte[] EVENT_ID = field("event_id");
    private static final byte[] THREAD = field("thread");
    private static final byte[] REQUEST_ID = field("request_id");
    private static final byte[] TARGET = field("target");
    private static final byte[] METHOD = field("method");
    private static final byte[] MODEL_ID = field("model_id");
    private static final byte[] MODEL_VERSION = field("model_version");
    private static final byte[] INPUT_HASH = field("input_hash");
    private static final byte[] INPUT_HASH_TRUNCATED = flag("input_hash_truncated");
    private static final byte[] INPUT_HASH_PARTIAL = flag("input_hash_partial");
    private static final byte[] INPUT_HASH_ERROR = field("input_hash_error");
    private static final byte[] INPUT_SIZE = field("input_size");
    private static final byte[] OUTPUT_HASH = field("output_hash");
    private static final byte[] OUTPUT_HASH_TRUNCATED = flag("output_hash_truncated");
    private static final byte[] OUTPUT_HASH_PARTIAL = flag("output_hash_partial");
    private static final byte[] OUTPUT_HASH_ERROR = field("output_hash_error");
    private static final byte[] INPUT_SEEN = field("input_seen_before");
    private static final byte[] LATENCY_MS = field("latency_ms");
    private static final byte[] INPUT = field("input");
    private static final byte[] OUTPUT = field("output");
    private static final byte[] SAMPLE_RATE = field("sample_rate");
    private static final byte[] ERROR_TYPE = field("error_type");
    private static final byte[] ERROR_MSG = field("error_msg");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] ONE = ascii("1.0");
    private static final byte[] END = ascii("}\n");

    private final byte[] processFields;
    private final JsonBytes out = new JsonBytes();
    /** Writes the {@code input} and {@code output} objects into {@link #out}. */
    private final CharacteristicsLine characteristics = new CharacteristicsLine(out);
    private final UtcMillisFormat timestamps = new UtcMillisFormat();
    private final DecimalText decimals = new DecimalText();

    /** @param processFields {@code ,"schema":1,"service":…,"host":…,"pid":…} as the encoder writes them */
    PredictionLine(byte[] processFields) {
        this.processFields = processFields.clone();
    }

    /**
     * Encodes {@code p} as one line with {@code eventId} ({@link EventIds#LENGTH} ASCII bytes) as its
     * {@code event_id}, {@code '\n'} included; false when it declines (see the class comment).
     */
    boolean encode(PredictionEvent p, byte[] eventId) {
        JsonBytes o = out;
        o.reset();
        boolean success = p.success();
        o.raw(success ? SUCCESS : FAILURE);
        o.raw(TIMESTAMP);
        int stamp = timestamps.format(p.startEpochMillis());
        if (stamp > 0) {
            o.raw((byte) '"');
            o.ascii(timestamps.chars(), 0, stamp);
            o.raw((byte) '"');
        } else if (!o.string(UtcMillisFormat.text(p.startEpochMillis()))) {
            return false;
        }
        o.raw(processFields);
        o.raw(EVENT_ID);
        o.raw((byte) '"');
        o.raw(eventId);
        o.raw((byte) '"');
        if (!repeated(THREAD, p.thread()) || !requestId(p) || !repeated(TARGET, p.target())
                || !repeated(METHOD, p.method()) || !repeated(MODEL_ID, p.modelId())
                || !repeated(MODEL_VERSION, p.modelVersion())) {
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
            hash(OUTPUT_HASH, OUTPUT_HASH_TRUNCATED, OUTPUT_HASH_PARTIAL, OUTPUT_HASH_ERROR, p.outputHashPrefix(),
                    p.outputHashBits(), p.outputHashError());
        }
        if (p.inputSeenBefore() != null) {
            o.raw(INPUT_SEEN);
            o.raw(p.inputSeenBefore() ? TRUE : FALSE);
        }
        millis(LATENCY_MS, p.latencyMs());
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
        double rate = p.sampleRate();
        if (Double.isFinite(rate)) {
            o.raw(SAMPLE_RATE);
            if (rate == 1.0) {
                o.raw(ONE);
            } else {
                o.ascii(DecimalText.plain(rate));
            }
        }
        if (!success && (!string(ERROR_TYPE, p.errorType())
                || !string(ERROR_MSG, ErrorMessages.redact(p.errorMessage())))) {
            return false;
        }
        o.raw(END);
        return true;
    }

    /** Copies the line last encoded to {@code target} in one call. */
    void writeTo(OutputStream target) throws IOException {
        out.writeTo(target);
    }

    private boolean requestId(PredictionEvent p) {
        if (!p.numberedRequestId()) {
            return string(REQUEST_ID, p.requestId());
        }
        JsonBytes o = out;
        o.raw(REQUEST_ID);
        o.hexString(p.requestIdHigh(), p.requestIdLow());
        return true;
    }

    private boolean string(byte[] field, String value) {
        return string(field, value, false);
    }

    /** A field the event repeats from call to call, written from {@link JsonBytes#cachedString}. */
    private boolean repeated(byte[] field, String value) {
        return string(field, value, true);
    }

    private boolean string(byte[] field, String value, boolean repeated) {
        if (value == null || value.isEmpty()) {
            return true;
        }
        JsonBytes o = out;
        int mark = o.length();
        o.raw(field);
        if (!(repeated ? o.cachedString(value) : o.string(value))) {
            o.truncate(mark);
            return false;
        }
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

    private void millis(byte[] field, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        JsonBytes o = out;
        o.raw(field);
        if (Math.abs(value) < DecimalText.MAX_FAST) {
            o.ascii(decimals.chars(), 0, decimals.formatMillis(value));
        } else {
            o.ascii(DecimalText.plain(value));
        }
    }

    private static byte[] head(String event, String level) {
        return ascii("{\"event\":\"" + event + "\",\"level\":\"" + level + "\"");
    }

    static byte[] field(String name) {
        return ascii(",\"" + name + "\":");
    }

    private static byte[] flag(String name) {
        return ascii(",\"" + name + "\":true");
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
