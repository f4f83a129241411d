package io.predlog.agent.capture;

/**
 * A primitive array, one named implementation per component type. At the top level a numeric one is a typed
 * tensor (docs/HASHING.md); nested in anything else it is a JSON array of numbers and counts as one node
 * ({@code boolean[]}: of {@code true}/{@code false}); a {@code char[]} is a string wherever it is.
 */
abstract class PrimitiveArrayAdapter implements ValueAdapter {

    static ValueAdapter forType(Class<?> type) {
        Class<?> c = type.getComponentType();
        if (c == null || !c.isPrimitive()) {
            return null;
        }
        if (c == double.class) {
            return ForDouble.INSTANCE;
        } else if (c == float.class) {
            return ForFloat.INSTANCE;
        } else if (c == int.class) {
            return ForInt.INSTANCE;
        } else if (c == long.class) {
            return ForLong.INSTANCE;
        } else if (c == short.class) {
            return ForShort.INSTANCE;
        } else if (c == byte.class) {
            return ForByte.INSTANCE;
        } else if (c == boolean.class) {
            return ForBoolean.INSTANCE;
        }
        return ForChar.INSTANCE;
    }

    static final class ForDouble extends PrimitiveArrayAdapter {
        static final ForDouble INSTANCE = new ForDouble();

        @Override
        public void write(Object value, CanonicalWalker walk) {
            if (walk.tensor(value, value)) {
                return;
            }
            double[] a = (double[]) value;
            walk.beginPrimitives(a, a.length, true);
            for (int i = 0; i < a.length; i++) {
                walk.primitive(i, a[i]);
            }
            walk.endPrimitives(a.length, true);
        }
    }

    /** Elements widened exactly to double. */
    static final class ForFloat extends PrimitiveArrayAdapter {
        static final ForFloat INSTANCE = new ForFloat();

        @Override
        public void write(Object value, CanonicalWalker walk) {
            if (walk.tensor(value, value)) {
                return;
            }
            float[] a = (float[]) value;
            walk.beginPrimitives(a, a.length, true);
            for (int i = 0; i < a.length; i++) {
                walk.primitive(i, (double) a[i]);
            }
            walk.endPrimitives(a.length, true);
        }
    }

    static final class ForInt extends PrimitiveArrayAdapter {
        static final ForInt INSTANCE = new ForInt();

        @Override
        public void write(Object value, CanonicalWalker walk) {
            if (walk.tensor(value, value)) {
                return;
            }
            int[] a = (int[]) value;
            walk.beginPrimitives(a, a.length, true);
            for (int i = 0; i < a.length; i++) {
                walk.primitive(i, (long) a[i]);
            }
            walk.endPrimitives(a.length, true);
        }
    }

    static final class ForLong extends PrimitiveArrayAdapter {
        static final ForLong INSTANCE = new ForLong();

        @Override
        public void write(Object value, CanonicalWalker walk) {
            if (walk.tensor(value, value)) {
                return;
            }
            long[] a = (long[]) value;
            walk.beginPrimitives(a, a.length, true);
            for (int i = 0; i < a.length; i++) {
                walk.primitive(i, a[i]);
            }
            walk.endPrimitives(a.length, true);
        }
    }

    static final class ForShort extends PrimitiveArrayAdapter {
        static final ForShort INSTANCE = new ForShort();

        @Override
        public void write(Object value, CanonicalWalker walk) {
            if (walk.tensor(value, value)) {
                return;
            }
            short[] a = (short[]) value;
            walk.beginPrimitives(a, a.length, true);
            for (int i = 0; i < a.length; i++) {
                walk.primitive(i, (long) a[i]);
            }
            walk.endPrimitives(a.length, true);
        }
    }

    static final class ForByte extends PrimitiveArrayAdapter {
        static final ForByte INSTANCE = new ForByte();

        @Override
        public void write(Object value, CanonicalWalker walk) {
            if (walk.tensor(value, value)) {
                return;
            }
            byte[] a = (byte[]) value;
            walk.beginPrimitives(a, a.length, true);
            for (int i = 0; i < a.length; i++) {
                walk.primitive(i, (long) a[i]);
            }
            walk.endPrimitives(a.length, true);
        }
    }

    /** Never a tensor: an array of {@code true}/{@code false}, not numeric. */
    static final class ForBoolean extends PrimitiveArrayAdapter {
        static final ForBoolean INSTANCE = new ForBoolean();

        @Override
        public void write(Object value, CanonicalWalker walk) {
            boolean[] a = (boolean[]) value;
            walk.beginPrimitives(a, a.length, false);
            for (int i = 0; i < a.length; i++) {
                walk.primitive(i, a[i]);
            }
            walk.endPrimitives(a.length, false);
        }
    }

    /** Never a tensor: a string of its chars. */
    static final class ForChar extends PrimitiveArrayAdapter {
        static final ForChar INSTANCE = new ForChar();

        @Override
        public void write(Object value, CanonicalWalker walk) {
            walk.chars((char[]) value);
        }
    }
}
