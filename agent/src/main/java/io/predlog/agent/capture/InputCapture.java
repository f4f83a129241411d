package io.predlog.agent.capture;

import io.predlog.agent.adapter.TypeAdapter;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Hashes and characterises a call's input and its output (docs/HASHING.md), gathering their {@link Features} in
 * the same walk when asked: the entry point of this package for the recorder. One
 * instance per agent; thread-safe, called concurrently from application threads, each of which keeps its own
 * reusable buffers and digests.
 *
 * <p>Never throws for odd input: a bound, or an exception from the application's own collections, stops
 * hashing at that point and the result says {@code truncated} or, for an exception, names it ({@code error},
 * no hash); module-hidden fields say {@code partial}.
 * It may throw only for a broken JVM (no SHA-256), which the caller's catch-all reports.
 */
public final class InputCapture {

    /** The names of the features derived from an output that is a numeric vector (docs/STATISTICS.md, "Outputs"). */
    public static final String ARGMAX = "argmax(output)";
    public static final String MAX = "max(output)";
    public static final String NORM = "norm(output)";
    /** The category texts of {@link #ARGMAX}'s common positions, made on first use. */
    private static final String[] INDEX_TEXT = new String[1024];

    private final HashSettings settings;
    /** A lower byte bound self-protection may set while running. */
    private final ByteCap byteCap = new ByteCap();
    /** The sorted key names of the map schemas the threads' walkers remember, one array per key set. */
    private final KeyNames keyNames = new KeyNames();
    private final boolean includeValues;
    private final FeatureSettings features;
    private final OutputSettings output;
    private final ValueAdapters adapters;
    /** Whether a numeric output's hash may be left to the encoder now; null: never. */
    private final BooleanSupplier numberHashAtEncoding;
    private final ThreadLocal<PerThread> perThread;

    /**
     * Captures without {@link Features}.
     *
     * @param settings      bounds and optional HMAC key
     * @param includeValues {@code predlog.input.values}: include top-level numeric values in characteristics
     */
    public InputCapture(HashSettings settings, boolean includeValues) {
        this(settings, includeValues, null);
    }

    /**
     * @param settings      bounds and optional HMAC key
     * @param includeValues {@code predlog.input.values}: include top-level numeric values in characteristics
     * @param features      bounds of the {@link Features} gathered with each captured input (not outputs),
     *                      or null for none ({@link Features#NONE})
     */
    public InputCapture(HashSettings settings, boolean includeValues, FeatureSettings features) {
        this(settings, includeValues, features, OutputSettings.DEFAULTS);
    }

    /**
     * @param settings      bounds and optional HMAC key
     * @param includeValues {@code predlog.input.values}: include top-level numeric values in characteristics
     * @param features      bounds of the {@link Features} gathered with each captured input and output, or null
     *                      for none ({@link Features#NONE})
     * @param output        whether outputs are characterised besides being hashed, and with values
     */
    public InputCapture(HashSettings settings, boolean includeValues, FeatureSettings features,
                        OutputSettings output) {
        this(settings, includeValues, features, output, ValueAdapters.STANDARD, null);
    }

    /**
     * @param settings      bounds and optional HMAC key
     * @param includeValues {@code predlog.input.values}: include top-level numeric values in characteristics
     * @param features      bounds of the {@link Features} gathered with each captured input and output, or null
     *                      for none
     * @param output        whether outputs are characterised besides being hashed, and with values
     * @param extensions    the extension jars' input types, asked before the agent's own adapters
     */
    public InputCapture(HashSettings settings, boolean includeValues, FeatureSettings features,
                        OutputSettings output, List<TypeAdapter.Factory> extensions) {
        this(settings, includeValues, features, output, extensions, null);
    }

    /**
     * As {@link #InputCapture(HashSettings, boolean, FeatureSettings, OutputSettings, List)};
     * {@code numberHashAtEncoding}, asked at each such output, says whether the hash of an output that is a
     * {@code double} or a {@code float}, kept as its number, may be left to the encoder of its event
     * ({@link CapturedOutput#hashedAtEncoding()}): only where every encoder of the capture's events has a
     * {@link NumberHash} of the same settings. Null: the capture makes every hash.
     */
    public InputCapture(HashSettings settings, boolean includeValues, FeatureSettings features,
                        OutputSettings output, List<TypeAdapter.Factory> extensions,
                        BooleanSupplier numberHashAtEncoding) {
        this(settings, includeValues, features, output, ValueAdapters.STANDARD.withExtensions(extensions),
                numberHashAtEncoding);
    }

