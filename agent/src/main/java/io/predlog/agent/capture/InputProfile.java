package io.predlog.agent.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The characteristics of one value ({@code input}, docs/HASHING.md), gathered from what {@link CanonicalWalker}
 * reports while it writes the canonical bytes, so the graph is walked once. Holds structure and numbers only, never a string's
 * content. Reused per thread and allocation-free while gathering: {@link #reset} before each value,
 * {@link #snapshot} after, which makes the immutable {@link Characteristics} (one or two allocations).
 */
final class InputProfile {

    /** Eight bytes of an array at once: a value's text of up to sixteen bytes is copied in two moves. */
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    /** What {@link #value} copies at once, from the text and into the slots (bytes past the text are scratch). */
    private static final int WORDS_BYTES = 16;

    static final int MAX_FIELD_NAMES = 64;
    static final int MAX_VALUES = 1024;
    static final int MAX_ITEM_TYPES = 64;
    private static final int MAX_DIMS = 32;

    /** {@code Class.getTypeName()}, which builds a new String for an array class: cached per class. */
    private static final ClassValue<String> ARRAY_TYPE_NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return type.getTypeName();
        }
    };

    private enum Shape { SCALAR, STRING, FIELDS, ARRAY }

    private boolean includeValues;
    private String type;
    private Shape shape;

    private long stringLength;
    private long stringBytes;

    private int numFields;
    /** Field names in order: shared (a cached key order, a type's layout) or this profile's copy. */
    private String[] names;
    /** How many fields the walk reached (a bound may stop it early). */
    private int fieldsWalked;
    /** {@code values} as {@link Characteristics.Fields} slots, for the fields walked so far. */
    private byte[] slots = new byte[256];
    private int slotsLength;
    private int slotCount;
    private int valueCount;

    private long listLength;
    private String[] itemTypes = new String[8];
    private int itemTypeCount;
    private final int[] dims = new int[MAX_DIMS];
    private int nDims;
    private int leafLevel;
    private boolean ragged;
    private boolean nonNumeric;
    private boolean allIntegral;
    private long numericCount;
    private long nanCount;
    private double min;
    private double max;
    private double sum;
    /** Sum of the squared numbers, for an output vector's {@code norm}. */
    private double sumSquares;
    /** Row-major position of the first largest number, for an output vector's {@code argmax}. */
    private long argmax;

    /** {@code type} and {@code item_types}: the class's name ({@code getTypeName()} for arrays: {@code float[]}). */
    static String typeName(Object v) {
        Class<?> c = v.getClass();
        return c.isArray() ? ARRAY_TYPE_NAMES.get(c) : c.getName();
    }

    void reset(boolean includeValues, String type) {
        this.includeValues = includeValues;
        this.type = type;
        this.shape = Shape.SCALAR;
        this.names = null;
        this.fieldsWalked = 0;
        this.slotsLength = 0;
        this.slotCount = 0;
        this.valueCount = 0;
        this.itemTypeCount = 0;
        this.numFields = 0;
        this.listLength = 0;
        this.nDims = 0;
        this.leafLevel = -1;
        this.ragged = false;
        this.nonNumeric = false;
        this.allIntegral = true;
        this.numericCount = 0;
        this.nanCount = 0;
        this.min = Double.POSITIVE_INFINITY;
        this.max = Double.NEGATIVE_INFINITY;
        this.sum = 0;
        this.sumSquares = 0;
        this.argmax = -1;
    }

    // ---- strings

    /** A top-level string of {@code length} UTF-16 units; {@code utf8Bytes} is -1 until it is written completely. */
    void string(long length, long utf8Bytes) {
        shape = Shape.STRING;
        stringLength = length;
        stringBytes = utf8Bytes;
    }

    // ---- maps and objects

    void fields(int count) {
        shape = Shape.FIELDS;
        numFields = count;
    }

    /**
     * The field names, sorted. {@code shared} is an array that is never modified afterwards (used as it is);
     * else {@code keys[from, from + count)} is copied, as far as the names and values need it.
     */
    void names(String[] shared, String[] keys, int from, int count) {
        if (shared != null) {
            names = shared;
        } else {
            names = Arrays.copyOfRange(keys, from, from + Math.min(count, Math.max(MAX_FIELD_NAMES, slotCount)));
        }
    }

    /** The walk reached field {@code index} (in sorted order). */
    void fieldReached(int index) {
        fieldsWalked = index + 1;
    }

    /** Whether a value for the next field would be kept: values are on and the cap is not reached. */
    boolean wantsValue() {
        return includeValues && valueCount < MAX_VALUES;
    }

    /**
     * Field {@code index}'s value: tag ({@code 'D'}, {@code 'L'}, {@code 'I'}, {@code 'S'}, {@code 'B'}) and
     * JSON text; only when {@link #wantsValue()}.
     */
    void value(int index, char tag, byte[] text, int length) {
        value(index, tag, text, 0, length);
    }

    /** As {@link #value(int, char, byte[], int)}, for the text at {@code text[from, from + length)}. */
    void value(int index, char tag, byte[] text, int from, int length) {
        int need = slotsLength + (index - slotCount) + 1 + Math.max(length, WORDS_BYTES);
        if (need > slots.length) {
            slots = Arrays.copyOf(slots, Math.max(need, slots.length * 2));
        }
        while (slotCount < index) {
            slots[slotsLength++] = 'x';
            slotCount++;
        }
        byte[] to = slots;
        int at = slotsLength;
        to[at++] = (byte) tag;
        if (length <= WORDS_BYTES && from <= text.length - WORDS_BYTES) {
            // the bytes past the text land past slotsLength: the next value or the snapshot's end cuts them off
            WORD.set(to, at, (long) WORD.get(text, from));
            WORD.set(to, at + 8, (long) WORD.get(text, from + 8));
        } else {
            System.arraycopy(text, from, to, at, length);
        }
        slotsLength = at + length;
        slotCount++;
        valueCount++;
    }

    /**
     * Field {@code index}'s value, when it is a JDK number other than a {@code Double}, {@code Integer} or
     * {@code Long} (which the walker keeps as it writes them): integral ones by their exact digits, others
     * ({@code Float} widened, {@code BigDecimal}, {@code BigInteger}) as the double the hash has, when finite.
     * Anything else has no value. Only when {@link #wantsValue()}; {@code scratch} holds the digits.
     */
    void jdkNumberValue(int index, Object v, byte[] scratch) {
        Class<?> c = v.getClass();
        if (!(v instanceof Number number) || !c.getName().startsWith("java.")) {
            return;
        }
        if (c == Double.class) {
            double d = (Double) v;
            if (Double.isFinite(d)) {
                value(index, 'D', scratch, JcsNumber.format(d, scratch));
            }
        } else if (c == Integer.class || c == Long.class || c == Short.class || c == Byte.class) {
            char tag = c == Integer.class ? 'I' : c == Short.class ? 'S' : c == Byte.class ? 'B' : 'L';
            value(index, tag, scratch, JcsNumber.formatExactLong(number.longValue(), scratch));
        } else if (ValueAdapters.isIntegral(c)) {
            value(index, 'L', scratch, JcsNumber.formatExactLong(number.longValue(), scratch));
        } else {
            double d = number.doubleValue();
            if (Double.isFinite(d)) {
                value(index, 'D', scratch, JcsNumber.format(d, scratch));
            }
        }
    }

    // ---- lists and arrays: level 0 is the top-level array, level 1 its elements, and so on

    void beginArray(int level, int knownLength) {
        if (level == 0) {
            shape = Shape.ARRAY;
            listLength = Math.max(knownLength, 0); // stands if a bound stops the walk inside the array
        }
        if (knownLength < 0 || (leafLevel >= 0 && level >= leafLevel)) {
            ragged = true;
        } else if (level < nDims) {
            if (dims[level] != knownLength) {
                ragged = true;
            }
        } else if (level == nDims && nDims < MAX_DIMS) {
            dims[nDims++] = knownLength;
        } else {
            ragged = true;
        }
    }

    void endArray(int level, long count) {
        if (level == 0) {
            listLength = count;
        }
    }

    /** A direct element of the top-level array. */
    void item(String typeName) {
        for (int i = 0; i < itemTypeCount; i++) {
            if (itemTypes[i].equals(typeName)) {
                return;
            }
        }
        if (itemTypeCount < MAX_ITEM_TYPES) {
            if (itemTypeCount == itemTypes.length) {
                itemTypes = Arrays.copyOf(itemTypes, itemTypeCount * 2);
            }
            itemTypes[itemTypeCount++] = typeName;
        }
    }

    /** Something that is not an array at this level of the top-level array. */
    void leaf(int level) {
        if (leafLevel < 0) {
            leafLevel = level;
            if (level != nDims) {
                ragged = true;
            }
        } else if (leafLevel != level) {
            ragged = true;
        }
    }

    void nonNumeric() {
        nonNumeric = true;
    }

    void number(double v, boolean integral) {
        if (v != v) {
            nanCount++;
            return;
        }
        allIntegral &= integral;
        long position = numericCount + nanCount;
        numericCount++;
        sum += v;
        sumSquares += v * v;
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
            argmax = position;
        }
    }

    /** {@code n} floats from {@code a[from]}, as {@link #number} would take them one by one. */
    void floats(float[] a, int from, int n) {
        Running r = new Running(this);
        for (int i = from, to = from + n; i < to; i++) {
            r.add(a[i]);
        }
        r.store(this, false);
    }

    /** {@code n} doubles from {@code a[from]}, as {@link #number} would take them one by one. */
    void doubles(double[] a, int from, int n) {
        Running r = new Running(this);
        for (int i = from, to = from + n; i < to; i++) {
            r.add(a[i]);
        }
        r.store(this, false);
    }

    /** {@code n} ints from {@code a[from]}, as {@link #number} would take them one by one. */
    void ints(int[] a, int from, int n) {
        Running r = new Running(this);
        for (int i = from, to = from + n; i < to; i++) {
            r.add(a[i]);
        }
        r.store(this, true);
    }

    /** {@code n} longs from {@code a[from]}, as {@link #number} would take them one by one. */
    void longs(long[] a, int from, int n) {
        Running r = new Running(this);
        for (int i = from, to = from + n; i < to; i++) {
            r.add(a[i]);
        }
        r.store(this, true);
    }

    /**
     * The running figures of {@link #number} held in locals while a run of an array's elements is folded in: made
     * per run and scalar-replaced by the JIT, so the loop keeps them in registers instead of writing the profile's
     * fields once per element.
     */
    private static final class Running {
        private long nanCount;
        private long numericCount;
        private double min;
        private double max;
        private double sum;
        private double sumSquares;
        private long argmax;
        private final long numericBefore;

        Running(InputProfile p) {
            nanCount = p.nanCount;
            numericCount = p.numericCount;
            numericBefore = p.numericCount;
            min = p.min;
            max = p.max;
            sum = p.sum;
            sumSquares = p.sumSquares;
            argmax = p.argmax;
        }

        void add(double v) {
            if (v != v) {
                nanCount++;
                return;
            }
            long position = numericCount + nanCount;
            numericCount++;
            sum += v;
            sumSquares += v * v;
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
                argmax = position;
            }
        }

        void store(InputProfile p, boolean integral) {
            if (!integral && numericCount > numericBefore) {
                p.allIntegral = false;
            }
            p.nanCount = nanCount;
            p.numericCount = numericCount;
            p.min = min;
            p.max = max;
            p.sum = sum;
            p.sumSquares = sumSquares;
            p.argmax = argmax;
        }
    }

    /**
     * A matrix seen earlier ({@link MatrixDigest}) as the top-level value: the characteristics of the
     * {@code float[rows][cols]} of its cells, from the statistics taken when it was digested.
     */
    void matrix(MatrixDigest m) {
        shape = Shape.ARRAY;
        listLength = m.rows();
        dims[0] = m.rows();
        dims[1] = m.rows() == 0 ? 0 : m.cols();
        nDims = 2;
        if (m.rows() > 0) {
            item("float[]");
        }
        allIntegral = m.numeric() == 0;
        numericCount = m.numeric();
        nanCount = m.nanCount();
        min = m.min();
        max = m.max();
        sum = m.sum();
    }

    /**
     * Whether the value is a numeric vector: a numeric array or list of one dimension, or a nesting whose every
     * dimension but the last is 1 ({@code float[1][k]}, a batch of one), with at least one number that is not NaN.
     */
    private boolean vector() {
        if (shape != Shape.ARRAY || nonNumeric || ragged || numericCount == 0 || nDims == 0 || leafLevel != nDims) {
            return false;
        }
        for (int i = 0; i < nDims - 1; i++) {
            if (dims[i] != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code input} object; {@code canonicalBytes} is the value's canonical byte count. Clears the
     * references this profile held, so that a reused profile keeps nothing of the application's alive.
     */
    Characteristics snapshot(long canonicalBytes) {
        return snapshot(canonicalBytes, false, null);
    }

    /**
     * The {@code output} object: as {@link #snapshot(long)}, and for a numeric vector (see {@link #vector()}) its
     * {@code argmax} and {@code norm} as well.
     *
     * @param scalarValue the {@code value} of an output that is a scalar (a JDK number), or null for none
     */
    Characteristics snapshotOutput(long canonicalBytes, Number scalarValue) {
        return snapshot(canonicalBytes, true, scalarValue);
    }

    private Characteristics snapshot(long canonicalBytes, boolean vectorFigures, Number scalarValue) {
        boolean vector = vectorFigures && vector();
        Characteristics c = switch (shape) {
            case STRING -> new Characteristics.Text(type, stringLength, stringBytes);
            case FIELDS -> new Characteristics.Fields(type, numFields, names == null ? new String[0] : names,
                    names == null ? 0 : Math.min(Math.min(fieldsWalked, MAX_FIELD_NAMES), names.length),
                    canonicalBytes, includeValues ? Arrays.copyOf(slots, slotsLength) : null);
            case ARRAY -> new Characteristics.Array(type, listLength, Arrays.copyOf(itemTypes, itemTypeCount),
                    !nonNumeric && numericCount + nanCount > 0, allIntegral, numericCount, min, max,
                    numericCount > 0 ? sum / numericCount : Double.NaN, nanCount,
                    !ragged && nDims >= 2 ? Arrays.copyOf(dims, nDims) : null,
                    vector ? argmax : -1, vector ? Math.sqrt(sumSquares) : Double.NaN);
            default -> new Characteristics.Scalar(type, scalarValue);
        };
        names = null;
        Arrays.fill(itemTypes, 0, itemTypeCount, null);
        return c;
    }
}
