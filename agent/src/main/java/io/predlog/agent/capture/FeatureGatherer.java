package io.predlog.agent.capture;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Gathers one call's {@link Features} while {@link CanonicalWalker} walks its input: the walker says which
 * values it reached, this decides what they are as features and keeps them in reusable per-thread arrays until
 * {@link #build}. Reads values only as the walker does (JDK numbers, {@code CharSequence.length}, primitive
 * arrays); never throws for odd input. Not thread-safe: one per thread, like the walker.
 */
final class FeatureGatherer {

    /** What a value is as a feature, decided before it is walked. */
    static final int NONE = 0;
    /** A number, string, boolean or null: one feature, taken once the value is walked. */
    static final int SCALAR = 1;
    /** A map or an object: its top-level fields are the features. */
    static final int FIELDS = 2;
    /** A nesting of a numeric primitive array: sampled directly from the array once it is walked. */
    static final int PRIMITIVE = 3;
    /** A collection or object array: its numbers are sampled while walked; not a feature if one is not a number. */
    static final int SAMPLED = 4;

    private static final Object[] NO_OBJECTS = new Object[0];
    private static final double[] NO_ELEMENTS = new double[0];
    /** Larger scratch arrays (one call's features) are dropped after the call rather than kept by the thread. */
    private static final int RETAINED = 1024;

    private final int maxFeatures;
    private final int maxElements;
    private final FeatureNames naming = new FeatureNames();

    private String[] names = new String[32];
    private byte[] kinds = new byte[32];
    private double[] numbers = new double[32];
    private Object[] objects = new Object[32];
    private int size;
    private boolean anyObject;
    private int arg;
    /** A never-modified array of the top-level field names (a type's, a key order's) that may serve as names. */
    private String[] sharedNames;

    // the sample of the array being walked (SAMPLED): every stride-th number, stride doubling when full
    private double[] sample;
    private int sampled;
    private long seen;
    private long stride;

    // direct sampling of a primitive nesting (PRIMITIVE)
    private long offset;
    private int filled;

    FeatureGatherer(FeatureSettings settings) {
        this.maxFeatures = settings.maxFeatures();
        this.maxElements = settings.maxElements();
    }

    /** Before a call: no features yet. */
    void start() {
        size = 0;
        anyObject = false;
        sharedNames = null;
    }

    /** Before each argument's walk: {@code -1} when the value is the call's only one, else its position. */
    void argument(int position) {
        arg = position;
    }

    /** The cap is reached: no more features this call. */
    boolean full() {
        return size >= maxFeatures;
    }

    /** Field names that the next top-level fields may be named from without a copy. */
    void sharedNames(String[] shared) {
        if (arg < 0) {
            sharedNames = shared;
        }
    }

    static int classify(Object value) {
        if (value == null) {
            return SCALAR;
        }
        Class<?> c = value.getClass();
        if (c == String.class || c == Double.class || c == Integer.class || c == Long.class) {
            return SCALAR;
        }
        Object v = unwrap(value);
        if (v == null) {
            return SCALAR;
        }
        c = v.getClass();
        return switch (TypeLayout.of(c).kind) {
            case CHARS, BOOLEAN, INTEGRAL, FLOATING, ENUM -> SCALAR;
            case MAP, RECORD, FIELDS -> FIELDS;
            case ITERABLE -> SAMPLED;
            case PRIMITIVE_ARRAY, OBJECT_ARRAY -> {
                Class<?> base = c;
                while (base.isArray()) {
                    base = base.getComponentType();
                }
                if (!base.isPrimitive()) {
                    yield SAMPLED;
                }
                yield base == boolean.class || base == char.class ? NONE : PRIMITIVE;
            }
            default -> NONE;
        };
    }

    // ---- scalars. field: a top-level field's name, or null for the top-level value itself

    void scalar(String field, Object value) {
        if (full()) {
            return;
        }
        Class<?> c = value == null ? null : value.getClass();
        if (c == String.class) {
            String s = (String) value;
            add(field, Features.TEXT, s.length(), s);
            return;
        }
        if (c == Double.class || c == Integer.class || c == Long.class) {
            add(field, Features.NUMBER, ((Number) value).doubleValue(), null);
            return;
        }
        Object v = unwrap(value);
        if (v == null) {
            add(field, Features.NULL, 0, null);
            return;
        }
        if (v != value) {
            scalar(field, v); // an Optional's content
            return;
        }
        switch (TypeLayout.of(c).kind) {
            case INTEGRAL, FLOATING -> add(field, Features.NUMBER, ((Number) v).doubleValue(), null);
            case BOOLEAN -> add(field, Features.BOOLEAN, ((Boolean) v) ? 1 : 0, null);
            case ENUM -> {
                String name = ((Enum<?>) v).name();
                add(field, Features.TEXT, name.length(), name);
            }
            case CHARS -> {
                int length;
                try {
                    length = ((CharSequence) v).length();
                } catch (RuntimeException e) {
                    return; // the application's CharSequence failed after it was hashed: no feature
                }
                add(field, Features.TEXT, length, null);
            }
            default -> {
            }
        }
    }

    void number(String field, double value) {
        if (!full()) {
            add(field, Features.NUMBER, value, null);
        }
    }

    void bool(String field, boolean value) {
        if (!full()) {
            add(field, Features.BOOLEAN, value ? 1 : 0, null);
        }
    }

    // ---- a collection or object array sampled during its walk