    /** As the public constructor, with the values of each class laid out by {@code adapters}. */
    InputCapture(HashSettings settings, boolean includeValues, FeatureSettings features, ValueAdapters adapters) {
        this(settings, includeValues, features, OutputSettings.DEFAULTS, adapters, null);
    }

    private InputCapture(HashSettings settings, boolean includeValues, FeatureSettings features,
                         OutputSettings output, ValueAdapters adapters, BooleanSupplier numberHashAtEncoding) {
        this.settings = settings;
        this.includeValues = includeValues;
        this.features = features;
        this.output = output;
        this.adapters = adapters;
        this.numberHashAtEncoding = numberHashAtEncoding;
        this.perThread = ThreadLocal.withInitial(
                () -> new PerThread(settings, features, adapters, byteCap, keyNames));
        // fail here, at start-up, if SHA-256 or HmacSHA256 is missing
        new PerThread(settings, features, adapters, byteCap, keyNames);
    }

    /**
     * A call's input when the target names no {@code input} expression: one argument is that value; several
     * are hashed as docs/HASHING.md says (SHA-256 over the arguments' SHA-256 digests, sizes summed, characteristics
     * {@code {"args":[…]}}); none is the hash of empty input (SHA-256 of no bytes, size 0,
     * characteristics {@code {"args":[]}}).
     */
    public CapturedInput captureArguments(Object[] args) {
        return captureArguments(args, new CapturedInput());
    }

    /** As {@link #captureArguments(Object[])}, filling {@code into} (a holder the caller reuses) and returning it. */
    public CapturedInput captureArguments(Object[] args, CapturedInput into) {
        if (args != null && args.length == 1) {
            return captureValue(args[0], into);
        }
        PerThread t = acquire();
        try {
            List<Object> profiles = new ArrayList<>(args == null ? 0 : args.length);
            MessageDigest outer = t.outer;
            outer.reset();
            long size = 0;
            boolean truncated = false;
            boolean partial = false;
            boolean opaque = false;
            String error = null;
            FeatureGatherer g = t.gatherer;
            if (g != null) {
                g.start();
            }
            if (args != null) {
                for (int i = 0; i < args.length; i++) {
                    Object arg = args[i];
                    if (g != null) {
                        g.argument(i);
                    }
                    t.walker.walk(arg, t.plain, t.walker.profileScratch, includeValues, g);
                    outer.update(t.walker.digestOut, 0, 32);
                    size += t.walker.size();
                    truncated |= t.walker.truncated();
                    partial |= t.walker.partial();
                    opaque |= t.walker.opaque();
                    if (error == null) {
                        error = t.walker.error();
                    }
                    profiles.add(t.walker.profileScratch.snapshot(t.walker.size()));
                }
            }
            digest(outer, t.walker.digestOut);
            Map<String, Object> characteristics = new LinkedHashMap<>();
            characteristics.put("args", profiles);
            hashInto(into, HashResult.prefixOf(t.walker.digestOut), size, truncated, partial, opaque, error);
            into.rest(characteristics, g == null ? Features.NONE : g.build());
            return into;
        } finally {
            release(t);
        }
    }

    /** The value of a target's {@code input} expression: its hash and characteristics. */
    public CapturedInput captureValue(Object value) {
        return captureValue(value, new CapturedInput());
    }

    /** As {@link #captureValue(Object)}, filling {@code into} (a holder the caller reuses) and returning it. */
    public CapturedInput captureValue(Object value, CapturedInput into) {
        PerThread t = acquire();
        try {
            CanonicalWalker w = t.walker;
            FeatureGatherer g = t.gatherer;
            if (g != null) {
                g.start();
                g.argument(-1);
            }
            w.walk(value, t.single, w.profileScratch, includeValues, g);
            long size = w.size();
            hashInto(into, w, false);
            into.rest(w.profileScratch.snapshot(size), g == null ? Features.NONE : g.build());
            return into;
        } finally {
            release(t);
        }
    }

