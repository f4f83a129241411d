package io.predlog.agent.capture;

import io.predlog.agent.diagnostics.Diagnostics;
import java.util.Arrays;

/**
 * Gathers one call's {@link Features} while {@link CanonicalWalker} walks its input: the walker reports every
 * value it reaches, this decides what they are as features and keeps them in reusable per-thread arrays until
 * {@link #build}. Reads values only as the walker does (JDK numbers, {@code CharSequence.length}, primitive
 * arrays); never throws for odd input. Not thread-safe: one per thread, like the walker.
 *
 * <p>A feature is a value at a feature position: a top-level field, or the top-level value itself. The walker
 * {@link #arm arms} the position before walking its value and says when it was {@link #walked walked}
 * completely; the first thing reported in between decides what the value is: a scalar (a number, a string, a
 * boolean, null: one feature, taken at once), a collection or object array (its numbers are sampled while it is
 * walked; not a feature once anything but a number or an array of them is met), a nesting of a numeric
 * primitive array (sampled directly from the array once walked), or anything else (not a feature). An
 * {@code Optional} is its content, once.
 */
final class FeatureGatherer {

    /** The position's state: nothing pending. */
    private static final int IDLE = 0;
    /** Armed: the next value reported is the position's value. */
    private static final int ARMED = 1;
    /** A collection or object array whose numbers are being sampled. */
    private static final int SAMPLING = 2;
    /** Was sampling, and met something that is not a number: not a feature. */
    private static final int SPOILED = 3;
    /** A nesting of a numeric primitive array ({@link #nesting}), sampled once walked. */
    private static final int NESTING = 4;

    private static final Object[] NO_OBJECTS = new Object[0];
    /** Larger scratch arrays (one call's features) are dropped after the call rather than kept by the thread. */
    private static final int RETAINED = 1024;

    private final int maxFeatures;
    private final FeatureNames naming = new FeatureNames();

    private String[] names = new String[32];
    private byte[] kinds = new byte[32];
    private double[] numbers = new double[32];
    /**
     * This call's strings and samples, or null while it has none: a new array each call that has any, handed to
     * its {@link Features} without a copy. The references go into a new array rather than a long-lived one, where
     * each store would cost the collector's write barrier.
     */
    private Object[] objects;
    /** How many features the last call had: the size of the next call's {@link #objects}. */
    private int lastSize = 8;
    private int size;
    private int arg;
    /** A never-modified array of the top-level field names (a type's, a key order's) that may serve as names. */
    private String[] sharedNames;

    // the feature position being walked
    private int state = IDLE;
    private String field;
    private boolean unwrapped;
    private Object nesting;

    /** The sample of the array being walked (SAMPLING). */
    private final ElementSample sample;

    FeatureGatherer(FeatureSettings settings) {
        this.maxFeatures = settings.maxFeatures();
        this.sample = new ElementSample(settings.maxElements());
    }

    /** Before a call: no features yet. */
    void start() {
        size = 0;
        objects = null;
        sharedNames = null;
    }

    /**
     * Before each argument's walk: {@code -1} when the value is the call's only one, else its position;
     * {@link FeatureNames#OUTPUT} before the output's.
     */
    void argument(int position) {
        arg = position;
    }

    /** The cap is reached: no more features this call. */
    boolean full() {
        return size >= maxFeatures;
    }

    /** Field names that the next top-level fields may be named from without a copy. */
    void sharedNames(String[] shared) {
        if (arg == FeatureNames.ONLY) {
            sharedNames = shared;
        }
    }

    // ---- the feature position. field: a top-level field's name, or null for the top-level value itself

    /** The value of {@code field} is walked next. */
    void arm(String field) {
        if (!full()) {
            this.state = ARMED;
            this.field = field;
            this.unwrapped = false;
        }
    }

    /** The value armed for {@code field} was walked completely: an array's sample becomes its feature. */
    void walked(String field) {
        try {
            if (state == SAMPLING) {
                endSample(field);
            } else if (state == NESTING) {
                primitive(field, nesting);
            }
        } catch (RuntimeException e) {
            // a feature that cannot be taken (a row shrunk by another thread) is left out; the hash is unaffected
            Diagnostics.failure("capture.features", e);
        }
        disarm();
    }

    /** Nothing pending: after a position, or a walk cut short. */
    void disarm() {
        state = IDLE;
        nesting = null;
    }

    /** An {@code Optional} is walked as its content; an {@code Optional} within an {@code Optional} is not a feature. */
    void unwrapped() {
        if (state == ARMED) {
            if (unwrapped) {
                state = IDLE;
            }
            unwrapped = true;
        }
    }

    void nullValue() {
        if (state == ARMED) {
            state = IDLE;
            add(field, Features.NULL, 0, null);
        } else {
            notNumber();
        }
    }

