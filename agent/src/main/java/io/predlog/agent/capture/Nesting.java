package io.predlog.agent.capture;

import java.lang.reflect.Array;

/** A flat primitive array of row-major elements as the nesting of arrays of a shape ({@code float[2][3]} from 6 floats). */
final class Nesting {

    private Nesting() {
    }

    /**
     * {@code flat} as nested arrays of {@code shape}: {@code flat} itself for rank 1, its one element for rank 0
     * (boxed), otherwise new arrays whose innermost rows are copies of {@code flat}'s runs.
     *
     * @throws IllegalArgumentException when {@code flat} does not hold that many elements
     */
    static Object of(Object flat, int[] shape) {
        int length = Array.getLength(flat);
        if (TensorWriter.elementCount(shape) != length) {
            throw new IllegalArgumentException("a tensor of shape " + java.util.Arrays.toString(shape) + " cannot hold "
                    + length + " elements");
        }
        if (shape.length == 0) {
            return Array.get(flat, 0);
        }
        if (shape.length == 1) {
            return flat;
        }
        Object nested = Array.newInstance(flat.getClass().getComponentType(), shape);
        fill(nested, flat, shape, 0, 0);
        return nested;
    }

    /** Copies the elements from {@code offset} into {@code array}, level {@code level} of the shape; returns the next offset. */
    private static int fill(Object array, Object flat, int[] shape, int level, int offset) {
        if (level == shape.length - 1) {
            System.arraycopy(flat, offset, array, 0, shape[level]);
            return offset + shape[level];
        }
        int next = offset;
        for (Object row : (Object[]) array) {
            next = fill(row, flat, shape, level + 1, next);
        }
        return next;
    }
}
