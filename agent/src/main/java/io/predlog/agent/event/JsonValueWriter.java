package io.predlog.agent.event;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Writes the generic {@code input} characteristics tree as JSON: {@code Map} as an object in iteration order
 * (keys by {@code String.valueOf}), {@code Iterable} and arrays as arrays, numbers, strings, booleans and null.
 * Non-finite doubles and floats become the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 * A value of any other type is written as {@code null} rather than through its {@code toString()}, which could
 * leak a raw value or run application code on the dispatcher thread; so is anything nested deeper than
 * {@value #MAX_DEPTH} levels (a guard against accidental cycles).
 */
final class JsonValueWriter {

    static final int MAX_DEPTH = 32;

    private JsonValueWriter() {
    }

    static void write(JsonGenerator g, Object value) throws IOException {
        write(g, value, 0);
    }

    private static void write(JsonGenerator g, Object value, int depth) throws IOException {
        if (value == null || depth > MAX_DEPTH) {
            g.writeNull();
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

    private static void writeArray(JsonGenerator g, Object array, int depth) throws IOException {
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
