package io.predlog.agent.capture;

import java.nio.charset.StandardCharsets;
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

    private final String type;

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
     * the number's JSON text (the RFC 8785 form for doubles, exact digits for integers) packed two characters to a
     * byte ({@link #pack}): its characters are digits, {@code .}, {@code e}, {@code +} and {@code -}, one nibble
     * each, high nibble first, ended by the nibble {@code 0xF} (a byte {@code 0xFF} after an even count). A
     * full-precision double's 17 digits take 11 bytes instead of 19. Slots after the last value are left out.
     * Read them with {@link ValueCursor}.
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
     * Walks a {@link Fields}' values: reusable, allocation-free. {@code reset}, then {@code next()} until false;
     * after each, {@link #name()} and the value's text in {@link #bytes()} from {@link #start()} to
     * {@link #end()}.
     */
    public static final class ValueCursor {
        private String[] names;
        private byte[] slots;
        private int slot;
        private int pos;
        private byte tag;
        /** The current value's text, unpacked. */
        private byte[] text = new byte[32];
        private int length;

        public void reset(Fields fields) {
            names = fields.names;
            slots = fields.values == null ? new byte[0] : fields.values;
            slot = -1;
            pos = 0;
        }

        public boolean next() {
            byte[] b = slots;
            while (pos < b.length) {
                slot++;
                byte t = b[pos++];
                if (t == 'x') {
                    continue;
                }
                tag = t;
                pos = unpack(b, pos);
                return true;
            }
            return false;
        }

        /** Unpacks the text starting at {@code from} into {@link #text}; returns where the next slot starts. */
        private int unpack(byte[] b, int from) {
            int n = 0;
            int at = from;
            while (true) {
                int packed = b[at++];
                int high = (packed >> 4) & 0xF;
                if (high == END) {
                    break;
                }
                if (n + 2 > text.length) {
                    text = Arrays.copyOf(text, text.length * 2);
                }
                text[n++] = CHARS[high];
                int low = packed & 0xF;
                if (low == END) {
                    break;
                }
                text[n++] = CHARS[low];
            }
            length = n;
            return at;
        }

        public String name() {
            return names[slot];
        }

        /** The current value's JSON text, from {@link #start()} to {@link #end()}; overwritten by {@link #next()}. */
        public byte[] bytes() {
            return text;
        }

        public int start() {
            return 0;
        }

        public int end() {
            return length;
        }

        /** The value as the {@code Number} it was: for the {@code Map} view. */
        Number number() {
            String s = new String(text, 0, length, StandardCharsets.US_ASCII);
            return switch (tag) {
                case 'I' -> Integer.valueOf(s);
                case 'L' -> Long.valueOf(s);
                case 'S' -> Short.valueOf(s);
                case 'B' -> Byte.valueOf(s);
                default -> Double.valueOf(s);
            };
        }
    }

    /** The characters of a JSON number, by nibble; {@link #END} ends a packed text. */
    private static final byte[] CHARS = "0123456789.e+-".getBytes(StandardCharsets.US_ASCII);
    private static final int END = 0xF;
    /** A JSON number's character → its nibble, or -1. */
    private static final byte[] NIBBLES = new byte[128];

    static {
        Arrays.fill(NIBBLES, (byte) -1);
        for (int i = 0; i < CHARS.length; i++) {
            NIBBLES[CHARS[i]] = (byte) i;
        }
    }

    /** The bytes {@link #pack} writes for a text of {@code length} characters. */
    static int packedLength(int length) {
        return length / 2 + 1;
    }

    /**
     * Writes the first {@code length} characters of {@code text}, a JSON number (digits, {@code .}, {@code e},
     * {@code +}, {@code -}), two to a byte into {@code to} at {@code at}, ended as {@link Fields} describes;
     * returns where it stopped ({@code at + packedLength(length)}), or -1 when a character is none of those
     * (nothing a JSON number holds), with {@code to} written in part.
     */
    static int pack(byte[] text, int length, byte[] to, int at) {
        int i = 0;
        int bad = 0;
        for (; i + 1 < length; i += 2) {
            int high = nibble(text[i]);
            int low = nibble(text[i + 1]);
            bad |= high | low;
            to[at++] = (byte) (high << 4 | low);
        }
        int last = i < length ? nibble(text[i]) : END;
        bad |= last;
        to[at++] = (byte) (last == END ? 0xFF : last << 4 | END);
        return bad < 0 ? -1 : at;
    }

    private static int nibble(byte c) {
        return c >= 0 ? NIBBLES[c] : -1;
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
