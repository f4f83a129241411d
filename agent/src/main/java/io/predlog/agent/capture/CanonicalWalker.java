package io.predlog.agent.capture;

import io.predlog.agent.diagnostics.Diagnostics;
import java.lang.reflect.InvocationTargetException;
import java.nio.CharBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One pass over a value's object graph that writes its canonical bytes (SPEC §4) into a digest and, when
 * given an {@link InputProfile}, gathers its characteristics (SPEC §3) on the way.
 *
 * <p>Per thread and reused: every buffer, the key-sorting arrays, the path of containers and the
 * remembered key orders of recent map schemas ({@link KeyOrder}) live here, so a walk allocates nothing per
 * node beyond what {@code String.valueOf} of a non-String map key or a boxed record component cost. Not
 * thread-safe.
 *
 * <p>It calls no application code except through {@link Map}, {@link Iterable} and {@link CharSequence}
 * and records' accessors, as SPEC §4 promises; fields are read by reflection.
 */
final class CanonicalWalker {

    private static final String CYCLE = "<cycle>";
    private static final int RETAINED_SCRATCH = 4096;
    private static final long MAX_EXACT = 1L << 53;
    /** Key orders are remembered for maps nested up to this depth, this many per depth. */
    private static final int KEY_ORDER_DEPTHS = 8;
    private static final int KEY_ORDER_WAYS = 4;

    final CanonicalSink sink = new CanonicalSink();
    final InputProfile profileScratch = new InputProfile();
    final byte[] digestOut = new byte[32];
    private final int maxNodes;
    private final int maxDepth;
    private final long maxBytes;
    private final Object[] path;
    private String[] keys = new String[64];
    private Object[] values = new Object[64];
    /** Alongside keys: each key's position in its map's iteration order. */
    private int[] order = new int[64];
    private final KeyOrder[] keyOrders = new KeyOrder[KEY_ORDER_DEPTHS * KEY_ORDER_WAYS];
    private final int[] keyOrderMisses = new int[KEY_ORDER_DEPTHS];
    private int keyOrderVictim;
    /** Scratch for the exact digits of a large integer value. */
    private final byte[] exactDigits = new byte[JcsNumber.BUFFER];
    private int top;
    private int highWater;

    /** Set while a walk runs, so a walk re-entered on the same thread (a record accessor that predicts) gets its own walker. */
    boolean busy;

    private InputProfile profile;
    /** Gathers the walk's features, or null when none are wanted. */
    private FeatureGatherer features;
    /** Set while the numbers of a collection or object array are sampled as a feature ({@code SAMPLED}). */
    private boolean sampling;
    /** The array being sampled held something other than numbers and arrays of them: not a feature. */
    private boolean spoiled;
    private long nodes;
    private boolean partial;
    private boolean truncated;

    CanonicalWalker(HashSettings settings) {
        this.maxNodes = settings.maxNodes();
        this.maxDepth = settings.maxDepth();
        this.maxBytes = settings.maxBytes();
        this.path = new Object[maxDepth + 1];
    }

    long size() {
        return sink.count();
    }

    boolean truncated() {
        return truncated;
    }

    boolean partial() {
        return partial;
    }

    /**
     * Walks {@code value}, digests its canonical bytes with {@code digest} (reset first) into
     * {@link #digestOut}, and fills {@code profile} if not null. Never throws for odd input: a bound, or
     * an exception from the application's collections, stops the walk with {@link #truncated()} set, and
     * what was written up to there is hashed.
     */
    void walk(Object value, MessageDigest digest, InputProfile profile, boolean includeValues) {
        walk(value, digest, profile, includeValues, null);
    }