    /**
     * A call's output, in one walk: its hash, and unless outputs are hashed only ({@link OutputSettings}) its
     * characteristics and, with features on, its features named {@code output…}; for a numeric vector also
     * {@code argmax(output)}, {@code max(output)} and {@code norm(output)}.
     */
    public CapturedOutput captureOutput(Object value) {
        return captureOutput(value, new CapturedOutput());
    }

    /**
     * As {@link #captureOutput(Object)}, filling {@code into} (a holder the caller reuses) and returning it. A
     * {@code Double} or {@code Float} is kept as its number ({@link #captureOutputNumber}).
     */
    public CapturedOutput captureOutput(Object value, CapturedOutput into) {
        if (value != null) {
            Class<?> c = value.getClass();
            if (c == Double.class) {
                return captureOutputNumber((Double) value, false, into);
            }
            if (c == Float.class) {
                return captureOutputNumber((Float) value, true, into);
            }
        }
        PerThread t = acquire();
        try {
            into.notNumber();
            CanonicalWalker w = t.walker;
            if (!output.characterise()) {
                w.walk(value, t.single, null, false, null);
                hashInto(into, w, true);
                into.rest(null, Features.NONE);
                return into;
            }
            FeatureGatherer g = t.gatherer;
            if (g != null) {
                g.start();
                g.argument(FeatureNames.OUTPUT);
            }
            w.walk(value, t.single, w.profileScratch, output.values(), g);
            long size = w.size();
            Characteristics c = w.profileScratch.snapshotOutput(size,
                    output.values() && isBoxedNumber(value) ? (Number) value : null);
            if (g != null && c instanceof Characteristics.Array a && a.vector()) {
                g.derivedCategory(ARGMAX, indexText(a.argmax()));
                g.derived(MAX, a.max());
                g.derived(NORM, a.norm());
            }
            hashInto(into, w, true);
            into.rest(c, g == null ? Features.NONE : g.build());
            return into;
        } finally {
            release(t);
        }
    }

    /**
     * A call's output that is a {@code double}, or when {@code single} a {@code float} (widened to {@code value}),
     * returned as a primitive or boxed: what {@link #captureOutput(Object, CapturedOutput)} makes of its box, with
     * the number kept in {@code into} ({@link CapturedOutput#numberType()}) instead of an object for its
     * characteristics.
     */
    public CapturedOutput captureOutputNumber(double value, boolean single, CapturedOutput into) {
        PerThread t = acquire();
        try {
            CanonicalWalker w = t.walker;
            if (!output.characterise()) {
                w.walkNumber(value, single, t.single, null, false, null);
                hashInto(into, w, true);
                into.rest(null, Features.NONE);
                into.notNumber();
                return into;
            }
            FeatureGatherer g = t.gatherer;
            if (g != null) {
                g.start();
                g.argument(FeatureNames.OUTPUT);
            }
            int type = output.values() ? single ? CapturedOutput.FLOAT_NUMBER : CapturedOutput.DOUBLE_NUMBER
                    : single ? CapturedOutput.FLOAT_TYPE_ONLY : CapturedOutput.DOUBLE_TYPE_ONLY;
            BooleanSupplier leave = numberHashAtEncoding;
            if (leave != null && leave.getAsBoolean()
                    && NumberHash.fits(Math.min(settings.maxBytes(), byteCap.bytes()))) {
                if (g != null) { // the number's feature, as the walk below takes it
                    g.arm(null);
                    g.number(value);
                    g.walked(null);
                }
                into.numberHashedAtEncoding(value, type, g == null ? Features.NONE : g.build());
                return into;
            }
            w.walkNumber(value, single, t.single, w.profileScratch, output.values(), g);
            hashInto(into, w, true);
            into.number(value, type, g == null ? Features.NONE : g.build());
            return into;
        } finally {
            release(t);
        }
    }

    /** Whether {@link #captureOutput} gathers features: outputs are characterised and statistics are on. */
    public boolean gathersOutputFeatures() {
        return output.characterise() && features != null && features.maxFeatures() > 0;
    }

