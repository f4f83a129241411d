package io.predlog.agent.capture;

import java.util.Arrays;

/**
 * The names of one thread's {@link Features}, made so that a call whose input has the schema of a recent call
 * allocates no name and no name array: derived names ({@code amount[*]}, {@code arg0.amount}) are remembered
 * per field name, and the arrays of names and kinds handed out recently are handed out again when a call's
 * match them. Every array handed out is never modified afterwards. Not thread-safe; bounded.
 */
final class FeatureNames {

    private static final int TOP_NAMES = 32;
    private static final String[] ARG = new String[TOP_NAMES];
    private static final String[] ARG_ELEMENTS = new String[TOP_NAMES];
    /** Derived names remembered: a direct-mapped table, an entry replaced on collision. */
    private static final int DERIVED = 256;
    /** Arrays of names (and of kinds) handed out recently, tried in turn before a new one is made. */
    private static final int RECENT = 4;

    /** The position of a call's output, named {@code output} ({@link Features}). */
    static final int OUTPUT = -2;
    /** The position of a call's only argument. */
    static final int ONLY = -1;

    static {
        for (int i = 0; i < TOP_NAMES; i++) {
            ARG[i] = "arg" + i;
            ARG_ELEMENTS[i] = "arg" + i + "[*]";
        }
    }

    private final String[] derivedBase = new String[DERIVED];
    private final int[] derivedVariant = new int[DERIVED];
    private final String[] derivedName = new String[DERIVED];

    private final String[][] recentNames = new String[RECENT][];
    private final byte[][] recentKinds = new byte[RECENT][];
    private int namesVictim;
    private int kindsVictim;

    /**
     * The feature name of a top-level value ({@code field} null) or of a top-level field, of argument
     * {@code arg} ({@link #ONLY}: the only one; {@link #OUTPUT}: the call's output), holding a scalar or, with
     * {@code elements}, a numeric array.
     */
    String name(String field, int arg, boolean elements) {
        if (field == null) {
            if (arg == OUTPUT) {
                return elements ? "output[*]" : "output";
            }
            if (arg < 0) {
                return elements ? "[*]" : "$";
            }
            if (arg < TOP_NAMES) {
                return elements ? ARG_ELEMENTS[arg] : ARG[arg];
            }
            return "arg" + arg + (elements ? "[*]" : "");
        }
        if (arg == ONLY && !elements) {
            return field;
        }
        int variant = (arg + 1) * 2 + (elements ? 1 : 0);
        int slot = ((field.hashCode() * 31 + variant) * 0x9E3779B9 >>> 24) & (DERIVED - 1);
        String base = derivedBase[slot];
        if (derivedVariant[slot] == variant && base != null && (base == field || base.equals(field))) {
            return derivedName[slot];
        }
        String made = (arg == ONLY ? field : arg == OUTPUT ? "output." + field : "arg" + arg + "." + field)
                + (elements ? "[*]" : "");
        derivedBase[slot] = field;
        derivedVariant[slot] = variant;
        derivedName[slot] = made;
        return made;
    }

    /**
     * An array holding {@code names[0, size)}: {@code shared} (a type's or a key order's never-modified field
     * names, which may be longer) when they are its first {@code size}, else a recent one, else a new copy.
     */
    String[] names(String[] names, int size, String[] shared) {
        if (shared != null && shared.length >= size && samePrefix(shared, names, size)) {
            return shared;
        }
        for (String[] r : recentNames) {
            if (r != null && r.length == size && samePrefix(r, names, size)) {
                return r;
            }
        }
        String[] made = Arrays.copyOf(names, size);
        recentNames[namesVictim++ & (RECENT - 1)] = made;
        return made;
    }

    /** An array equal to {@code kinds[0, size)}: a recent one, else a new copy. */
    byte[] kinds(byte[] kinds, int size) {
        for (byte[] r : recentKinds) {
            if (r != null && r.length == size && Arrays.equals(r, 0, size, kinds, 0, size)) {
                return r;
            }
        }
        byte[] made = Arrays.copyOf(kinds, size);
        recentKinds[kindsVictim++ & (RECENT - 1)] = made;
        return made;
    }

    private static boolean samePrefix(String[] a, String[] b, int size) {
        for (int i = 0; i < size; i++) {
            String x = a[i];
            String y = b[i];
            if (x != y && !x.equals(y)) {
                return false;
            }
        }
        return true;
    }
}
