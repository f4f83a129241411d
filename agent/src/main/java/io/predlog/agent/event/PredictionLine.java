package io.predlog.agent.event;

import io.predlog.agent.capture.Characteristics;
import io.predlog.agent.capture.ValueCursor;
import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.context.RequestIds;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

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

    private static final byte[] TYPE = ascii("{\"type\":");
    private static final byte[] NUM_FIELDS = field("num_fields");
    private static final byte[] FIELD_NAMES = field("field_names");
    private static final byte[] TOTAL_SIZE_BYTES = field("total_size_bytes");
    private static final byte[] VALUES = ascii(",\"values\":{");
    private static final byte[] LIST_LENGTH = field("list_length");
    private static final byte[] ITEM_TYPES = field("item_types");
    private static final byte[] MIN = field("min");
    private static final byte[] MAX = field("max");
    private static final byte[] MEAN = field("mean");
    private static final byte[] NAN_COUNT = field("nan_count");
    private static final byte[] SHAPE = field("shape");
    private static final byte[] ARGMAX = field("argmax");
    private static final byte[] NORM = field("norm");
    private static final byte[] VALUE = field("value");
    private static final byte[] LENGTH = field("length");
    private static final byte[] BYTES = field("bytes");

    private final byte[] processFields;
    private final JsonBytes out = new JsonBytes();
    private final UtcMillisFormat timestamps = new UtcMillisFormat();
    private final DecimalText decimals = new DecimalText();
    private final JavaDoubleText doubles = new JavaDoubleText();
    private final char[] hex = new char[16];
    /** A generated request id's digits, written from its two numbers. */
    private final byte[] idDigits = new byte[RequestIds.LENGTH];
    private final ValueCursor cursor = new ValueCursor();
    /** The last {@code field_names} encoded, for the names array and count it was encoded from. */
    private String[] cachedNames;
    private int cachedCount = -1;
    private final JsonBytes cachedFieldNames = new JsonBytes();
    /**
     * The names array whose {@code "name":} keys {@link #valueKeys} holds, each encoded when first written: a key
     * set's names array is the same instance call after call, so its keys are escaped once.
     */
    private String[] keyedNames;
    private byte[][] valueKeys = new byte[0][];

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
            if (!characteristics(p.input())) {
                return false;
            }
        }
        if (success && p.outputNumberType() != CapturedOutput.NO_NUMBER) {
            o.raw(OUTPUT);
            o.raw(TYPE);
            o.cachedString(p.outputNumberTypeName());
            if (p.outputNumberWritten()) {
                o.raw(VALUE);
                decimal(p.outputNumber());
            }
            o.raw((byte) '}');
        } else if (success && p.outputCharacteristics() != null) {
            o.raw(OUTPUT);
            if (!characteristics(p.outputCharacteristics())) {
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

    private boolean characteristics(Map<String, Object> value) {
        if (!(value instanceof Characteristics c)) {
            return false;
        }
        JsonBytes o = out;
        o.raw(TYPE);
        if (!(c.type() == null ? o.stringOrNull(null) : o.cachedString(c.type()))) {
            return false;
        }
        if (c instanceof Characteristics.Fields f) {
            o.raw(NUM_FIELDS);
            o.number(f.numFields());
            o.raw(FIELD_NAMES);
            if (!fieldNames(f.names(), f.fieldNameCount())) {
                return false;
            }
            o.raw(TOTAL_SIZE_BYTES);
            o.number(f.totalSizeBytes());
            if (f.hasValues() && !values(f)) {
                return false;
            }
        } else if (c instanceof Characteristics.Array a) {
            o.raw(LIST_LENGTH);
            o.number(a.listLength());
            o.raw(ITEM_TYPES);
            if (!strings(a.itemTypes(), a.itemTypes().length)) {
                return false;
            }
            if (a.numeric()) {
                if (a.hasMinMaxMean()) {
                    o.raw(MIN);
                    bound(a.min(), a.integral());
                    o.raw(MAX);
                    bound(a.max(), a.integral());
                    o.raw(MEAN);
                    decimal(a.mean());
                }
                o.raw(NAN_COUNT);
                o.number(a.nanCount());
            }
            if (a.shape() != null) {
                o.raw(SHAPE);
                o.raw((byte) '[');
                int[] shape = a.shape();
                for (int i = 0; i < shape.length; i++) {
                    if (i > 0) {
                        o.raw((byte) ',');
                    }
                    o.number(shape[i]);
                }
                o.raw((byte) ']');
            }
            if (a.vector()) {
                o.raw(ARGMAX);
                o.number(a.argmax());
                o.raw(NORM);
                decimal(a.norm());
            }
        } else if (c instanceof Characteristics.Scalar n && n.value() != null) {
            o.raw(VALUE);
            Number v = n.value();
            if (v instanceof Double || v instanceof Float) {
                decimal(v.doubleValue());
            } else {
                o.number(v.longValue());
            }
        } else if (c instanceof Characteristics.Text t) {
            o.raw(LENGTH);
            o.number(t.length());
            if (t.bytes() >= 0) { // unknown when the byte bound cut the string
                o.raw(BYTES);
                o.number(t.bytes());
            }
        }
        o.raw((byte) '}');
        return true;
    }

    private boolean fieldNames(String[] names, int count) {
        if (names != cachedNames || count != cachedCount) {
            JsonBytes saved = cachedFieldNames;
            cachedNames = null;
            saved.reset();
            JsonBytes o = out;
            int start = o.length();
            if (!strings(names, count)) {
                return false;
            }
            saved.raw(o.array(), start, o.length());
            cachedNames = names;
            cachedCount = count;
            return true;
        }
        out.raw(cachedFieldNames.array(), 0, cachedFieldNames.length());
        return true;
    }

    /** {@code "values":{…}}: each value as the JSON text the capture made, under its field's name. */
    private boolean values(Characteristics.Fields f) {
        JsonBytes o = out;
        o.raw(VALUES);
        ValueCursor v = cursor;
        v.reset(f);
        boolean first = true;
        while (v.next()) {
            if (!first) {
                o.raw((byte) ',');
            }
            first = false;
            if (!valueKey(f.names(), v.index())) {
                return false;
            }
            o.raw(v.bytes(), v.start(), v.end());
        }
        o.raw((byte) '}');
        return true;
    }

    /** {@code "name":} for {@code names[index]}, from {@link #valueKeys} when it was written before. */
    private boolean valueKey(String[] names, int index) {
        if (names != keyedNames) {
            if (valueKeys.length < names.length) {
                valueKeys = new byte[names.length][];
            } else {
                java.util.Arrays.fill(valueKeys, null);
            }
            keyedNames = names;
        }
        byte[] key = valueKeys[index];
        JsonBytes o = out;
        if (key != null) {
            o.raw(key);
            return true;
        }
        String name = names[index];
        int start = o.length();
        if (name == null || !o.string(name)) {
            return false;
        }
        o.raw((byte) ':');
        valueKeys[index] = java.util.Arrays.copyOfRange(o.array(), start, o.length());
        return true;
    }

    private boolean strings(String[] items, int count) {
        JsonBytes o = out;
        o.raw((byte) '[');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                o.raw((byte) ',');
            }
            if (!o.stringOrNull(items[i])) {
                return false;
            }
        }
        o.raw((byte) ']');
        return true;
    }

    private boolean requestId(PredictionEvent p) {
        if (!p.numberedRequestId()) {
            return string(REQUEST_ID, p.requestId());
        }
        JsonBytes o = out;
        RequestIds.hex(p.requestIdHigh(), p.requestIdLow(), idDigits, 0);
        o.raw(REQUEST_ID);
        o.raw((byte) '"');
        o.raw(idDigits);
        o.raw((byte) '"');
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
            HashResult.hexOf(prefix, hex, 0);
            o.raw((byte) '"');
            o.ascii(hex, 0, 16);
            o.raw((byte) '"');
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

    private void bound(double v, boolean integral) {
        if (integral) {
            out.number((long) v);
        } else {
            decimal(v);
        }
    }

    /** A statistic as Jackson writes a double (shortest round trip, {@code 1.0E-4}); non-finite ones as strings. */
    private void decimal(double d) {
        if (Double.isFinite(d)) {
            out.raw(doubles.bytes(), 0, doubles.format(d));
        } else {
            out.string(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static byte[] head(String event, String level) {
        return ascii("{\"event\":\"" + event + "\",\"level\":\"" + level + "\"");
    }

    private static byte[] field(String name) {
        return ascii(",\"" + name + "\":");
    }

    private static byte[] flag(String name) {
        return ascii(",\"" + name + "\":true");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
