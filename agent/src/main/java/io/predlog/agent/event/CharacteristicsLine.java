package io.predlog.agent.event;

import io.predlog.agent.capture.Characteristics;
import io.predlog.agent.capture.ValueCursor;

import java.util.Arrays;
import java.util.Map;

/**
 * Writes the {@code input} and {@code output} objects of a {@link PredictionLine}, the characteristics the capture
 * made (docs/EVENTS.md), into the line's {@link JsonBytes}: the field names of a key set encoded once and reused
 * while the capture hands over the same names array, each value as the JSON text the capture made. One per
 * {@link PredictionLine}; not thread-safe.
 */
final class CharacteristicsLine {

    private static final byte[] TYPE = PredictionLine.ascii("{\"type\":");
    private static final byte[] NUM_FIELDS = PredictionLine.field("num_fields");
    private static final byte[] FIELD_NAMES = PredictionLine.field("field_names");
    private static final byte[] TOTAL_SIZE_BYTES = PredictionLine.field("total_size_bytes");
    private static final byte[] VALUES = PredictionLine.ascii(",\"values\":{");
    private static final byte[] LIST_LENGTH = PredictionLine.field("list_length");
    private static final byte[] ITEM_TYPES = PredictionLine.field("item_types");
    private static final byte[] MIN = PredictionLine.field("min");
    private static final byte[] MAX = PredictionLine.field("max");
    private static final byte[] MEAN = PredictionLine.field("mean");
    private static final byte[] NAN_COUNT = PredictionLine.field("nan_count");
    private static final byte[] SHAPE = PredictionLine.field("shape");
    private static final byte[] ARGMAX = PredictionLine.field("argmax");
    private static final byte[] NORM = PredictionLine.field("norm");
    private static final byte[] VALUE = PredictionLine.field("value");
    private static final byte[] LENGTH = PredictionLine.field("length");
    private static final byte[] BYTES = PredictionLine.field("bytes");

    private final JsonBytes out;
    private final JavaDoubleText doubles = new JavaDoubleText();
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

    /** @param out the line being written */
    CharacteristicsLine(JsonBytes out) {
        this.out = out;
    }

    /**
     * The {@code input} or {@code output} object of {@code value}; false, with part of it written, when it declines
     * (not {@link Characteristics}, a string with a surrogate character, a field name that is null).
     */
    boolean write(Map<String, Object> value) {
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
                Arrays.fill(valueKeys, null);
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
        valueKeys[index] = Arrays.copyOfRange(o.array(), start, o.length());
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

    /**
     * An output that is a number kept as such: {@code {"type":…,"value":…}}, the value left out when the capture
     * was asked for the type only.
     */
    void number(String typeName, boolean withValue, double value) {
        JsonBytes o = out;
        o.raw(TYPE);
        o.cachedString(typeName);
        if (withValue) {
            o.raw(VALUE);
            decimal(value);
        }
        o.raw((byte) '}');
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
}
