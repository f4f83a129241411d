package io.predlog.agent.event;

import io.predlog.agent.capture.Characteristics;
import io.predlog.agent.capture.ValueCursor;

import java.util.Arrays;
import java.util.Map;

/**
 * Writes the {@code input} and {@code output} objects of a {@link PredictionLine}, the characteristics the capture
 * made (docs/EVENTS.md), into the line's {@link JsonBytes}: the field names of a key set encoded once and reused
 * while the capture hands over the same names array (one per key set, whichever thread made the call; a few are
 * kept), each value as the JSON text the capture made. One per {@link PredictionLine}; not thread-safe.
 */
final class CharacteristicsLine {

    private static final byte[] TYPE = LineFields.ascii("{\"type\":");
    private static final byte[] NUM_FIELDS = LineFields.field("num_fields");
    private static final byte[] FIELD_NAMES = LineFields.field("field_names");
    private static final byte[] TOTAL_SIZE_BYTES = LineFields.field("total_size_bytes");
    private static final byte[] VALUES = LineFields.ascii(",\"values\":{");
    private static final byte[] LIST_LENGTH = LineFields.field("list_length");
    private static final byte[] ITEM_TYPES = LineFields.field("item_types");
    private static final byte[] MIN = LineFields.field("min");
    private static final byte[] MAX = LineFields.field("max");
    private static final byte[] MEAN = LineFields.field("mean");
    private static final byte[] NAN_COUNT = LineFields.field("nan_count");
    private static final byte[] SHAPE = LineFields.field("shape");
    private static final byte[] ARGMAX = LineFields.field("argmax");
    private static final byte[] NORM = LineFields.field("norm");
    private static final byte[] VALUE = LineFields.field("value");
    private static final byte[] LENGTH = LineFields.field("length");
    private static final byte[] BYTES = LineFields.field("bytes");

    private final JsonBytes out;
    private final JavaDoubleText doubles = new JavaDoubleText();
    private final ValueCursor cursor = new ValueCursor();
    /**
     * The encoded names of recent names arrays, by identity: a key set's names array is the same instance call
     * after call, whichever thread made it (the capture shares one per key set), and an event has up to two (its
     * input's and its output's), so a few entries keep every name of a service's schemas encoded once. An array is
     * given an entry the second time it is seen ({@link #seenOnce}): a map's own copy of its names, made for one
     * call, neither allocates an entry nor pushes out one that is in use.
     */
    private final NamesEntry[] entries = new NamesEntry[ENTRIES];
    private int entryVictim;
    private final String[][] seenOnce = new String[SEEN_ONCE][];
    private int seenVictim;
    private static final int ENTRIES = 8;
    private static final int SEEN_ONCE = 4;

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
            NamesEntry names = entry(f.names());
            if (!fieldNames(names, f.names(), f.fieldNameCount())) {
                return false;
            }
            o.raw(TOTAL_SIZE_BYTES);
            o.number(f.totalSizeBytes());
            if (f.hasValues() && !values(f, names)) {
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

    /** {@code field_names}: the first {@code count} names, from {@code e} (null: not kept) when encoded before. */
    private boolean fieldNames(NamesEntry e, String[] names, int count) {
        JsonBytes o = out;
        if (e == null || e.fieldNames == null || e.fieldNamesCount != count) {
            int start = o.length();
            if (!strings(names, count)) {
                return false;
            }
            if (e != null) {
                e.fieldNames = Arrays.copyOfRange(o.array(), start, o.length());
                e.fieldNamesCount = count;
            }
            return true;
        }
        o.raw(e.fieldNames);
        return true;
    }

    /**
     * The entry of this names array; one made (in place of the oldest) when it is seen for the second time; null
     * the first time.
     */
    private NamesEntry entry(String[] names) {
        for (NamesEntry e : entries) {
            if (e != null && e.names == names) {
                return e;
            }
        }
        String[][] seen = seenOnce;
        for (int i = 0; i < seen.length; i++) {
            if (seen[i] == names) {
                seen[i] = null;
                NamesEntry e = new NamesEntry(names);
                entries[entryVictim++ & (ENTRIES - 1)] = e;
                return e;
            }
        }
        seen[seenVictim++ & (SEEN_ONCE - 1)] = names;
        return null;
    }

    /**
     * {@code "values":{…}}: each value as the JSON text the capture made, under its field's name. With the names'
     * entry (null: not kept), each value is one run of bytes: its key as kept, comma included, then its text,
     * copied as the cursor finds its end, after one check for room.
     */
    private boolean values(Characteristics.Fields f, NamesEntry e) {
        JsonBytes o = out;
        o.raw(VALUES);
        ValueCursor v = cursor;
        v.reset(f);
        if (e == null) {
            return valuesOnce(f.names(), v);
        }
        String[] names = f.names();
        byte[][] keys = e.valueKeys;
        int from = 1; // the first key without its comma
        while (v.advance()) {
            int index = v.index();
            byte[] key = keys[index];
            if (key == null && (key = valueKey(names[index], keys, index)) == null) {
                return false;
            }
            int n = key.length - from;
            byte[] b = o.room(n + v.remaining());
            int at = o.length();
            System.arraycopy(key, from, b, at, n);
            o.advanceTo(v.copyValue(b, at + n));
            from = 0;
        }
        o.raw((byte) '}');
        return true;
    }

    /** {@link #values} for names that are not kept: each key encoded where it is written. */
    private boolean valuesOnce(String[] names, ValueCursor v) {
        JsonBytes o = out;
        boolean first = true;
        while (v.advance()) {
            if (!first) {
                o.raw((byte) ',');
            }
            first = false;
            String name = names[v.index()];
            if (name == null || !o.string(name)) {
                return false;
            }
            o.raw((byte) ':');
            byte[] b = o.room(v.remaining());
            o.advanceTo(v.copyValue(b, o.length()));
        }
        o.raw((byte) '}');
        return true;
    }

    /**
     * {@code ,"name":} for {@code name}, kept in {@code keys} at {@code index}; null when the name is null or holds a
     * surrogate character.
     */
    private byte[] valueKey(String name, byte[][] keys, int index) {
        JsonBytes o = out;
        int start = o.length();
        o.raw((byte) ',');
        boolean encoded = name != null && o.string(name);
        o.raw((byte) ':');
        byte[] key = encoded ? Arrays.copyOfRange(o.array(), start, o.length()) : null;
        o.truncate(start);
        keys[index] = key;
        return key;
    }

    /** One names array's encoded {@code field_names} (for a count of names) and {@code ,"name":} keys. */
    private static final class NamesEntry {
        final String[] names;
        final byte[][] valueKeys;
        byte[] fieldNames;
        int fieldNamesCount;

        NamesEntry(String[] names) {
            this.names = names;
            this.valueKeys = new byte[names.length][];
        }
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