    /**
     * As {@link #walk(Object, MessageDigest, InputProfile, boolean)}, and gives {@code features} (with a
     * profile only) the value's features: those of the values walked completely when a bound stops the walk.
     */
    void walk(Object value, MessageDigest digest, InputProfile profile, boolean includeValues,
              FeatureGatherer features) {
        digest.reset();
        sink.start(digest, maxBytes);
        this.profile = profile;
        this.nodes = 0;
        this.partial = false;
        this.truncated = false;
        this.top = 0;
        if (profile != null) {
            profile.reset(includeValues, value == null ? "null" : typeName(value));
        }
        this.features = profile == null ? null : features;
        boolean completed = false;
        try {
            int as = this.features == null || this.features.full()
                    ? FeatureGatherer.NONE : FeatureGatherer.classify(value);
            if (as == FeatureGatherer.SAMPLED) {
                beginSample();
            }
            if (value == null || !value.getClass().isArray() || !TensorWriter.write(sink, value, profile)) {
                value(value, 0, profile == null ? -1 : 0);
            }
            completed = true;
            feature(null, value, as);
        } catch (BoundReached e) {
            truncated = true;
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            truncated = true;
            Diagnostics.failure("capture.walk", e);
        } finally {
            release(!completed);
        }
        sink.finish();
        try {
            digest.digest(digestOut, 0, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Drops what the walk referenced. A walk that completed has cleared its own traces (each container its
     * path entry and key range); one that was cut short, or an unexpected error, leaves them to be cleared here.
     */
    private void release(boolean cutShort) {
        if (cutShort) {
            Arrays.fill(keys, 0, highWater, null);
            Arrays.fill(values, 0, highWater, null);
            Arrays.fill(path, null);
        }
        if (keys.length > RETAINED_SCRATCH) {
            keys = new String[64];
            values = new Object[64];
            order = new int[64];
        }
        highWater = 0;
        top = 0;
        profile = null;
        features = null;
        sampling = false;
    }

    private void beginSample() {
        sampling = true;
        spoiled = false;
        features.beginSample();
    }

    /** A top-level value or field ({@code field} null: the value itself), walked completely, as {@code as}. */
    private void feature(String field, Object v, int as) {
        sampling = false;
        try {
            switch (as) {
                case FeatureGatherer.SCALAR -> features.scalar(field, v);
                case FeatureGatherer.PRIMITIVE -> features.primitive(field, v);
                case FeatureGatherer.SAMPLED -> {
                    if (!spoiled) {
                        features.endSample(field);
                    }
                }
                default -> {
                }
            }
        } catch (RuntimeException e) {
            // a feature that cannot be taken (a row shrunk by another thread) is left out; the hash is unaffected
            Diagnostics.failure("capture.features", e);
        }
    }

    /** A value that is not a number nor an array: the array being sampled, if any, is not a feature. */
    private void notElement() {
        if (sampling) {
            sampling = false;
            spoiled = true;
        }
    }

    // ---- dispatch. depth: containers enclosing this value. level: position in the top-level array's
    // chain of nested arrays (0 = the top-level value itself), or -1 outside it / without a profile.

    private void value(Object v, int depth, int level) {
        if (++nodes > maxNodes) {
            throw BoundReached.INSTANCE;
        }
        if (v == null) {
            sink.writeAscii("null");
            other(level);
            notElement();
            return;
        }
        Class<?> c = v.getClass();
        if (c == String.class) {
            notElement();
            string((String) v, level);
        } else if (c == Double.class) {
            number(((Double) v).doubleValue(), level);
        } else if (c == Integer.class) {
            integral(((Integer) v).intValue(), level);
        } else if (c == Long.class) {
            integral(((Long) v).longValue(), level);
        } else {
            TypeLayout t = TypeLayout.of(c);
            if (sampling && !t.mayHoldNumbers()) {
                notElement();
            }
            switch (t.kind) {
                case CHARS -> string((CharSequence) v, level);
                case BOOLEAN -> {
                    sink.writeAscii(((Boolean) v) ? "true" : "false");
                    other(level);
                }
                case CHARACTER -> {
                    JcsString.write(sink, String.valueOf(((Character) v).charValue()));
                    other(level);
                }
                case INTEGRAL -> integral(((Number) v).longValue(), level);
                case FLOATING -> number(((Number) v).doubleValue(), level);
                case ENUM -> {
                    JcsString.write(sink, ((Enum<?>) v).name());
                    other(level);
                }
                case MAP -> map((Map<?, ?>) v, depth, level);
                case ITERABLE -> iterable((Iterable<?>) v, depth, level);
                case OPTIONAL -> optional(v, depth, level);
                case OBJECT_ARRAY -> objectArray((Object[]) v, depth, level);
                case PRIMITIVE_ARRAY -> primitiveArray(v, depth, level);
                case RECORD, FIELDS -> object(v, t, depth, level);
                case JDK_VALUE -> {
                    JcsString.write(sink, v.toString());
                    other(level);
                }
            }
        }
    }

    private void other(int level) {
        if (level > 0) {
            profile.leaf(level);
            profile.nonNumeric();
        }
    }

    private void string(CharSequence s, int level) {
        long bytes = JcsString.write(sink, s);
        if (level == 0) {
            profile.string(s.length(), bytes);
        } else {
            other(level);
        }
    }

    private void number(double d, int level) {
        JcsNumber.writeDouble(sink, d);
        if (sampling) {
            features.sample(d);
        }
        if (level > 0) {
            profile.leaf(level);
            profile.number(d, false);
        }
    }

    private void integral(long v, int level) {
        JcsNumber.writeLong(sink, v);
        if (sampling) {
            features.sample(v);
        }
        if (level > 0) {
            profile.leaf(level);
            profile.number(v, true);
        }
    }

    private void optional(Object v, int depth, int level) {
        nodes--; // the Optional and its content are one value
        if (v instanceof Optional<?> o) {
            value(o.orElse(null), depth, level);
        } else if (v instanceof OptionalInt o) {
            value(o.isPresent() ? (Object) o.getAsInt() : null, depth, level);
        } else if (v instanceof OptionalLong o) {
            value(o.isPresent() ? (Object) o.getAsLong() : null, depth, level);
        } else {
            OptionalDouble o = (OptionalDouble) v;
            value(o.isPresent() ? (Object) o.getAsDouble() : null, depth, level);
        }
    }

    /**
     * Enters a container: false (having written {@code "<cycle>"}) when it is already on the current
     * path; stops the walk when it would be nested deeper than the bound.
     */
    private boolean enter(Object container, int depth, int level) {
        for (int i = 0; i < depth; i++) {
            if (path[i] == container) {
                JcsString.write(sink, CYCLE);
                other(level);
                notElement();
                return false;
            }
        }
        if (depth >= maxDepth) {
            throw BoundReached.INSTANCE;
        }
        path[depth] = container;
        return true;
    }

    // ---- containers

    private void map(Map<?, ?> m, int depth, int level) {
        if (!enter(m, depth, level)) {
            return;
        }
        int base = top;
        KeyOrder known = null;
        boolean same = false;
        int i = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object k = e.getKey();
            String key = k instanceof String s ? s : String.valueOf(k);
            if (i == 0) {
                known = knownOrder(depth, key);
                same = known != null;
            } else if (same && !known.matches(i, key)) {
                same = false;
            }
            push(key, e.getValue());
            i++;
        }
        int end = top;
        int n = end - base;
        if (same && n != known.size()) {
            same = false;
        }
        if (same) {
            keyOrderMisses[depth] = 0;
        } else {
            for (int j = 0; j < n; j++) {
                order[base + j] = j;
            }
            KeySort.sort(keys, values, order, base, end);
            known = remember(depth, base, n);
        }
        boolean root = level == 0;
        if (root) {
            profile.fields(n);
            if (features != null) {
                features.sharedNames(known == null ? null : known.sorted);
            }
        } else {
            other(level);
        }
        try {
            sink.write('{');
            for (int j = 0; j < n; j++) {
                if (j > 0) {
                    sink.write(',');
                }
                Object v;
                if (same) {
                    sink.write(known.encoded, known.ends[j], known.ends[j + 1] - known.ends[j]);
                    v = values[base + known.fromIteration[j]];
                } else {
                    JcsString.write(sink, keys[base + j]);
                    sink.write(':');
                    v = values[base + j];
                }
                if (root) {
                    profile.fieldReached(j);
                    rootValue(j, same ? known.sorted[j] : keys[base + j], v, depth);
                } else {
                    value(v, depth + 1, -1);
                }
            }
            sink.write('}');
        } finally {
            if (root) {
                profile.names(known == null ? null : known.sorted, keys, base, n);
            }
        }
        Arrays.fill(keys, base, end, null);
        Arrays.fill(values, base, end, null);
        top = base;
        path[depth] = null;
    }

    /** A remembered key order at this depth whose first key in iteration order is {@code first}, or null. */
    private KeyOrder knownOrder(int depth, String first) {
        if (depth >= KEY_ORDER_DEPTHS) {
            return null;
        }
        int at = depth * KEY_ORDER_WAYS;
        for (int w = 0; w < KEY_ORDER_WAYS; w++) {
            KeyOrder o = keyOrders[at + w];
            if (o != null && o.matches(0, first)) {
                return o;
            }
        }
        return null;
    }

    /**
     * After sorting a map whose key order was not known: remembers it, unless maps at this depth keep
     * changing (then only now and then, so that a stream of ever-different key sets costs little more than
     * the sorting). Returns the order remembered, or null.
     */
    private KeyOrder remember(int depth, int base, int n) {
        if (depth >= KEY_ORDER_DEPTHS || n == 0) {
            return null;
        }
        int misses = ++keyOrderMisses[depth];
        if (misses > KEY_ORDER_WAYS && (misses & 63) != 0) {
            return null;
        }
        KeyOrder o = KeyOrder.of(keys, order, base, n);
        if (o != null) {
            keyOrders[depth * KEY_ORDER_WAYS + (keyOrderVictim++ & (KEY_ORDER_WAYS - 1))] = o;
        }
        return o;
    }

    /**
     * A top-level field's value: written like any value, and kept for {@code input.values} when it is a
     * number. Doubles and integers are formatted once, for both.
     */
    private void rootValue(int index, String name, Object v, int depth) {
        if (v != null && profile.wantsValue()) {
            Class<?> c = v.getClass();
            if (c == Double.class) {
                double d = (Double) v;
                byte[] text = sink.digits;
                int n = JcsNumber.format(d, text);
                if (Double.isFinite(d)) {
                    profile.value(index, 'D', text, n);
                }
                countNode();
                sink.write(text, 0, n);
                if (features != null) {
                    features.number(name, d);
                }
                return;
            }
            if (c == Integer.class || c == Long.class) {
                long x = ((Number) v).longValue();
                byte[] text = sink.digits;
                int n = JcsNumber.formatLong(x, text);
                integerValue(index, c == Integer.class ? 'I' : 'L', x, text, n);
                countNode();
                sink.write(text, 0, n);
                if (features != null) {
                    features.number(name, x);
                }
                return;
            }
            Number number = numeric(v);
            if (number instanceof Double d) {
                int n = JcsNumber.format(d, exactDigits);
                profile.value(index, 'D', exactDigits, n);
            } else if (number != null) {
                long x = number.longValue();
                char tag = number instanceof Integer ? 'I' : number instanceof Short ? 'S'
                        : number instanceof Byte ? 'B' : 'L';
                int n = JcsNumber.formatExactLong(x, exactDigits);
                profile.value(index, tag, exactDigits, n);
            }
        }
        if (features == null || features.full()) {
            value(v, depth + 1, -1);
            return;
        }
        int as = FeatureGatherer.classify(v);
        if (as == FeatureGatherer.SAMPLED) {
            beginSample();
        }
        value(v, depth + 1, -1);
        feature(name, v, as);
    }

    /** Keeps an integer value: its canonical text where that is exact, else its exact digits. */
    private void integerValue(int index, char tag, long x, byte[] canonical, int n) {
        if (x <= MAX_EXACT && x >= -MAX_EXACT) {
            profile.value(index, tag, canonical, n);
        } else {
            profile.value(index, tag, exactDigits, JcsNumber.formatExactLong(x, exactDigits));
        }
    }

    private void countNode() {
        if (++nodes > maxNodes) {
            throw BoundReached.INSTANCE;
        }
    }

    private void push(String key, Object value) {
        if (top == keys.length) {
            keys = Arrays.copyOf(keys, top * 2);
            values = Arrays.copyOf(values, top * 2);
            order = Arrays.copyOf(order, top * 2);
        }
        keys[top] = key;
        values[top] = value;
        top++;
        if (top > highWater) {
            highWater = top;
        }
    }

    private void iterable(Iterable<?> it, int depth, int level) {
        if (!enter(it, depth, level)) {
            return;
        }
        int child = level >= 0 ? level + 1 : -1;
        if (level >= 0) {
            profile.beginArray(level, it instanceof Collection<?> c ? c.size() : -1);
        }
        sink.write('[');
        long count = 0;
        for (Object e : it) {
            if (count++ > 0) {
                sink.write(',');
            }
            if (level == 0) {
                profile.item(e == null ? "null" : typeName(e));
            }
            value(e, depth + 1, child);
        }
        sink.write(']');
        if (level >= 0) {
            profile.endArray(level, count);
        }
        path[depth] = null;
    }

    private void objectArray(Object[] a, int depth, int level) {
        if (!enter(a, depth, level)) {
            return;
        }
        int child = level >= 0 ? level + 1 : -1;
        if (level >= 0) {
            profile.beginArray(level, a.length);
        }
        sink.write('[');
        for (int i = 0; i < a.length; i++) {
            if (i > 0) {
                sink.write(',');
            }
            Object e = a[i];
            if (level == 0) {
                profile.item(e == null ? "null" : typeName(e));
            }
            value(e, depth + 1, child);
        }
        sink.write(']');
        if (level >= 0) {
            profile.endArray(level, a.length);
        }
        path[depth] = null;
    }

    /** Nested primitive arrays: one node, elements as JSON numbers; boolean[] as booleans, char[] as a string. */
    private void primitiveArray(Object a, int depth, int level) {
        if (depth >= maxDepth) {
            throw BoundReached.INSTANCE;
        }
        if (a instanceof char[] || a instanceof boolean[]) {
            notElement();
        } else if (sampling) {
            features.sampleAll(a, java.lang.reflect.Array.getLength(a));
        }
        if (a instanceof char[] chars) {
            long bytes = JcsString.write(sink, CharBuffer.wrap(chars));
            if (level == 0) {
                profile.string(chars.length, bytes);
            } else {
                other(level);
            }
            return;
        }
        int n = java.lang.reflect.Array.getLength(a);
        boolean profiled = level >= 0;
        if (profiled) {
            profile.beginArray(level, n);
            if (n > 0) {
                profile.leaf(level + 1);
                if (level == 0) {
                    profile.item(a.getClass().getComponentType().getName());
                }
            }
        }
        sink.write('[');
        if (a instanceof double[] d) {
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sink.write(',');
                }
                JcsNumber.writeDouble(sink, d[i]);
                if (profiled) {
                    profile.number(d[i], false);
                }
            }
        } else if (a instanceof float[] f) {
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sink.write(',');
                }
                JcsNumber.writeDouble(sink, f[i]);
                if (profiled) {
                    profile.number(f[i], false);
                }
            }
        } else if (a instanceof boolean[] b) {
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sink.write(',');
                }
                sink.writeAscii(b[i] ? "true" : "false");
            }
            if (profiled && n > 0) {
                profile.nonNumeric();
            }
        } else {
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sink.write(',');
                }
                long v = java.lang.reflect.Array.getLong(a, i);
                JcsNumber.writeLong(sink, v);
                if (profiled) {
                    profile.number(v, true);
                }
            }
        }
        sink.write(']');
        if (profiled) {
            profile.endArray(level, n);
        }
    }

    /** Records by their components (accessors called), other objects by their fields (read, never called). */
    private void object(Object o, TypeLayout t, int depth, int level) {
        if (!enter(o, depth, level)) {
            return;
        }
        if (t.partial) {
            partial = true;
        }
        boolean root = level == 0;
        if (root) {
            profile.fields(t.members.length);
            profile.names(t.names, null, 0, 0);
            if (features != null) {
                features.sharedNames(t.names);
            }
        } else {
            other(level);
        }
        sink.write('{');
        TypeLayout.Member[] members = t.members;
        for (int i = 0; i < members.length; i++) {
            if (i > 0) {
                sink.write(',');
            }
            TypeLayout.Member m = members[i];
            sink.write(m.key, 0, m.key.length);
            if (m.field != null && m.primitive != 'L') {
                primitiveField(o, m, root ? i : -1);
            } else {
                Object v = m.field != null ? read(o, m) : call(o, m);
                if (root) {
                    profile.fieldReached(i);
                    rootValue(i, m.name, v, depth);
                } else {
                    value(v, depth + 1, -1);
                }
            }
        }
        sink.write('}');
        path[depth] = null;
    }

    private Object read(Object o, TypeLayout.Member m) {
        try {
            return m.field.get(o);
        } catch (IllegalAccessException e) {
            partial = true;
            return null;
        }
    }

    private Object call(Object o, TypeLayout.Member m) {
        try {
            return m.accessor.invoke(o);
        } catch (IllegalAccessException | InvocationTargetException e) {
            partial = true; // the component is written as null
            return null;
        }
    }

    /** A primitive field; {@code index} is its position when it is a top-level field, else -1. */
    private void primitiveField(Object o, TypeLayout.Member m, int index) {
        countNode();
        byte[] text = sink.digits;
        try {
            switch (m.primitive) {
                case 'D', 'F' -> {
                    double d = m.primitive == 'D' ? m.field.getDouble(o) : m.field.getFloat(o);
                    int n = JcsNumber.format(d, text);
                    sink.write(text, 0, n);
                    if (index >= 0) {
                        profile.fieldReached(index);
                        if (profile.wantsValue() && Double.isFinite(d)) {
                            profile.value(index, 'D', text, n);
                        }
                        if (features != null) {
                            features.number(m.name, d);
                        }
                    }
                }
                case 'Z' -> {
                    boolean b = m.field.getBoolean(o);
                    sink.writeAscii(b ? "true" : "false");
                    reached(index);
                    if (index >= 0 && features != null) {
                        features.bool(m.name, b);
                    }
                }
                case 'C' -> {
                    JcsString.write(sink, String.valueOf(m.field.getChar(o)));
                    reached(index);
                }
                default -> {
                    long v = m.field.getLong(o);
                    int n = JcsNumber.formatLong(v, text);
                    sink.write(text, 0, n);
                    if (index >= 0) {
                        profile.fieldReached(index);
                        if (profile.wantsValue()) {
                            integerValue(index, 'L', v, text, n);
                        }
                        if (features != null) {
                            features.number(m.name, v);
                        }
                    }
                }
            }
        } catch (IllegalAccessException e) {
            partial = true;
            sink.writeAscii("null");
            reached(index);
        }
    }

    private void reached(int index) {
        if (index >= 0) {
            profile.fieldReached(index);
        }
    }

    /** A top-level field's value for {@code input.values}: JDK numbers only, finite; floats widened. */
    private Number numeric(Object v) {
        if (v == null) {
            return null;
        }
        Class<?> c = v.getClass();
        if (c == Integer.class || c == Long.class || c == Short.class || c == Byte.class) {
            return (Number) v;
        }
        if (c == Double.class) {
            return Double.isFinite((Double) v) ? (Number) v : null;
        }
        if (!(v instanceof Number n) || !c.getName().startsWith("java.")) {
            return null;
        }
        return TypeLayout.isIntegral(c) ? (Number) n.longValue() : finite(n.doubleValue());
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static String typeName(Object v) {
        Class<?> c = v.getClass();
        return c.isArray() ? TypeLayout.of(c).typeName : c.getName();
    }
}
