package io.predlog.agent.capture;

/**
 * The names of one thread's {@link Features}, made so that a call whose input has the schema of a recent call
 * allocates no name: derived names ({@code amount[*]}, {@code arg0.amount}) are remembered per field name, so
 * that a field's feature is named by the same string call after call. Not thread-safe; bounded.
 */
final class FeatureNames {

    private static final int TOP_NAMES = 32;
    private static final String[] ARG = new String[TOP_NAMES];
    private static final String[] ARG_ELEMENTS = new String[TOP_NAMES];
    /** Derived names remembered: a direct-mapped table, an entry replaced on collision. */
    private static final int DERIVED = 256;

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
}