    void beginSample() {
        if (sample == null) {
            sample = new double[Math.min(maxElements, 64)];
        }
        sampled = 0;
        seen = 0;
        stride = 1;
    }

    /** The next number of the array, in row-major order. */
    void sample(double d) {
        long i = seen++;
        if ((i & (stride - 1)) != 0) {
            return;
        }
        if (sampled == maxElements) {
            if (sampled == 0) {
                return;
            }
            int kept = 0;
            for (int k = 0; k < sampled; k += 2) {
                sample[kept++] = sample[k];
            }
            sampled = kept;
            stride <<= 1;
            if ((i & (stride - 1)) != 0) {
                return;
            }
        }
        if (sampled == sample.length) {
            sample = Arrays.copyOf(sample, (int) Math.min(maxElements, sample.length * 2L));
        }
        sample[sampled++] = d;
    }

    /** A primitive array met inside the array being sampled: its numbers, visiting only those a stride picks. */
    void sampleAll(Object array, int length) {
        int i = 0;
        while (i < length) {
            long skip = (stride - (seen & (stride - 1))) & (stride - 1);
            if (skip >= length - i) {
                seen += length - i;
                return;
            }
            i += (int) skip;
            seen += skip;
            sample(at(array, i));
            i++;
        }
    }

    void endSample(String field) {
        if (!full()) {
            add(naming.name(field, arg, true), Features.ELEMENTS, seen,
                    sampled == 0 ? NO_ELEMENTS : Arrays.copyOf(sample, sampled), true);
        }
    }

    // ---- a nesting of a numeric primitive array, sampled directly: every stride-th element of the total

    void primitive(String field, Object value) {
        Object array = unwrap(value);
        if (full()) {
            return;
        }
        long total = count(array);
        if (total < 0) {
            return; // a null row: not an array of numbers
        }
        long step = total <= maxElements ? 1 : (total + maxElements - 1) / Math.max(1, maxElements);
        int n = total == 0 || maxElements == 0 ? 0 : (int) ((total - 1) / step + 1);
        double[] out = n == 0 ? NO_ELEMENTS : new double[n];
        offset = 0;
        filled = 0;
        pick(array, step, out);
        add(naming.name(field, arg, true), Features.ELEMENTS, total, out, true);
    }

    /** How many numbers the nesting holds, or -1 if a row is null. */
    private static long count(Object array) {
        if (array instanceof Object[] rows) {
            long total = 0;
            for (Object row : rows) {
                long n = row == null ? -1 : count(row);
                if (n < 0) {
                    return -1;
                }
                total += n;
            }
            return total;
        }
        return java.lang.reflect.Array.getLength(array);
    }

    private void pick(Object array, long step, double[] out) {
        if (array instanceof Object[] rows) {
            for (Object row : rows) {
                pick(row, step, out);
            }
            return;
        }
        int length = java.lang.reflect.Array.getLength(array);
        long first = (offset + step - 1) / step * step;
        for (long i = first; i < offset + length && filled < out.length; i += step) {
            out[filled++] = at(array, (int) (i - offset));
        }
        offset += length;
    }

    private static double at(Object a, int i) {
        if (a instanceof double[] d) {
            return d[i];
        } else if (a instanceof float[] f) {
            return f[i];
        } else if (a instanceof int[] x) {
            return x[i];
        } else if (a instanceof long[] x) {
            return x[i];
        } else if (a instanceof short[] x) {
            return x[i];
        }
        return ((byte[]) a)[i];
    }

    // ---- storage

    private void add(String field, byte kind, double number, Object object) {
        add(naming.name(field, arg, false), kind, number, object, kind == Features.TEXT);
    }

    private void add(String name, byte kind, double number, Object object, boolean hasObject) {
        if (size == names.length) {
            int n = size * 2;
            names = Arrays.copyOf(names, n);
            kinds = Arrays.copyOf(kinds, n);
            numbers = Arrays.copyOf(numbers, n);
            objects = Arrays.copyOf(objects, n);
        }
        names[size] = name;
        kinds[size] = kind;
        numbers[size] = number;
        objects[size] = object;
        anyObject |= hasObject;
        size++;
    }

    /**
     * This call's features; then forgets them, so the thread keeps no reference to the application's strings.
     * Allocates the numbers (and the strings and samples, when there are any) of this call; names and kinds
     * are shared with earlier calls of the same schema.
     */
    Features build() {
        int n = size;
        if (n == 0) {
            return Features.NONE;
        }
        Features f = new Features(naming.names(names, n, sharedNames), naming.kinds(kinds, n),
                Arrays.copyOf(numbers, n), anyObject ? Arrays.copyOf(objects, n) : NO_OBJECTS, n);
        Arrays.fill(names, 0, n, null);
        Arrays.fill(objects, 0, n, null);
        if (names.length > RETAINED) {
            names = new String[32];
            kinds = new byte[32];
            numbers = new double[32];
            objects = new Object[32];
        }
        size = 0;
        sharedNames = null;
        return f;
    }

    private static Object unwrap(Object v) {
        if (v instanceof Optional<?> o) {
            return o.orElse(null);
        } else if (v instanceof OptionalInt o) {
            return o.isPresent() ? (Object) o.getAsInt() : null;
        } else if (v instanceof OptionalLong o) {
            return o.isPresent() ? (Object) o.getAsLong() : null;
        } else if (v instanceof OptionalDouble o) {
            return o.isPresent() ? (Object) o.getAsDouble() : null;
        }
        return v;
    }
}
