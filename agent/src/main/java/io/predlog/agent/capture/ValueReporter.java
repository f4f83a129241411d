package io.predlog.agent.capture;

import java.nio.CharBuffer;

/**
 * The values a walk reports, each handed to the three consumers of the one walk: the canonical bytes
 * ({@link DigestWriter}), the characteristics ({@link InputProfile}, when wanted) and the features
 * ({@link FeatureGatherer}, when wanted). Scalars, primitive fields and primitive arrays are reported here;
 * {@link CanonicalWalker}, the only subclass, adds the traversal (containers, cycles, the path) on top.
 * {@link ValueAdapter}s call both through the walker.
 *
 * <p>{@code level} is the reported value's position in the top-level array's chain of nested arrays: 0 is the
 * top-level value itself, 1 its elements, and so on; -1 outside that chain or without characteristics. It is
 * what the characteristics of arrays ({@code shape}, {@code item_types}, statistics) are made of.
 */
abstract sealed class ValueReporter permits CanonicalWalker {

    private static final long MAX_EXACT = 1L << 53;

    final DigestWriter out = new DigestWriter();
    final int maxNodes;
    final int maxDepth;
    /** The level of each container on the path. */
    final int[] levels;
    /** Scratch for the exact digits of a large integer value. */
    final byte[] exactDigits = new byte[JcsNumber.BUFFER];

    /** The walk's top-level value. */
    Object root;
    /** Containers entered. */
    int depth;
    int level;
    InputProfile profile;
    /** Gathers the walk's features, or null when none are wanted. */
    FeatureGatherer features;
    long nodes;
    boolean partial;
    /** A value was native state that nothing read: the walk's bytes are not the value's content. */
    boolean opaque;
    /**
     * Whether the fields being written are the top-level value's (the input's fields): the container entered last
     * is the top-level one, with characteristics wanted. Kept by the walker as it enters and leaves containers.
     */
    boolean topFields;

    ValueReporter(int maxNodes, int maxDepth) {
        this.maxNodes = maxNodes;
        this.maxDepth = maxDepth;
        this.levels = new int[maxDepth + 1];
    }

    // ---- scalars

    void nullValue() {
        out.writeAscii("null");
        other();
        if (features != null) {
            features.nullValue();
        }
    }

    void bool(boolean b) {
        out.writeAscii(b ? "true" : "false");
        other();
        if (features != null) {
            features.bool(b);
        }
    }

    /** A string: a string characteristic at the top level, a text feature. */
    void string(CharSequence s) {
        if (level == 0) {
            profile.string(s.length(), -1); // the length stands if the byte bound stops the writing
        }
        long bytes = JcsString.write(out, s);
        if (level == 0) {
            profile.string(s.length(), bytes);
        } else {
            other();
        }
        if (features != null) {
            features.text(s);
        }
    }

    /** An enum constant's name: a string in the canonical bytes, a scalar characteristic, a text feature. */
    void enumName(String name) {
        JcsString.write(out, name);
        other();
        if (features != null) {
            features.enumName(name);
        }
    }

    /** A value written as a string (a JDK value type's standard form, a {@code Character}): not a feature. */
    void text(String s) {
        JcsString.write(out, s);
        other();
        if (features != null) {
            features.notNumber();
        }
    }

    void number(double d) {
        JcsNumber.writeDouble(out, d);
        if (features != null) {
            features.number(d);
        }
        if (level > 0) {
            profile.leaf(level);
            profile.number(d, false);
        }
    }

    void integral(long v) {
        JcsNumber.writeLong(out, v);
        if (features != null) {
            features.integral(v);
        }
        if (level > 0) {
            profile.leaf(level);
            profile.number(v, true);
        }
    }

    /**
     * A value whose content is native state that nothing reads (docs/HASHING.md, "Native state"): written as the
     * string {@code "<native>"} so the walk goes on, but the result has no hash ({@code opaque}) and is partial.
     * Not a feature, not a number.
     */
    void nativeState() {
        JcsString.write(out, "<native>");
        other();
        partial = true;
        opaque = true;
        if (features != null) {
            features.notNumber();
        }
    }

    /** Notes that a value was left out or written as null because the module system hides it. */
    void hidden() {
        partial = true;
    }

    /** A scalar inside the top-level array: not a number. */
    void other() {
        if (level > 0) {
            profile.leaf(level);
            profile.nonNumeric();
        }
    }

    /** Whether the fields being written are the top-level value's (the input's fields). */
    final boolean topFields() {
        return topFields;
    }

    // ---- primitive fields, after their key (CanonicalWalker#key); index is the field's position in sorted order