    /** The byte bound self-protection lowers under pressure (docs/SAFETY.md, "Self-protection"). */
    public ByteCap byteCap() {
        return byteCap;
    }

    /** A call's output, or any value: its hash only. */
    public HashResult hashValue(Object value) {
        PerThread t = acquire();
        try {
            CanonicalWalker w = t.walker;
            w.walk(value, t.single, null, false, null);
            return result(w);
        } finally {
            release(t);
        }
    }

    /** The hash of the walk just made, or none when the value was native state that nothing read or could not be read. */
    private static HashResult result(CanonicalWalker w) {
        return HashResult.ofWalk(HashResult.prefixOf(w.digestOut), w.size(), w.truncated(), w.partial(), w.opaque(),
                w.error());
    }

    /**
     * Puts into {@code into} the hash of the walk just made, packed, without an object for it: as {@link #result}
     * makes it for an input; an output's is a hash even where native state was met (only an unreadable output has
     * none).
     */
    private static void hashInto(Captured<?> into, CanonicalWalker w, boolean output) {
        hashInto(into, HashResult.prefixOf(w.digestOut), w.size(), w.truncated(), w.partial(), !output && w.opaque(),
                w.error());
    }

    /** Puts into {@code into} the result {@link HashResult#ofWalk} makes of these, packed. */
    private static void hashInto(Captured<?> into, long prefix, long size, boolean truncated, boolean partial,
                                 boolean opaque, String error) {
        int bits = HashResult.bitsOfWalk(truncated, partial, opaque, error);
        boolean none = (bits & HashResult.OPAQUE) != 0;
        into.hash(none ? 0 : prefix, none ? -1 : size, bits, error);
    }

    /** The settings this instance hashes with. */
    public HashSettings settings() {
        return settings;
    }

    /** The bounds of the features gathered with each input, or null when none are. */
    public FeatureSettings featureSettings() {
        return features;
    }

    /** A boxed primitive number: immutable, so the event may keep it. */
    private static boolean isBoxedNumber(Object value) {
        if (value == null) {
            return false;
        }
        Class<?> c = value.getClass();
        return c == Double.class || c == Float.class || c == Long.class || c == Integer.class || c == Short.class
                || c == Byte.class;
    }

    /** An output vector's {@code argmax} as the category text of {@code argmax(output)}: the common ones cached. */
    private static String indexText(long index) {
        if (index >= INDEX_TEXT.length) {
            return Long.toString(index);
        }
        String text = INDEX_TEXT[(int) index];
        if (text == null) {
            text = Long.toString(index);
            INDEX_TEXT[(int) index] = text; // a race writes an equal string: harmless
        }
        return text;
    }

    private PerThread acquire() {
        PerThread t = perThread.get();
        if (t.walker.busy) {
            t = new PerThread(settings, features, adapters, byteCap, keyNames); // re-entered from inside a walk on this thread
        }
        t.walker.busy = true;
        return t;
    }

    private static void release(PerThread t) {
        t.walker.busy = false;
    }

    private static void digest(MessageDigest md, byte[] out) {
        try {
            md.digest(out, 0, 32);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One thread's walker and digests. */
    private static final class PerThread {
        final CanonicalWalker walker;
        /** SHA-256: each argument's digest when there are several. */
        final MessageDigest plain;
        /** One value's hash: HMAC-SHA256 with a key, else SHA-256. */
        final MessageDigest single;
        /** The hash over several arguments' digests: HMAC-SHA256 with a key, else SHA-256. */
        final MessageDigest outer;
        /** This thread's features of a call, or null when none are gathered. */
        final FeatureGatherer gatherer;

        PerThread(HashSettings settings, FeatureSettings features, ValueAdapters adapters, ByteCap byteCap,
                  KeyNames keyNames) {
            walker = new CanonicalWalker(settings, adapters, byteCap, keyNames);
            gatherer = features == null || features.maxFeatures() == 0 ? null : new FeatureGatherer(features);
            plain = sha256();
            byte[] key = settings.hmacKey();
            single = key == null ? plain : new MacDigest(key);
            outer = key == null ? sha256() : new MacDigest(key);
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }
    }
}
