package io.predlog.agent.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.predlog.agent.capture.Characteristics;
import io.predlog.agent.capture.ValueCursor;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Writes the generic {@code input} and {@code output} characteristics trees as JSON: {@code Map} as an object in
 * iteration order (keys by {@code String.valueOf}), {@code Iterable} and arrays as arrays, numbers, strings,
 * booleans and null.
 * Non-finite doubles and floats become the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 * A value of any other type is written as {@code null} rather than through its {@code toString()}, which could
 * leak a raw value or run application code on the dispatcher thread; so is anything nested deeper than
 * {@value #MAX_DEPTH} levels (a guard against accidental cycles).
 *
 * <p>{@link Characteristics} (what the capture hands over as {@code input} and {@code output}) is written from its
 * compact form, without building its {@code Map} view: field names straight from the shared array, numeric values
 * as the JSON text the capture already made (the RFC 8785 form). One per encoder; not thread-safe.
 */
final class JsonValueWriter {

    static final int MAX_DEPTH = 32;

    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString LENGTH = new SerializedString("length");
    private static final SerializableString BYTES = new SerializedString("bytes");
    private static final SerializableString NUM_FIELDS = new SerializedString("num_fields");
    private static final SerializableString FIELD_NAMES = new SerializedString("field_names");
    private static final SerializableString TOTAL_SIZE_BYTES = new SerializedString("total_size_bytes");
    private static final SerializableString VALUES = new SerializedString("values");
    private static final SerializableString LIST_LENGTH = new SerializedString("list_length");
    private static final SerializableString ITEM_TYPES = new SerializedString("item_types");
    private static final SerializableString MIN = new SerializedString("min");
    private static final SerializableString MAX = new SerializedString("max");
    private static final SerializableString MEAN = new SerializedString("mean");
    private static final SerializableString NAN_COUNT = new SerializedString("nan_count");
    private static final SerializableString SHAPE = new SerializedString("shape");
    private static final SerializableString ARGMAX = new SerializedString("argmax");
    private static final SerializableString NORM = new SerializedString("norm");
    private static final SerializableString VALUE = new SerializedString("value");

    private final ValueCursor cursor = new ValueCursor();
    private final char[] number = new char[64];

    void write(JsonGenerator g, Object value) throws IOException {
        write(g, value, 0);
    }

    private void write(JsonGenerator g, Object value, int depth) throws IOException {
        if (value == null || depth > MAX_DEPTH) {
            g.writeNull();
        } else if (value instanceof Characteristics c) {
            characteristics(g, c);
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Double d) {
            writeDouble(g, d);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                g.writeFieldName(String.valueOf(entry.getKey()));
                write(g, entry.getValue(), depth + 1);
            }
            g.writeEndObject();
        } else if (value instanceof Iterable<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                write(g, item, depth + 1);
            }
            g.writeEndArray();
        } else if (value instanceof Float f) {
            if (Float.isFinite(f)) {
                g.writeNumber(f);
            } else {
                g.writeString(nonFinite(f));
            }
        } else if (value instanceof BigDecimal n) {
            g.writeNumber(n);
        } else if (value instanceof BigInteger n) {
            g.writeNumber(n);
        } else if (value instanceof Number n) {
            writeDouble(g, n.doubleValue());
        } else if (value instanceof CharSequence || value instanceof Character) {
            g.writeString(value.toString());
        } else if (value instanceof Enum<?> e) {
            g.writeString(e.name());
        } else if (value.getClass().isArray()) {
            writeArray(g, value, depth);
        } else {
            g.writeNull();
        }
    }

    private void writeArray(JsonGenerator g, Object array, int depth) throws IOException {
        g.writeStartArray();
        if (array instanceof Object[] items) {
            for (Object item : items) {
                write(g, item, depth + 1);
            }
        } else if (array instanceof int[] a) {
            for (int v : a) {
                g.writeNumber(v);
            }
        } else if (array instanceof long[] a) {
            for (long v : a) {
                g.writeNumber(v);
            }
        } else if (array instanceof double[] a) {
            for (double v : a) {
                writeDouble(g, v);
            }
        } else if (array instanceof float[] a) {
            for (float v : a) {
                write(g, v, depth + 1);
            }
        } else if (array instanceof short[] a) {
            for (short v : a) {
                g.writeNumber(v);
            }
        } else if (array instanceof byte[] a) {
            for (byte v : a) {
                g.writeNumber(v);
            }
        } else if (array instanceof boolean[] a) {
            for (boolean v : a) {
                g.writeBoolean(v);
            }
        } else if (array instanceof char[] a) {
            for (char v : a) {
                g.writeString(String.valueOf(v));
            }
        }
        g.writeEndArray();
    }

    /**
     * The characteristics of an output kept as a number: {@code type}, and {@code value} when {@code withValue}, as
     * {@link #write} writes a {@code Characteristics.Scalar} of the same.
     */
    void number(JsonGenerator g, String type, boolean withValue, double value) throws IOException {
        g.writeStartObject();
        g.writeFieldName(TYPE);
        g.writeString(type);
        if (withValue) {
            g.writeFieldName(VALUE);
            writeDouble(g, value);
        }
        g.writeEndObject();
    }

    private void characteristics(JsonGenerator g, Characteristics c) throws IOException {
        g.writeStartObject();
        g.writeFieldName(TYPE);
        g.writeString(c.type());
        if (c instanceof Characteristics.Fields f) {
            g.writeFieldName(NUM_FIELDS);
            g.writeNumber(f.numFields());
            g.writeFieldName(FIELD_NAMES);
            g.writeStartArray();
            String[] names = f.names();
            for (int i = 0, n = f.fieldNameCount(); i < n; i++) {
                g.writeString(names[i]);
            }
            g.writeEndArray();
            g.writeFieldName(TOTAL_SIZE_BYTES);
            g.writeNumber(f.totalSizeBytes());
            if (f.hasValues()) {
                g.writeFieldName(VALUES);
                g.writeStartObject();
                ValueCursor v = cursor;
                v.reset(f);
                char[] chars = number;
                while (v.next()) {
                    g.writeFieldName(v.name());
                    byte[] bytes = v.bytes();
                    int length = v.end() - v.start();
                    for (int i = 0, from = v.start(); i < length; i++) {
                        chars[i] = (char) bytes[from + i];
                    }
                    g.writeNumber(chars, 0, length);
                }
                g.writeEndObject();
            }
        } else if (c instanceof Characteristics.Array a) {
            g.writeFieldName(LIST_LENGTH);
            g.writeNumber(a.listLength());
            g.writeFieldName(ITEM_TYPES);
            g.writeStartArray();
            for (String t : a.itemTypes()) {
                g.writeString(t);
            }
            g.writeEndArray();
            if (a.numeric()) {
                if (a.hasMinMaxMean()) {
                    g.writeFieldName(MIN);
                    bound(g, a.min(), a.integral());
                    g.writeFieldName(MAX);
                    bound(g, a.max(), a.integral());
                    g.writeFieldName(MEAN);
                    writeDouble(g, a.mean());
                }
                g.writeFieldName(NAN_COUNT);
                g.writeNumber(a.nanCount());
            }
            if (a.shape() != null) {
                g.writeFieldName(SHAPE);
                g.writeStartArray();
                for (int d : a.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
            }
            if (a.vector()) {
                g.writeFieldName(ARGMAX);
                g.writeNumber(a.argmax());
                g.writeFieldName(NORM);
                writeDouble(g, a.norm());
            }
        } else if (c instanceof Characteristics.Scalar n && n.value() != null) {
            g.writeFieldName(VALUE);
            Number v = n.value();
            if (v instanceof Double || v instanceof Float) {
                writeDouble(g, v.doubleValue());
            } else {
                g.writeNumber(v.longValue());
            }
        } else if (c instanceof Characteristics.Text t) {
            g.writeFieldName(LENGTH);
            g.writeNumber(t.length());
            if (t.bytes() >= 0) { // unknown when the byte bound cut the string
                g.writeFieldName(BYTES);
                g.writeNumber(t.bytes());
            }
        }
        g.writeEndObject();
    }

    private static void bound(JsonGenerator g, double v, boolean integral) throws IOException {
        if (integral) {
            g.writeNumber((long) v);
        } else {
            writeDouble(g, v);
        }
    }

    private static void writeDouble(JsonGenerator g, double d) throws IOException {
        if (Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeString(nonFinite(d));
        }
    }

    private static String nonFinite(double d) {
        return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
    }
}