    /** A primitive {@code double} or {@code float} field's value. */
    void doubleField(int index, String name, double d) {
        countNode();
        DigestWriter o = out;
        int at = o.numberAt();
        byte[] text = o.numberArray(at);
        int from = Math.max(at, 0);
        int n = JcsNumber.format(d, text, from);
        o.take(at, n);
        if (topFields()) {
            profile.fieldReached(index);
            if (profile.wantsValue() && Double.isFinite(d)) {
                profile.value(index, 'D', text, from, n);
            }
            if (features != null) {
                features.number(name, d);
            }
        }
    }

    /** A primitive integral field's value. */
    void longField(int index, String name, long v) {
        countNode();
        DigestWriter o = out;
        int at = o.numberAt();
        byte[] text = o.numberArray(at);
        int from = Math.max(at, 0);
        int n = JcsNumber.formatLong(v, text, from);
        o.take(at, n);
        if (topFields()) {
            profile.fieldReached(index);
            if (profile.wantsValue()) {
                integerValue(index, 'L', v, text, from, n);
            }
            if (features != null) {
                features.number(name, v);
            }
        }
    }

    /** A primitive {@code boolean} field's value. */
    void booleanField(int index, String name, boolean b) {
        countNode();
        out.writeAscii(b ? "true" : "false");
        if (topFields()) {
            profile.fieldReached(index);
            if (features != null) {
                features.bool(name, b);
            }
        }
    }

    /** A primitive {@code char} field's value: a one-character string, not a feature. */
    void charField(int index, char c) {
        countNode();
        JcsString.write(out, String.valueOf(c));
        if (topFields()) {
            profile.fieldReached(index);
        }
    }

    /** A primitive field the module system would not let be read: written as null, and the value is partial. */
    void hiddenField(int index) {
        countNode();
        partial = true;
        out.writeAscii("null");
        if (topFields()) {
            profile.fieldReached(index);
        }
    }

    /** Keeps an integer value: its canonical text ({@code canonical[from, from + n)}) where exact, else its digits. */
    final void integerValue(int index, char tag, long x, byte[] canonical, int from, int n) {
        if (x <= MAX_EXACT && x >= -MAX_EXACT) {
            profile.value(index, tag, canonical, from, n);
        } else {
            profile.value(index, tag, exactDigits, JcsNumber.formatExactLong(x, exactDigits));
        }
    }

    final void countNode() {
        if (++nodes > maxNodes) {
            throw BoundReached.INSTANCE;
        }
    }

    // ---- primitive arrays

    /**
     * Writes {@code array}, a primitive array or a nesting of one, as the typed tensor (docs/HASHING.md) that
     * {@code value} is, and returns true, when {@code value} is the top-level value and {@code array} a
     * rectangular nesting of a numeric type; else writes nothing and returns false. {@code value} is the array
     * itself for a Java array; a library's tensor type would pass the array its own accessor gives.
     */
    boolean tensor(Object value, Object array) {
        if (value != root || depth != 0 || !TensorWriter.write(out, array, profile)) {
            return false;
        }
        if (features != null) {
            features.numericNesting(array);
        }
        return true;
    }

    /**
     * A primitive array inside JSON: one node, its {@code length} elements written with
     * {@link #primitive(int, double)} and the like, then {@link #endPrimitives}. {@code numeric}: false for
     * {@code boolean[]}.
     */
    void beginPrimitives(Object array, int length, boolean numeric) {
        if (depth >= maxDepth) {
            throw BoundReached.INSTANCE;
        }
        if (features != null) {
            if (numeric) {
                features.numericArray(array, length);
            } else {
                features.notNumber();
            }
        }
        if (level >= 0) {
            profile.beginArray(level, length);
            if (length > 0) {
                profile.leaf(level + 1);
                if (level == 0) {
                    profile.item(array.getClass().getComponentType().getName());
                }
            }
        }
        out.write('[');
    }

    void primitive(int index, double d) {
        if (index > 0) {
            out.write(',');
        }
        JcsNumber.writeDouble(out, d);
        if (level >= 0) {
            profile.number(d, false);
        }
    }

    void primitive(int index, long v) {
        if (index > 0) {
            out.write(',');
        }
        JcsNumber.writeLong(out, v);
        if (level >= 0) {
            profile.number(v, true);
        }
    }

    void primitive(int index, boolean b) {
        if (index > 0) {
            out.write(',');
        }
        out.writeAscii(b ? "true" : "false");
    }

    void endPrimitives(int length, boolean numeric) {
        if (!numeric && level >= 0 && length > 0) {
            profile.nonNumeric();
        }
        out.write(']');
        if (level >= 0) {
            profile.endArray(level, length);
        }
    }

    /** A {@code char[]}: a JSON string of its chars; a string characteristic at the top level; not a feature. */
    void chars(char[] chars) {
        if (depth >= maxDepth) {
            throw BoundReached.INSTANCE;
        }
        if (features != null) {
            features.notNumber();
        }
        long bytes = JcsString.write(out, CharBuffer.wrap(chars));
        if (level == 0) {
            profile.string(chars.length, bytes);
        } else {
            other();
        }
    }
}
