package io.predlog.agent.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The values of one call's input that window statistics and drift detection need, gathered on the
 * application's thread while the input is captured, so that the statistics thread never touches the
 * application's objects: the top-level fields of a map or object, a top-level scalar, and a bounded sample of
 * the elements of numeric arrays.
 *
 * <p>Feature names: a map's or object's top-level field by its name ({@code amount}); the elements of a numeric
 * array (any nesting, or a {@code List} of numbers) held by such a field as {@code name[*]}; a top-level numeric
 * array's elements as {@code [*]}; a top-level scalar (number, string, boolean) as {@code $}. With several
 * arguments, argument {@code i}'s features are prefixed {@code arg<i>.} ({@code arg0.amount}), or named
 * {@code arg<i>[*]} and {@code arg<i>} for an array and a scalar. Nested maps and objects are not features.
 * A call's output has the same features under the prefix {@code output} ({@code output}, {@code output[*]},
 * {@code output.score}), and, when it is a numeric vector, {@code argmax(output)} (TEXT: the position's decimal
 * digits, never an application string), {@code max(output)} and {@code norm(output)} (NUMBER).
 *
 * <p>Kinds: {@link #NUMBER} ({@link #number}, possibly NaN or infinite), {@link #TEXT} ({@link #text}: the raw
 * string, which must never leave the process unless its field is allowlisted as categorical, and
 * {@link #number}: its length in UTF-16 units), {@link #BOOLEAN} ({@link #number} 1 or 0), {@link #NULL}, and
 * {@link #ELEMENTS} ({@link #elements}: at most {@link FeatureSettings#maxElements()} of the array's numbers,
 * evenly strided when there are more; {@link #count}: how many numbers the array held).
 *
 * <p>Values as the canonical walk sees them (docs/HASHING.md): any JDK number (floats widened, {@code BigDecimal} and
 * {@code BigInteger} by {@code doubleValue}), an {@code Optional} as its content, an enum as TEXT of its name, a
 * {@code CharSequence} other than String as TEXT with its length but no value. An array or collection holding
 * anything but numbers and arrays of them (a string, a null, a map) is not a feature; an empty one has count 0.
 * A value is a feature only once it was walked completely: when a bound stops the walk, the fields before it
 * are kept. At most {@link FeatureSettings#maxFeatures()} per call, in the order of the fields (sorted by name)
 * and of the arguments.
 *
 * <p>A call's features are held in storage that its thread reuses: {@link FeatureGatherer} fills one of the
 * thread's {@code Features} and lends it to whoever takes the capture, which {@linkplain #release releases} it once
 * it has read it (the statistics thread, after folding the call). Until released the content does not change; after
 * it, the holder must not read it again. One never released is simply not reused.
 */
public final class Features {

    public static final byte NUMBER = 1;
    public static final byte TEXT = 2;
    public static final byte BOOLEAN = 3;
    public static final byte NULL = 4;
    public static final byte ELEMENTS = 5;

    /** No features: an input that has none, or a capture that was not asked for them. Never lent. */
    public static final Features NONE = new Features(0);

    private static final VarHandle LENT;

    static {
        try {
            LENT = MethodHandles.lookup().findVarHandle(Features.class, "lent", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private String[] names;
    private byte[] kinds;
    /** {@link #NUMBER}: the value; {@link #TEXT}: the length; {@link #BOOLEAN}: 1 or 0; {@link #ELEMENTS}: count. */
    private double[] numbers;
    /**
     * {@link #TEXT}: the {@code String} (null for another {@code CharSequence}); {@link #ELEMENTS}: the sample. Null
     * until storage first holds such a feature: most calls' features are numbers only.
     */
    private Object[] objects;
    private int size;
    /** Handed to a holder that has not released it yet: its thread's gatherer does not write into it meanwhile. */
    @SuppressWarnings("unused") // through LENT
    private boolean lent;

    /** Empty storage for {@code capacity} features (it grows). */
    Features(int capacity) {
        names = new String[capacity];
        kinds = new byte[capacity];
        numbers = new double[capacity];
    }

    /** How many features. */
    public int size() {
        return size;
    }

    public String name(int i) {
        return names[i];
    }

    public byte kind(int i) {
        return kinds[i];
    }

    /** A number's value, a text's length, a boolean as 1 or 0, an array's total element count. */
    public double number(int i) {
        return numbers[i];
    }

    /** A {@link #TEXT} feature's raw value, or null when it was a {@code CharSequence} other than String. */
    public String text(int i) {
        return kinds[i] == TEXT ? (String) objects[i] : null;
    }

    /** An {@link #ELEMENTS} feature's sampled numbers; never modify the array. */
    public double[] elements(int i) {
        return kinds[i] == ELEMENTS ? (double[]) objects[i] : null;
    }

    /** An {@link #ELEMENTS} feature's total number of elements in the array. */
    public long count(int i) {
        return kinds[i] == ELEMENTS ? (long) numbers[i] : 1;
    }

    /**
     * The holder is done with these features: their thread may fill them again. Lets go of the application's
     * strings and the samples first. Any thread, once; nothing for {@link #NONE}.
     */
    public void release() {
        if (this != NONE) {
            reset();
            LENT.setRelease(this, false);
        }
    }

    // ---- the gathering thread's side

    /** Whether a holder still has these features. */
    boolean lent() {
        return (boolean) LENT.getAcquire(this);
    }

    /** Hands these features to a holder, until {@link #release}. */
    void lend() {
        LENT.setOpaque(this, true);
    }

    /** Empties the storage, letting go of the strings and samples it held. */
    void reset() {
        Object[] o = objects;
        if (o != null) {
            for (int i = 0; i < size; i++) {
                byte k = kinds[i];
                if (k == TEXT || k == ELEMENTS) {
                    o[i] = null;
                }
            }
        }
        size = 0;
    }

    /** How many features the storage holds without growing. */
    int capacity() {
        return names.length;
    }

    /** Adds one; {@code object} is stored for {@link #TEXT} and {@link #ELEMENTS} only. */
    void add(String name, byte kind, double number, Object object) {
        int i = size;
        if (i == names.length) {
            int n = Math.max(8, i * 2);
            names = Arrays.copyOf(names, n);
            kinds = Arrays.copyOf(kinds, n);
            numbers = Arrays.copyOf(numbers, n);
            if (objects != null) {
                objects = Arrays.copyOf(objects, n);
            }
        }
        // the same names call after call: storing a reference into this long-lived array costs a write barrier
        if (names[i] != name) {
            names[i] = name;
        }
        kinds[i] = kind;
        numbers[i] = number;
        if (kind == TEXT || kind == ELEMENTS) {
            Object[] o = objects;
            if (o == null) {
                o = objects = new Object[names.length];
            }
            o[i] = object;
        }
        size = i + 1;
    }
}
