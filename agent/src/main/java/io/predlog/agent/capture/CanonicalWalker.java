package io.predlog.agent.capture;

import io.predlog.agent.diagnostics.Diagnostics;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * One pass over a value's object graph: traversal and bounds. {@link ValueAdapter}s take each value apart (the
 * one for its class, from {@link ValueAdapters}) and report its pieces here; the walker enforces the bounds
 * (depth, nodes, bytes through the writer), writes {@code "<cycle>"} for an object met again on its own path,
 * notes hidden fields ({@code partial}), and hands every piece to the three consumers of the one walk:
 * <ul>
 *   <li>the canonical bytes: {@link DigestWriter}, always;</li>
 *   <li>the characteristics: {@link InputProfile}, for a call's input;</li>
 *   <li>the features: {@link FeatureGatherer}, for an input when statistics are on.</li>
 * </ul>
 * The three are fixed, final classes rather than a list of listeners: every value of every call reaches them,
 * and calls that stay monomorphic are inlined (docs/PERFORMANCE.md, "Capture").
 *
 * <p>The walker tracks where it is: {@code depth}, the containers entered (the path, for cycles and the depth
 * bound), and {@code level} (see {@link ValueReporter}). Scalars and primitive arrays are reported through the
 * methods it inherits from {@link ValueReporter}; containers, fields and elements through its own.
 *
 * <p>Per thread and reused: every buffer, the map-key scratch and remembered key orders ({@link MapEntries}),
 * the path; a walk allocates nothing per node beyond what the text of a non-String map key or a
 * boxed record component cost. Not thread-safe.
 */
final class CanonicalWalker extends ValueReporter {

    private static final String CYCLE = "<cycle>";
    /** The value of a walk of a number handed over as a primitive ({@link #walkNumber}), held in {@link #number}. */
    private static final Object NUMBER = new Object();

    final InputProfile profileScratch = new InputProfile();
    final byte[] digestOut = new byte[32];
    /** Map entries being written, and remembered key orders: scratch for {@link MapAdapter}. */
    final MapEntries entries;
    private final ValueAdapters adapters;
    private final long maxBytes;
    private final ByteCap byteCap;
    /** The containers entered, outermost first (their levels are in {@link #levels}). */
    private final Object[] path;

    /** Set while a walk runs, so a walk re-entered on the same thread (a record accessor that predicts) gets its own walker. */
    boolean busy;

    private boolean truncated;
    /** Holders ({@code Optional}, {@code AtomicReference}) being unwrapped, one inside another. */
    private int unwraps;
    /** The class name of the exception that stopped this walk, or null. */
    private String error;
    /** Whether this walk's digest is HMAC-SHA256 (a key is set and the value is hashed alone). */
    private boolean keyedWalk;
    /** A digest made earlier that stands for the whole value ({@link #digested}), or null. */
    private MatrixDigest made;
    /**
     * The digest the last walk finished with {@link MessageDigest#digest}, which leaves it reset: the next walk with
     * it need not reset it again (a reset of SHA-256 clears its 256-byte schedule). Null when that walk stopped early.
     */
    private MessageDigest fresh;
    /** The number {@link #walkNumber} walks. */
    private double number;

    CanonicalWalker(HashSettings settings, ValueAdapters adapters) {
        this(settings, adapters, null, new KeyNames());
    }

    /**
     * @param byteCap  a lower byte bound that may be set while running (self-protection); null for none
     * @param keyNames the sorted key names of remembered map schemas, shared with the other threads' walkers
     */
    CanonicalWalker(HashSettings settings, ValueAdapters adapters, ByteCap byteCap, KeyNames keyNames) {
        super(settings.maxNodes(), settings.maxDepth());
        this.entries = new MapEntries(keyNames);
        this.adapters = adapters;
        this.byteCap = byteCap;
        this.maxBytes = settings.maxBytes();
        this.path = new Object[settings.maxDepth() + 1];
    }

    long size() {
        return made != null ? made.size() : out.count();
    }

    boolean truncated() {
        return truncated;
    }

    boolean partial() {
        return partial;
    }

    /**
     * The class name of the exception that stopped the walk (the application's iterator threw, or a map changed
     * while it was read), or null: the bytes written up to there are not the value's, so the walk has no hash.
     */
    String error() {
        return error;
    }

    /** Whether some value was native state that nothing read: the walk has no hash (docs/HASHING.md). */
    boolean opaque() {
        return opaque;
    }

