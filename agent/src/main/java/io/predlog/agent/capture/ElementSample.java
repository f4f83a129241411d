package io.predlog.agent.capture;

import java.util.Arrays;

/**
 * A bounded, evenly strided sample of an array's numbers, for an {@link Features#ELEMENTS} feature: at most
 * {@code maxElements} of them, every stride-th in row-major order starting with the first. Two ways: streamed
 * while a collection or object array is walked (the stride doubles, and every other kept number is dropped,
 * whenever the sample is full, since the count is not known in advance), or taken directly from a nesting of a
 * primitive array whose count is known ({@link #of}). Reusable per thread; not thread-safe.
 */
final class ElementSample {

    private static final double[] NONE = new double[0];

    private final int maxElements;
    private double[] sample;
    private int sampled;
    private long seen;
    private long stride;
    // taking directly from a nesting: numbers passed, numbers taken
    private long offset;
    private int filled;

    ElementSample(int maxElements) {
        this.maxElements = maxElements;
    }

    /** Starts a streamed sample. */
    void begin() {
        if (sample == null) {
            sample = new double[Math.min(maxElements, 64)];
        }
        sampled = 0;
        seen = 0;
        stride = 1;
    }

    /** The next number of the array, in row-major order. */
    void add(double d) {
        long i = seen++;
        if ((i & (stride - 1)) != 0) {
            return;
        }
        if (sampled == maxElements) {
            if (sampled == 0) {
                return;
            }
            int kept = 0;
            for (int k = 0; k < sampled; k += 2) {
                sample[kept++] = sample[k];
            }
            sampled = kept;
            stride <<= 1;
            if ((i & (stride - 1)) != 0) {
                return;
            }
        }
        if (sampled == sample.length) {
            sample = Arrays.copyOf(sample, (int) Math.min(maxElements, sample.length * 2L));
        }
        sample[sampled++] = d;
    }

    /** A primitive array met inside the array being sampled: its numbers, visiting only those a stride picks. */
    void addAll(Object array, int length) {
        int i = 0;
        while (i < length) {
            long skip = (stride - (seen & (stride - 1))) & (stride - 1);
            if (skip >= length - i) {
                seen += length - i;
                return;
            }
            i += (int) skip;
            seen += skip;
            add(at(array, i));
            i++;
        }
    }

    /** How many numbers the streamed array held. */
    long seen() {
        return seen;
    }

    /** A copy of the streamed sample. */
    double[] elements() {
        return sampled == 0 ? NONE : Arrays.copyOf(sample, sampled);
    }

    /** How many numbers a nesting of a primitive array holds, or -1 if a row is null. */
    static long count(Object array) {
        if (array instanceof Object[] rows) {
            long total = 0;
            for (Object row : rows) {
                long n = row == null ? -1 : count(row);
                if (n < 0) {
                    return -1;
                }
                total += n;
            }
            return total;
        }
        return java.lang.reflect.Array.getLength(array);
    }

    /** Every stride-th of the {@code total} numbers of a nesting of a primitive array, at most {@code maxElements}. */
    double[] of(Object array, long total) {
        long step = total <= maxElements ? 1 : (total + maxElements - 1) / Math.max(1, maxElements);
        int n = total == 0 || maxElements == 0 ? 0 : (int) ((total - 1) / step + 1);
        if (n == 0) {
            return NONE;
        }
        double[] out = new double[n];
        offset = 0;
        filled = 0;
        pick(array, step, out);
        return out;
    }

    private void pick(Object array, long step, double[] out) {
        if (array instanceof Object[] rows) {
            for (Object row : rows) {
                pick(row, step, out);
            }
            return;
        }
        int length = java.lang.reflect.Array.getLength(array);
        long first = (offset + step - 1) / step * step;
        for (long i = first; i < offset + length && filled < out.length; i += step) {
            out[filled++] = at(array, (int) (i - offset));
        }
        offset += length;
    }

    private static double at(Object a, int i) {
        if (a instanceof double[] d) {
            return d[i];
        } else if (a instanceof float[] f) {
            return f[i];
        } else if (a instanceof int[] x) {
            return x[i];
        } else if (a instanceof long[] x) {
            return x[i];
        } else if (a instanceof short[] x) {
            return x[i];
        }
        return ((byte[]) a)[i];
    }
}
