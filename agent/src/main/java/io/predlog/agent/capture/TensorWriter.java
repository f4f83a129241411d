package io.predlog.agent.capture;

import java.lang.reflect.Array;

/**
 * A top-level primitive array as a typed tensor (docs/HASHING.md): the ASCII header {@code <dtype>[d1,d2,…]\n}
 * and the elements in row-major order as little-endian bytes, what numpy's
 * {@code b"f32[2,384]\n" + a.astype("<f4").tobytes()} gives. Elements are written with their raw bits
 * (a NaN keeps its payload, as numpy keeps it).
 */
final class TensorWriter {

    private static final int MAX_RANK = 255;
    /** Ranks whose item type names are kept ({@link #ITEM_TYPES}); a higher rank's is made each time. */
    private static final int KEPT_RANKS = 8;
    /** Per primitive type, its item type names by rank: {@code float} (rank 1), {@code float[]}, {@code float[][]}… */
    private static final ClassValue<String[]> ITEM_TYPES = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            String[] names = new String[KEPT_RANKS];
            for (int dims = 0; dims < KEPT_RANKS; dims++) {
                names[dims] = type.getTypeName() + "[]".repeat(dims);
            }
            return names;
        }
    };

    private TensorWriter() {
    }

    /** The dtype of a primitive component type, or null for boolean and char (not tensors). */
    static String dtype(Class<?> base) {
        if (base == float.class) {
            return "f32";
        } else if (base == double.class) {
            return "f64";
        } else if (base == int.class) {
            return "i32";
        } else if (base == long.class) {
            return "i64";
        } else if (base == short.class) {
            return "i16";
        } else if (base == byte.class) {
            return "i8";
        }
        return null;
    }

    /**
     * Writes the array as a tensor and returns true, or returns false having written nothing when it is
     * not one: not a nesting of a numeric primitive type, or ragged, or with a null row.
     */
    static boolean write(DigestWriter out, Object array, InputProfile profile) {
        Class<?> base = array.getClass();
        int rank = 0;
        while (base.isArray()) {
            base = base.getComponentType();
            rank++;
        }
        String dtype = dtype(base);
        if (dtype == null || rank > MAX_RANK) {
            return false;
        }
        int[] shape = new int[rank];
        if (!measure(array, 0, shape)) {
            return false;
        }
        header(out, dtype, shape, profile, base);
        elements(out, array, rank, profile);
        return true;
    }

    /**
     * Writes {@code flat}, a numeric primitive array holding a tensor of {@code shape} in row-major order, as the
     * typed tensor the nesting of that shape would be, with the same characteristics, without making the nesting;
     * returns false, having written nothing, when {@code flat} is not numeric or does not hold that shape.
     */
    static boolean writeShaped(DigestWriter out, Object flat, int[] shape, InputProfile profile) {
        Class<?> base = flat.getClass().getComponentType();
        String dtype = base == null ? null : dtype(base);
        if (dtype == null || shape.length == 0 || shape.length > MAX_RANK
                || elementCount(shape) != java.lang.reflect.Array.getLength(flat)) {
            return false;
        }
        header(out, dtype, shape, profile, base);
        elements(out, flat, 1, profile);
        return true;
    }

    /**
     * Writes the typed tensor's header {@code <dtype>[d1,…]\n} and gives {@code profile} (if any) the array's shape
     * and the type of its items ({@code float[]} for a {@code float[][]}: {@code element}, the primitive type, with
     * one {@code []} fewer than the rank).
     */
    private static void header(DigestWriter out, String dtype, int[] shape, InputProfile profile, Class<?> element) {
        out.writeAscii(dtype);
        out.write('[');
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            JcsNumber.writeLong(out, shape[i]);
        }
        out.write(']');
        out.write('\n');
        if (profile != null) {
            for (int level = 0; level < shape.length; level++) {
                profile.beginArray(level, shape[level]);
            }
            if (shape[0] > 0) {
                int dims = shape.length - 1;
                profile.item(dims < KEPT_RANKS ? ITEM_TYPES.get(element)[dims]
                        : element.getTypeName() + "[]".repeat(dims));
            }
            profile.leaf(shape.length);
            profile.endArray(0, shape[0]);
        }
    }

    /** The number of elements of a tensor of this shape, or -1 beyond an {@code int}. */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE || d < 0) {
                return -1;
            }
        }
        return n;
    }

    /** Rectangular and null-free? Fills shape; an empty dimension makes every later one 0. */
    private static boolean measure(Object array, int level, int[] shape) {
        int n = Array.getLength(array);
        shape[level] = n;
        if (level + 1 == shape.length) {
            return true;
        }
        if (n == 0) {
            return true; // later dimensions stay 0
        }
        Object[] rows = (Object[]) array;
        int rowLength = -1;
        for (Object row : rows) {
            if (row == null) {
                return false;
            }
            int len = Array.getLength(row);
            if (rowLength < 0) {
                rowLength = len;
                if (!measure(row, level + 1, shape)) {
                    return false;
                }
            } else if (len != rowLength || !sameShape(row, level + 1, shape)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameShape(Object array, int level, int[] shape) {
        if (Array.getLength(array) != shape[level]) {
            return false;
        }
        if (level + 1 == shape.length) {
            return true;
        }
        for (Object row : (Object[]) array) {
            if (row == null || !sameShape(row, level + 1, shape)) {
                return false;
            }
        }
        return true;
    }

    private static void elements(DigestWriter out, Object array, int rank, InputProfile p) {
        if (rank > 1) {
            for (Object row : (Object[]) array) {
                elements(out, row, rank - 1, p);
            }
        } else if (array instanceof float[] a) {
            // runs that fit the writer's buffer are copied in bulk and folded into the profile in one loop; an
            // element that does not fit is written alone, which flushes the buffer or cuts it at the byte bound
            // (the profile then holds the elements hashed in full)
            for (int i = 0; i < a.length; ) {
                int n = out.room(4, a.length - i);
                if (n == 0) {
                    out.writeIntLE(Float.floatToRawIntBits(a[i]));
                    n = 1;
                } else {
                    out.putFloatsLE(a, i, n);
                }
                if (p != null) {
                    p.floats(a, i, n);
                }
                i += n;
            }
        } else if (array instanceof double[] a) {
            for (int i = 0; i < a.length; ) {
                int n = out.room(8, a.length - i);
                if (n == 0) {
                    out.writeLongLE(Double.doubleToRawLongBits(a[i]));
                    n = 1;
                } else {
                    out.putDoublesLE(a, i, n);
                }
                if (p != null) {
                    p.doubles(a, i, n);
                }
                i += n;
            }
        } else if (array instanceof int[] a) {
            for (int i = 0; i < a.length; ) {
                int n = out.room(4, a.length - i);
                if (n == 0) {
                    out.writeIntLE(a[i]);
                    n = 1;
                } else {
                    out.putIntsLE(a, i, n);
                }
                if (p != null) {
                    p.ints(a, i, n);
                }
                i += n;
            }
        } else if (array instanceof long[] a) {
            for (int i = 0; i < a.length; ) {
                int n = out.room(8, a.length - i);
                if (n == 0) {
                    out.writeLongLE(a[i]);
                    n = 1;
                } else {
                    out.putLongsLE(a, i, n);
                }
                if (p != null) {
                    p.longs(a, i, n);
                }
                i += n;
            }
        } else if (array instanceof short[] a) {
            for (short v : a) {
                out.writeShortLE(v);
                if (p != null) {
                    p.number(v, true);
                }
            }
        } else if (array instanceof byte[] a) {
            if (p != null) {
                for (byte v : a) {
                    p.number(v, true);
                }
            }
            out.write(a, 0, a.length);
        }
    }
}