    void bool(boolean b) {
        if (state == ARMED) {
            state = IDLE;
            add(field, Features.BOOLEAN, b ? 1 : 0, null);
        } else {
            notNumber();
        }
    }

    /** A string: the String itself is kept (never copied), another CharSequence by its length only. */
    void text(CharSequence s) {
        if (state != ARMED) {
            notNumber();
            return;
        }
        state = IDLE;
        if (s instanceof String str) {
            add(field, Features.TEXT, str.length(), str);
            return;
        }
        int length;
        try {
            length = s.length();
        } catch (RuntimeException e) {
            return; // the application's CharSequence failed after it was hashed: no feature
        }
        add(field, Features.TEXT, length, null);
    }

    void enumName(String name) {
        if (state == ARMED) {
            state = IDLE;
            add(field, Features.TEXT, name.length(), name);
        } else {
            notNumber();
        }
    }

    void number(double d) {
        if (state == ARMED) {
            state = IDLE;
            add(field, Features.NUMBER, d, null);
        } else if (state == SAMPLING) {
            sample(d);
        }
    }

    void integral(long v) {
        number((double) v);
    }

    /** Something that is neither a number nor an array: not a feature; spoils the array being sampled. */
    void notNumber() {
        if (state == ARMED) {
            state = IDLE;
        } else if (state == SAMPLING) {
            state = SPOILED;
        }
    }

    /** A collection or object array entered. At the position: sampled, or a nesting of a primitive array. */
    void array(Object container) {
        if (state != ARMED) {
            return;
        }
        Class<?> base = container.getClass();
        while (base.isArray()) {
            base = base.getComponentType();
        }
        if (!base.isPrimitive()) {
            state = SAMPLING;
            beginSample();
        } else if (base == boolean.class || base == char.class) {
            state = IDLE;
        } else {
            numericNesting(container);
        }
    }

    /** A numeric primitive array nested in JSON: at the position, the value; within a sampled array, its numbers. */
    void numericArray(Object array, int length) {
        if (state == ARMED) {
            numericNesting(array);
        } else if (state == SAMPLING) {
            sampleAll(array, length);
        }
    }

    /** A nesting of a numeric primitive array (a tensor, a {@code float[]} field): sampled once walked. */
    void numericNesting(Object array) {
        if (state == ARMED) {
            state = NESTING;
            nesting = array;
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

    /** A feature the capture derived from the value (an output vector's {@code max(output)}), by its full name. */
    void derived(String name, double value) {
        if (!full()) {
            add(name, Features.NUMBER, value, null, false);
        }
    }

    /** A categorical feature the capture derived, by its full name: {@code text} is never an application string. */
    void derivedCategory(String name, String text) {
        if (!full()) {
            add(name, Features.TEXT, text.length(), text, true);
        }
    }

    // ---- arrays

    private void beginSample() {
        sample.begin();
    }

    private void sample(double d) {
        sample.add(d);
    }

    private void sampleAll(Object array, int length) {
        sample.addAll(array, length);
    }

    private void endSample(String field) {
        if (!full()) {
            add(naming.name(field, arg, true), Features.ELEMENTS, sample.seen(), sample.elements(), true);
        }
    }

    /** A nesting of a numeric primitive array, sampled directly once walked. */
    private void primitive(String field, Object array) {
        if (full()) {
            return;
        }
        long total = ElementSample.count(array);
        if (total < 0) {
            return; // a null row: not an array of numbers
        }
        add(naming.name(field, arg, true), Features.ELEMENTS, total, sample.of(array, total), true);
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
        }
        // the same names call after call: storing a reference into this long-lived array costs a write barrier
        if (names[size] != name) {
            names[size] = name;
        }
        kinds[size] = kind;
        numbers[size] = number;
        if (hasObject) {
            if (objects == null) {
                objects = new Object[Math.max(lastSize, size + 1)];
            } else if (size >= objects.length) {
                objects = Arrays.copyOf(objects, Math.max(size + 1, 2 * objects.length));
            }
            objects[size] = object;
        }
        size++;
    }

    /**
     * This call's features; then forgets its strings, so the thread keeps no reference to the application's values
     * (field names stay until overwritten, as {@link FeatureNames} keeps them for the schema). Allocates the
     * numbers of this call (and the array of its strings and samples, when there are any); names and kinds are
     * shared with earlier calls of the same schema.
     */
    Features build() {
        int n = size;
        if (n == 0) {
            return Features.NONE;
        }
        Features f = new Features(naming.names(names, n, sharedNames), naming.kinds(kinds, n),
                Arrays.copyOf(numbers, n), objects == null ? NO_OBJECTS : objects, n);
        objects = null;
        lastSize = n;
        if (names.length > RETAINED) {
            names = new String[32];
            kinds = new byte[32];
            numbers = new double[32];
        }
        size = 0;
        sharedNames = null;
        return f;
    }
}
