package io.predlog.agent.capture;

/**
 * An array of references ({@code Object[]}, {@code String[]}, {@code float[][]}, …): an array of its elements;
 * at the top level, a rectangular nesting of a numeric primitive type ({@code float[][]}) is a typed tensor
 * instead (docs/HASHING.md).
 */
final class ObjectArrayAdapter implements ValueAdapter {

    private static final ObjectArrayAdapter ELEMENTS = new ObjectArrayAdapter(false);
    private static final ObjectArrayAdapter NESTING = new ObjectArrayAdapter(true);

    /** A nesting of a primitive array type, which may be a tensor. */
    private final boolean nesting;

    private ObjectArrayAdapter(boolean nesting) {
        this.nesting = nesting;
    }

    static ValueAdapter forType(Class<?> type) {
        if (!type.isArray()) {
            return null;
        }
        Class<?> base = type;
        while (base.isArray()) {
            base = base.getComponentType();
        }
        return base.isPrimitive() ? NESTING : ELEMENTS;
    }

    @Override
    public void write(Object value, CanonicalWalker walk) {
        if (nesting && walk.tensor(value, value)) {
            return;
        }
        Object[] a = (Object[]) value;
        if (!walk.enterArray(a)) {
            return;
        }
        walk.beginElements(a.length);
        for (int i = 0; i < a.length; i++) {
            walk.element(i, a[i]);
        }
        walk.endElements(a.length);
    }
}