    /**
     * Walks {@code value}, digests its canonical bytes with {@code digest} (reset first) into {@link #digestOut},
     * fills {@code profile} if not null, and gives {@code features} (with a profile only) the value's features:
     * those of the values walked completely when a bound stops the walk. Never throws for odd input: a bound stops
     * the walk with {@link #truncated()} set, and what was written up to there is hashed; an exception from the
     * application's collections stops it with {@link #error()} set.
     */
    void walk(Object value, MessageDigest digest, InputProfile profile, boolean includeValues,
              FeatureGatherer features) {
        walk(value, profile == null ? null : value == null ? "null" : InputProfile.typeName(value), digest, profile,
                includeValues, features);
    }

    /**
     * As {@link #walk} of the {@code Double} (or, when {@code single}, the {@code Float} widened to {@code number})
     * a method returned as a primitive, without the box: the same bytes, hash, profile and features.
     */
    void walkNumber(double number, boolean single, MessageDigest digest, InputProfile profile, boolean includeValues,
                    FeatureGatherer features) {
        this.number = number;
        walk(NUMBER, single ? Characteristics.FLOAT_TYPE : Characteristics.DOUBLE_TYPE, digest, profile,
                includeValues, features);
    }

    /** {@code type}: the value's type name for the profile (null without one). */
    private void walk(Object value, String type, MessageDigest digest, InputProfile profile, boolean includeValues,
                      FeatureGatherer features) {
        if (digest != fresh) {
            digest.reset();
        }
        fresh = null;
        out.start(digest, byteCap == null ? maxBytes : Math.min(maxBytes, byteCap.bytes()));
        this.profile = profile;
        this.root = value;
        this.nodes = 0;
        this.partial = false;
        this.opaque = false;
        this.truncated = false;
        this.error = null;
        this.unwraps = 0;
        this.keyedWalk = digest instanceof MacDigest;
        this.made = null;
        this.depth = 0;
        this.topFields = false;
        this.level = profile == null ? -1 : 0;
        if (profile != null) {
            profile.reset(includeValues, type);
        }
        FeatureGatherer g = profile == null ? null : features;
        this.features = g;
        boolean completed = false;
        try {
            if (g != null) {
                g.arm(null);
            }
            if (value == NUMBER) { // a Double's node, without the Double
                countNode();
                number(number);
            } else {
                value(value);
            }
            completed = true;
            if (g != null) {
                g.walked(null);
            }
        } catch (BoundReached e) {
            truncated = true;
        } catch (Throwable e) { // whatever the application's collections throw, checked exceptions included
            error = e.getClass().getName();
            Diagnostics.failure("capture.walk", e);
        } finally {
            release(!completed);
        }
        out.finish();
        if (made != null) {
            System.arraycopy(made.digest(keyedWalk), 0, digestOut, 0, 32);
            truncated |= made.truncated();
            fresh = out.count() == 0 ? digest : null; // the matrix's digest was made elsewhere: this one is unused
            return;
        }
        try {
            digest.digest(digestOut, 0, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        fresh = digest;
    }

    /**
     * The top-level value is a matrix whose canonical bytes were digested when its data was seen
     * ({@link MatrixDigest}): that digest and size become the walk's, and the characteristics are those of the
     * {@code float[rows][cols]} it stands for. Returns false, having done nothing, when {@code value} is not the
     * top-level value (the adapter then writes it in the nested form).
     */
    boolean digested(Object value, MatrixDigest digest) {
        if (value != root || depth != 0) {
            return false;
        }
        made = digest;
        if (profile != null) {
            profile.matrix(digest);
        }
        if (features != null) {
            features.notNumber();
        }
        return true;
    }

    /** Whether this walk hashes with the HMAC key: a digest written as a value must be the keyed one. */
    boolean keyed() {
        return keyedWalk;
    }

    /**
     * Drops what the walk referenced. A walk that completed has cleared its own traces (each container its
     * path entry and key range); one that was cut short, or an unexpected error, leaves them to be cleared here.
     */
    private void release(boolean cutShort) {
        if (cutShort) {
            Arrays.fill(path, null);
        }
        entries.release(cutShort);
        if (features != null) {
            features.disarm();
        }
        root = null;
        depth = 0;
        profile = null;
        features = null;
    }

    // ---- values: dispatch to the adapter of the value's class

    /**
     * A value: counted as a node, then written by its class's adapter; {@code null}, {@code String},
     * {@code Double}, {@code Integer}, {@code Long} and {@code Boolean}, most of what a model receives, directly.
     */
    void value(Object v) {
        if (++nodes > maxNodes) {
            throw BoundReached.INSTANCE;
        }
        dispatch(v);
    }

    /**
     * An {@code Optional}'s content, written in its place: the same node. Holders nested in holders count towards
     * the depth bound, as containers do, so that a chain of them cannot recurse without end.
     */
    void unwrapped(Object content) {
        if (features != null) {
            features.unwrapped();
        }
        if (++unwraps > maxDepth) {
            throw BoundReached.INSTANCE;
        }
        dispatch(content);
        unwraps--;
    }

    /**
     * The content a library's adapter read from {@code value} (a tensor's array, a text segment's string), written
     * in {@code value}'s place: at the top level the content is the top-level value (so a primitive array there is
     * a typed tensor) while the characteristics keep {@code value}'s type. Counts one node, so that adapters whose
     * contents lead back to one another stop at the node bound.
     */
    void substitute(Object value, Object content) {
        countNode();
        if (value == root && depth == 0) {
            root = content;
        }
        dispatch(content);
    }

    /**
     * As {@link #substitute}, for a library's tensor read as {@code flat}, a primitive array of its elements in
     * row-major order, and its {@code shape}: at the top level a numeric one is written as the typed tensor of that
     * shape straight from {@code flat}; anywhere else (or not numeric) as the nesting of arrays of that shape, made
     * here (rank 2 and more: one more copy of the elements).
     */
    void substituteShaped(Object value, Object flat, int[] shape) {
        if (value == root && depth == 0 && shape.length > 1 && TensorWriter.writeShaped(out, flat, shape, profile)) {
            countNode();
            if (features != null) {
                features.numericNesting(flat);
            }
            return;
        }
        substitute(value, Nesting.of(flat, shape));
    }

    private void dispatch(Object v) {
        if (v == null) {
            nullValue();
            return;
        }
        Class<?> c = v.getClass();
        if (c == String.class) {
            string((String) v);
        } else if (c == Double.class) {
            number((Double) v);
        } else if (c == Integer.class) {
            integral((Integer) v);
        } else if (c == Long.class) {
            integral((Long) v);
        } else if (c == Boolean.class) {
            bool((Boolean) v);
        } else {
            ValueAdapter a = adapters.of(c);
            if (a == MapAdapter.INSTANCE) {
                // maps are the commonest container: a direct call, where the JIT would otherwise see one call
                // site for every adapter (megamorphic: an interface dispatch for each map in a list of rows)
                MapAdapter.INSTANCE.write(v, this);
            } else {
                a.write(v, this);
            }
        }
    }

    // ---- containers: maps and objects are written as fields, collections and arrays as elements

    /**
     * Enters a map or object: false (having written {@code "<cycle>"}) when it is already on the current path;
     * stops the walk when it would be nested deeper than the bound. Then {@link #beginFields}, the fields,
     * {@link #endFields}.
     */
    boolean enterObject(Object container) {
        if (features != null) {
            features.notNumber();
        }
        return enter(container, -1);
    }

    /** Enters a collection or object array, as {@link #enterObject}; then {@link #beginElements}. */
    boolean enterArray(Object container) {
        if (!enter(container, level >= 0 ? level + 1 : -1)) {
            return false;
        }
        if (features != null) {
            features.array(container);
        }
        return true;
    }

    private boolean enter(Object container, int childLevel) {
        for (int i = 0; i < depth; i++) {
            if (path[i] == container) {
                JcsString.write(out, CYCLE);
                other();
                if (features != null) {
                    features.notNumber();
                }
                return false;
            }
        }
        if (depth >= maxDepth) {
            throw BoundReached.INSTANCE;
        }
        path[depth] = container;
        levels[depth] = level;
        depth++;
        level = childLevel;
        topFields = depth == 1 && levels[0] == 0;
        return true;
    }

    private void exit() {
        depth--;
        path[depth] = null;
        level = levels[depth];
        topFields = depth == 1 && levels[0] == 0;
    }

    /**
     * How many entries of the map being entered the walk can reach before the node bound stops it: each entry's
     * value is a node, and the one past the bound still has its key written. At least 1024, the most top-level
     * values the characteristics keep (and more than the 64 field names).
     */
    int entriesWithinBound() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1024, maxNodes - nodes + 1));
    }

    /** The nesting depth of the container last entered: how many containers enclose it. */
    int containerDepth() {
        return depth - 1;
    }

    /**
     * The object entered has {@code count} fields, written in sorted order; {@code sortedNames} are their names
     * when the adapter holds them in an array that is never modified (a class's, a remembered key order's), else
     * null, and the adapter calls {@link #fieldNames} once the fields are written. Returns whether these are the
     * top-level value's fields.
     */
    boolean beginFields(int count, String[] sortedNames) {
        boolean top = topFields();
        if (top) {
            profile.fields(count);
            if (sortedNames != null) {
                profile.names(sortedNames, null, 0, 0);
            }
        } else if (levels[depth - 1] > 0) {
            profile.leaf(levels[depth - 1]);
            profile.nonNumeric();
        }
        out.write('{');
        return top;
    }

    /** The top-level value's field names, sorted, when {@link #beginFields} had none: {@code keys[from, from + count)}. */
    void fieldNames(String[] keys, int from, int count) {
        profile.names(null, keys, from, count);
    }

    /**
     * A field's key given as its canonical bytes with the colon and, after the first field, the comma before it
     * ({@link KeyOrder#encoded}).
     */
    void key(byte[] encoded, int from, int length) {
        out.write(encoded, from, length);
    }

    /** Field {@code index}'s key, given as its canonical bytes with the colon ({@code "name":}). */
    void key(int index, byte[] encoded) {
        if (index > 0) {
            out.write(',');
        }
        out.write(encoded, 0, encoded.length);
    }

    /** Field {@code index}'s key. */
    void key(int index, String name) {
        if (index > 0) {
            out.write(',');
        }
        JcsString.write(out, name);
        out.write(':');
    }

    /** Field {@code index}'s value, after its key. */
    void fieldValue(int index, String name, Object v) {
        if (topFields()) {
            profile.fieldReached(index);
            topFieldValue(index, name, v);
        } else {
            value(v);
        }
    }

    void endFields() {
        out.write('}');
        exit();
    }

    /**
     * A top-level field's value: written like any value, and kept for {@code input.values} when it is a number.
     * Doubles and integers are formatted once, for both.
     */
    private void topFieldValue(int index, String name, Object v) {
        if (v != null && profile.wantsValue()) {
            Class<?> c = v.getClass();
            // the text is formatted in the digest's buffer where it fits, kept for the values from there, and
            // becomes part of the canonical bytes only once the node is counted
            if (c == Double.class) {
                double d = (Double) v;
                DigestWriter o = out;
                int at = o.numberAt();
                byte[] text = o.numberArray(at);
                int from = Math.max(at, 0);
                int n = JcsNumber.format(d, text, from);
                if (Double.isFinite(d)) {
                    profile.value(index, 'D', text, from, n);
                }
                countNode();
                o.take(at, n);
                if (features != null) {
                    features.number(name, d);
                }
                return;
            }
            if (c == Integer.class || c == Long.class) {
                long x = ((Number) v).longValue();
                DigestWriter o = out;
                int at = o.numberAt();
                byte[] text = o.numberArray(at);
                int from = Math.max(at, 0);
                int n = JcsNumber.formatLong(x, text, from);
                integerValue(index, c == Integer.class ? 'I' : 'L', x, text, from, n);
                countNode();
                o.take(at, n);
                if (features != null) {
                    features.number(name, x);
                }
                return;
            }
            profile.jdkNumberValue(index, v, exactDigits);
        }
        FeatureGatherer g = features;
        if (g != null) {
            g.arm(name);
        }
        if (v instanceof String s) {
            // a string field, as value() would write it, without value()'s dispatch: that path also holds the map
            // walk (the top-level map goes through it), which the JIT would otherwise inline into this method with
            // another copy of this method inside it, several times the compiled code for nothing this path uses
            countNode();
            string(s);
        } else {
            value(v);
        }
        if (g != null) {
            g.walked(name);
        }
    }

    /** After {@link #enterArray}: writes {@code [}; {@code knownLength} is the element count, or -1 if unknown. */
    void beginElements(long knownLength) {
        int own = levels[depth - 1];
        if (own >= 0) {
            profile.beginArray(own, (int) knownLength);
        }
        out.write('[');
    }

    /** Element {@code index}, in order. */
    void element(long index, Object e) {
        if (index > 0) {
            out.write(',');
        }
        if (levels[depth - 1] == 0) {
            profile.item(e == null ? "null" : InputProfile.typeName(e));
        }
        value(e);
    }

    /** Writes {@code ]} after {@code count} elements and leaves the array. */
    void endElements(long count) {
        out.write(']');
        int own = levels[depth - 1];
        if (own >= 0) {
            profile.endArray(own, count);
        }
        exit();
    }
}
