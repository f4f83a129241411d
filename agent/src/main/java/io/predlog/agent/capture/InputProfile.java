package io.predlog.agent.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The characteristics of one value (SPEC §3 {@code input}), gathered while {@link CanonicalWalker} writes
 * its canonical bytes, so the graph is walked once. Holds structure and numbers only, never a string's
 * content. Reused per thread: {@link #reset} before each value, {@link #toMap} after.
 */
final class InputProfile {

    static final int MAX_FIELD_NAMES = 64;
    static final int MAX_VALUES = 1024;
    static final int MAX_ITEM_TYPES = 64;
    private static final int MAX_DIMS = 32;

    private enum Shape { SCALAR, STRING, FIELDS, ARRAY }

    private boolean includeValues;
    private String type;
    private Shape shape;

    private long stringLength;
    private long stringBytes;

    private int numFields;
    private List<Object> fieldNames;
    private Map<String, Object> values;

    private long listLength;
    private List<Object> itemTypes;
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

    void reset(boolean includeValues, String type) {
        this.includeValues = includeValues;
        this.type = type;
        this.shape = Shape.SCALAR;
        this.fieldNames = null;
        this.values = null;
        this.itemTypes = null;
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
    }

    boolean wantsValues() {
        return includeValues;
    }

    // ---- strings

    void string(long length, long utf8Bytes) {
        shape = Shape.STRING;
        stringLength = length;
        stringBytes = utf8Bytes;
    }

    // ---- maps and objects

    void fields(int count) {
        shape = Shape.FIELDS;
        numFields = count;
        fieldNames = new ArrayList<>(Math.min(count, MAX_FIELD_NAMES));
        if (includeValues) {
            values = new LinkedHashMap<>();
        }
    }

    /** A top-level field, in sorted order. {@code number} is its value when numeric, else null. */
    void field(String name, Number number) {
        if (fieldNames.size() < MAX_FIELD_NAMES) {
            fieldNames.add(name);
        }
        if (number != null && values != null && values.size() < MAX_VALUES) {
            values.put(name, number);
        }
    }

    // ---- lists and arrays: level 0 is the top-level array, level 1 its elements, and so on

    void beginArray(int level, int knownLength) {
        if (level == 0) {
            shape = Shape.ARRAY;
            itemTypes = new ArrayList<>();
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
        if (itemTypes.size() < MAX_ITEM_TYPES && !itemTypes.contains(typeName)) {
            itemTypes.add(typeName);
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
        numericCount++;
        sum += v;
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
    }

    /** The {@code input} object; {@code canonicalBytes} is the value's canonical byte count. */
    Map<String, Object> toMap(long canonicalBytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        switch (shape) {
            case STRING -> {
                m.put("length", stringLength);
                m.put("bytes", stringBytes);
            }
            case FIELDS -> {
                m.put("num_fields", numFields);
                m.put("field_names", fieldNames);
                m.put("total_size_bytes", canonicalBytes);
                if (values != null) {
                    m.put("values", values);
                }
            }
            case ARRAY -> {
                m.put("list_length", listLength);
                m.put("item_types", itemTypes);
                if (!nonNumeric && numericCount + nanCount > 0) {
                    if (numericCount > 0) {
                        m.put("min", allIntegral ? (Object) (long) min : (Object) min);
                        m.put("max", allIntegral ? (Object) (long) max : (Object) max);
                        m.put("mean", sum / numericCount);
                    }
                    m.put("nan_count", nanCount);
                }
                if (!ragged && nDims >= 2) {
                    List<Object> s = new ArrayList<>(nDims);
                    for (int i = 0; i < nDims; i++) {
                        s.add(dims[i]);
                    }
                    m.put("shape", s);
                }
            }
            default -> {
            }
        }
        return m;
    }
}
