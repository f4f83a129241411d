package io.predlog.agent.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The characteristics of one value (the event's {@code input}, docs/HASHING.md), as the application thread hands them to the
 * dispatcher: an immutable snapshot in compact form, built in one or two allocations per call (field names are
 * shared between calls whenever a map's key set repeats; numeric values are kept as the canonical text the hash
 * walk already produced). The event encoder reads the compact form through the accessors of the four kinds;
 * everything else sees an equivalent read-only {@code Map} ({@code type}, then the kind's keys, in the order
 * docs/EVENTS.md gives), built afresh for each use. It implements {@code Map} itself rather than extending
 * {@code AbstractMap} and keeps no built view, so that the object the application's thread makes per call holds only
 * its own fields.
 */
public abstract sealed class Characteristics implements Map<String, Object>
        permits Characteristics.Scalar, Characteristics.Text, Characteristics.Fields, Characteristics.Array {

    /** The {@code type} of an output that is a {@code double} or a {@code Double}. */
    public static final String DOUBLE_TYPE = "java.lang.Double";
    /** The {@code type} of an output that is a {@code float} or a {@code Float}. */
    public static final String FLOAT_TYPE = "java.lang.Float";

    private final String type;

    /**
     * The characteristics of an output that is a {@code double} ({@code isDouble}) or a {@code float} (widened to
     * {@code value}), with its {@code value} when {@code withValue}: as the capture of its box makes them.
     */
    public static Characteristics number(boolean isDouble, boolean withValue, double value) {
        Number box = !withValue ? null : isDouble ? (Number) value : (Number) (float) value;
        return new Scalar(isDouble ? DOUBLE_TYPE : FLOAT_TYPE, box);
    }

    private Characteristics(String type) {
        this.type = type;
    }

    /** {@code type}: the runtime class's {@code getTypeName()}, or {@code "null"}. */
    public final String type() {
        return type;
    }

    /** The equivalent map, built for this use: the encoder's fast path never asks for it. */
    private Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        addTo(m);
        return Collections.unmodifiableMap(m);
    }

    @Override
    public final Set<Entry<String, Object>> entrySet() {
        return view().entrySet();
    }

    @Override
    public final Set<String> keySet() {
        return view().keySet();
    }

    @Override
    public final Collection<Object> values() {
        return view().values();
    }

    @Override
    public final int size() {
        return view().size();
    }

    @Override
    public final boolean isEmpty() {
        return false; // there is always a type
    }

    @Override
    public final boolean containsKey(Object key) {
        return view().containsKey(key);
    }

    @Override
    public final boolean containsValue(Object value) {
        return view().containsValue(value);
    }

    @Override
    public final Object get(Object key) {
        return view().get(key);
    }

    @Override
    public final Object put(String key, Object value) {
        throw new UnsupportedOperationException("characteristics are read-only");
    }

    @Override
    public final Object remove(Object key) {
        throw new UnsupportedOperationException("characteristics are read-only");
    }

    @Override
    public final void putAll(Map<? extends String, ?> m) {
        throw new UnsupportedOperationException("characteristics are read-only");
    }

    @Override
    public final void clear() {
        throw new UnsupportedOperationException("characteristics are read-only");
    }

    /** Equal to any map with the same entries, as {@code Map} says. */
    @Override
    public final boolean equals(Object o) {
        return o == this || o instanceof Map<?, ?> other && view().equals(other);
    }

    @Override
    public final int hashCode() {
        return view().hashCode();
    }

    @Override
    public final String toString() {
        return view().toString();
    }

    abstract void addTo(Map<String, Object> m);

    /** A scalar, null, or anything else with only a {@code type}; an output's number also with its {@code value}. */
    public static final class Scalar extends Characteristics {
        private final Number value;

        Scalar(String type) {
            this(type, null);
        }

        /**
         * @param value an output's {@code Double}, {@code Float}, {@code Long}, {@code Integer}, {@code Short} or
         *              {@code Byte} (immutable, so it may be kept), or null
         */
        Scalar(String type, Number value) {
            super(type);
            this.value = value;
        }

        /** {@code value}: an output that is a JDK number (floats widened); null for anything else. */
        public Number value() {
            return value;
        }

        @Override
        void addTo(Map<String, Object> m) {
            if (value != null) {
                m.put("value", value instanceof Float f ? (Object) (double) f : value);
            }
        }
    }

    /** A string (any {@code CharSequence}, {@code char[]}): {@code length} and {@code bytes}. */
    public static final class Text extends Characteristics {
        private final long length;
        private final long bytes;

        Text(String type, long length, long bytes) {
            super(type);
            this.length = length;
            this.bytes = bytes;
        }

        /** UTF-16 code units. */
        public long length() {
            return length;
        }

        /** UTF-8 bytes, or -1 when the byte bound stopped the string's writing. */
        public long bytes() {
            return bytes;
        }

        @Override
        void addTo(Map<String, Object> m) {
            m.put("length", length);
            if (bytes >= 0) {
                m.put("bytes", bytes);
            }
        }
    }

    /**
     * A map or an object: {@code num_fields}, {@code field_names}, {@code total_size_bytes}, {@code values}.
     *
     * <p>{@code values} is held as one byte array of slots, one per field in {@code names} order from the first:
     * a slot is either {@code 'x'} (no value: not numeric, not finite, or past the cap) or a type tag
     * ({@code 'D'} Double, {@code 'L'} Long, {@code 'I'} Integer, {@code 'S'} Short, {@code 'B'} Byte) followed by
     * the number as JSON text: the RFC 8785 form for doubles, exact digits for integers. Slots after the last
     * value are left out. Tags are letters that never occur in a JSON number, so a slot ends where the next one
     * starts. Read them with {@link ValueCursor}.
     */
    public static final class Fields extends Characteristics {
        private final int numFields;
        private final String[] names;
        private final int nameCount;
        private final long totalSizeBytes;
        private final byte[] values;

        Fields(String type, int numFields, String[] names, int nameCount, long totalSizeBytes, byte[] values) {
            super(type);
            this.numFields = numFields;
            this.names = names;
            this.nameCount = nameCount;
            this.totalSizeBytes = totalSizeBytes;
            this.values = values;
        }

        public int numFields() {
            return numFields;
        }

        /** {@code field_names}: the first {@link #fieldNameCount()} entries (the array may be longer; never modify it). */
        public String[] names() {
            return names;
        }

        public int fieldNameCount() {
            return nameCount;
        }

        public long totalSizeBytes() {
            return totalSizeBytes;
        }

        /** Whether {@code values} is present ({@code predlog.input.values}). */
        public boolean hasValues() {
            return values != null;
        }

        /** The values' slots (see the class comment), or null; never modify them. */
        byte[] valueSlots() {
            return values;
        }

        @Override
        void addTo(Map<String, Object> m) {
            m.put("num_fields", numFields);
            m.put("field_names", List.of(Arrays.copyOf(names, nameCount)));
            m.put("total_size_bytes", totalSizeBytes);
            if (values != null) {
                Map<String, Object> v = new LinkedHashMap<>();
                ValueCursor cursor = new ValueCursor();
                cursor.reset(this);
                while (cursor.next()) {
                    v.put(cursor.name(), cursor.number());
                }
                m.put("values", java.util.Collections.unmodifiableMap(v));
            }
        }
    }

    /**
     * A list or an array: {@code list_length}, {@code item_types}; for numeric contents {@code min},
     * {@code max}, {@code mean}, {@code nan_count}; for nested arrays {@code shape}; for an output that is a numeric
     * vector, {@code argmax} and {@code norm}.
     */
    public static final class Array extends Characteristics {
        private final long listLength;
        private final String[] itemTypes;
        private final boolean numeric;
        private final boolean integral;
        private final long count;
        private final double min;
        private final double max;
        private final double mean;
        private final long nanCount;
        private final int[] shape;
        private final long argmax;
        private final double norm;

        Array(String type, long listLength, String[] itemTypes, boolean numeric, boolean integral, long count,
              double min, double max, double mean, long nanCount, int[] shape, long argmax, double norm) {
            super(type);
            this.listLength = listLength;
            this.itemTypes = itemTypes;
            this.numeric = numeric;
            this.integral = integral;
            this.count = count;
            this.min = min;
            this.max = max;
            this.mean = mean;
            this.nanCount = nanCount;
            this.shape = shape;
            this.argmax = argmax;
            this.norm = norm;
        }

        /** Whether {@code argmax} and {@code norm} are present: an output that is a numeric vector. */
        public boolean vector() {
            return argmax >= 0;
        }

        /** {@code argmax}: the row-major position of the first largest element (NaN skipped), or -1. */
        public long argmax() {
            return argmax;
        }

        /** {@code norm}: the L2 norm of the elements that are not NaN, or NaN when not a {@link #vector()}. */
        public double norm() {
            return norm;
        }

        public long listLength() {
            return listLength;
        }

        /** {@code item_types}; never modify it. */
        public String[] itemTypes() {
            return itemTypes;
        }

        /** Whether {@code nan_count} (and, with {@link #hasMinMaxMean()}, min/max/mean) are present. */
        public boolean numeric() {
            return numeric;
        }

        public boolean hasMinMaxMean() {
            return numeric && count > 0;
        }

        /** Whether every number was an integer type: {@code min} and {@code max} are then integers. */
        public boolean integral() {
            return integral;
        }

        public double min() {
            return min;
        }

        public double max() {
            return max;
        }

        public double mean() {
            return mean;
        }

        public long nanCount() {
            return nanCount;
        }

        /** {@code shape}, or null; never modify it. */
        public int[] shape() {
            return shape;
        }

        @Override
        void addTo(Map<String, Object> m) {
            m.put("list_length", listLength);
            m.put("item_types", List.of(itemTypes));
            if (numeric) {
                if (count > 0) {
                    m.put("min", integral ? (Object) (long) min : (Object) min);
                    m.put("max", integral ? (Object) (long) max : (Object) max);
                    m.put("mean", mean);
                }
                m.put("nan_count", nanCount);
            }
            if (shape != null) {
                List<Object> s = new ArrayList<>(shape.length);
                for (int d : shape) {
                    s.add(d);
                }
                m.put("shape", s);
            }
            if (vector()) {
                m.put("argmax", argmax);
                m.put("norm", norm);
            }
        }
    }
}
