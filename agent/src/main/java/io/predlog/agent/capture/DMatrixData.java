package io.predlog.agent.capture;

import io.predlog.agent.bootstrap.LibraryInputObserver;
import io.predlog.agent.context.WeakIdentityMap;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The data of each XGBoost {@code DMatrix} the agent saw being built from Java arrays, kept as a
 * {@link MatrixDigest} per object (weak keys, by identity) for {@link DMatrixAdapter}: XGBoost4J copies the data
 * into native memory and offers no way to read it back. Woven constructors ({@code instrument.LibraryInputs})
 * report here, on the building thread:
 *
 * <table>
 *   <caption>constructors read</caption>
 *   <tr><th>arguments</th><th>the matrix</th></tr>
 *   <tr><td>{@code float[] data, int nrow, int ncol[, float missing]}</td>
 *       <td>dense, row-major: the first {@code nrow * ncol} elements of {@code data}</td></tr>
 *   <tr><td>{@code long[] headers, int[] indices, float[] data, SparseType CSR, int ncol, float missing, int
 *       nthread}</td><td>{@code headers.length - 1} rows; {@code ncol} columns, or (0) one past the largest index;
 *       absent cells are NaN</td></tr>
 *   <tr><td>the same with {@code SparseType CSC}</td><td>{@code headers.length - 1} columns; rows as given, or one
 *       past the largest index</td></tr>
 * </table>
 *
 * The digest is that of the typed tensor {@code f32[rows,cols]} of the cells, row-major (docs/HASHING.md), with
 * the walk's byte bound; made once per object, so a call that passes the object costs one identity lookup.
 * The first report for an object wins (a constructor that delegates to another reports twice). The arrays are
 * read during the constructor's return and never kept. A matrix of at most {@value #LAZY_CELLS} cells (a service's
 * request of a row or a few) keeps a copy of its cells instead, digested when a target first takes the matrix: a copy
 * costs a fraction of a digest, and many matrices are built that no target takes (a service method that builds
 * one to call the booster, where the service method is the target). What is kept for a matrix goes when its
 * {@code dispose()} returns, or else when the collector clears it.
 */
public final class DMatrixData implements LibraryInputObserver {

    /**
     * The most cells a matrix may have for its digest to wait until a target takes it: 4 KB of floats, so that an
     * application holding many small matrices alive holds little more with them.
     */
    static final int LAZY_CELLS = 1_024;

    /** Per matrix: its {@link MatrixDigest}, or its {@link Pending} cells until a target takes it. */
    private static final WeakIdentityMap<Object> SEEN = new WeakIdentityMap<>();

    private final long maxBytes;
    private final byte[] key;
    private final ThreadLocal<Scratch> scratch;

    /** Digests with the agent's hash settings (byte bound, HMAC key). */
    public DMatrixData(HashSettings settings) {
        this.maxBytes = settings.maxBytes();
        this.key = settings.hmacKey();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(key));
    }

    /** What was seen of {@code matrix}'s data, or null when it was not built from Java arrays the agent saw. */
    static MatrixDigest of(Object matrix) {
        Object seen = SEEN.get(matrix);
        return seen instanceof Pending p ? p.digest() : (MatrixDigest) seen;
    }

    /**
     * A small matrix's cells (a copy, or the dense layout of a sparse one), digested when a target first takes it;
     * the digest then replaces the cells in this object, so that the map is written once per matrix.
     */
    private static final class Pending {
        private final DMatrixData owner;
        private final int rows;
        private final int cols;
        private final float missing;
        private float[] cells;                  // until digested; guarded by this
        private volatile MatrixDigest digest;

        Pending(DMatrixData owner, float[] cells, int rows, int cols, float missing) {
            this.owner = owner;
            this.cells = cells;
            this.rows = rows;
            this.cols = cols;
            this.missing = missing;
        }

        MatrixDigest digest() {
            MatrixDigest d = digest;
            if (d == null) {
                synchronized (this) {
                    d = digest;
                    if (d == null) {
                        d = owner.digest(cells, cells.length, rows, cols, missing);
                        digest = d;
                        cells = null;
                    }
                }
            }
            return d;
        }
    }

    @Override
    public void built(Object built, Object[] arguments) {
        if (arguments == null || SEEN.get(built) != null) {
            return;
        }
        Object d = null;
        if (arguments.length >= 3 && arguments[0] instanceof float[] data
                && arguments[1] instanceof Integer nrow && arguments[2] instanceof Integer ncol) {
            float missing = arguments.length >= 4 && arguments[3] instanceof Float m ? m : Float.NaN;
            d = dense(data, nrow, ncol, missing);
        } else if (arguments.length >= 4 && arguments[0] instanceof long[] headers
                && arguments[1] instanceof int[] indices && arguments[2] instanceof float[] data
                && arguments[3] instanceof Enum<?> sparseType) {
            int shape = arguments.length >= 5 && arguments[4] instanceof Integer s ? s : 0;
            float missing = arguments.length >= 6 && arguments[5] instanceof Float m ? m : Float.NaN;
            d = sparse(headers, indices, data, "CSC".equals(sparseType.name()), shape, missing);
        }
        if (d != null) {
            SEEN.put(built, d);
        }
    }

    @Override
    public void released(Object released) {
        SEEN.remove(released);
    }

    private Object dense(float[] data, int rows, int cols, float missing) {
        if (rows < 0 || cols < 0 || (long) rows * cols > data.length) {
            return null; // the library refuses these; nothing to keep
        }
        int count = (int) Math.min((long) rows * cols, cellBound());
        return count <= LAZY_CELLS ? new Pending(this, Arrays.copyOf(data, count), rows, cols, missing)
                : digest(data, count, rows, cols, missing);
    }

    /**
     * A sparse matrix, laid out dense (absent cells NaN) for as many cells as the byte bound lets be hashed: at most
     * {@code max_bytes / 4} floats are made, whatever the matrix's size.
     */
    private Object sparse(long[] headers, int[] indices, float[] data, boolean csc, int shape, float missing) {
        int major = headers.length - 1;
        if (major < 0 || headers[major] > Math.min(indices.length, data.length)) {
            return null;
        }
        int minor = shape;
        if (minor <= 0) {
            int largest = -1;
            for (long i = 0; i < headers[major]; i++) {
                largest = Math.max(largest, indices[(int) i]);
            }
            minor = largest + 1;
        }
        int rows = csc ? minor : major;
        int cols = csc ? major : minor;
        long cells = Math.min((long) rows * cols, cellBound());
        float[] dense = new float[(int) cells];
        Arrays.fill(dense, Float.NaN);
        for (int m = 0; m < major; m++) {
            for (long i = headers[m]; i < headers[m + 1]; i++) {
                int n = indices[(int) i];
                if (n < 0 || n >= minor) {
                    return null; // the library refuses an index out of the shape
                }
                long cell = csc ? (long) n * cols + m : (long) m * cols + n;
                if (cell < cells) {
                    dense[(int) cell] = data[(int) i];
                }
            }
        }
        return cells <= LAZY_CELLS ? new Pending(this, dense, rows, cols, missing)
                : digest(dense, (int) cells, rows, cols, missing);
    }

    /** How many cells are enough to meet the byte bound after the header: more are never hashed. */
    private long cellBound() {
        return Math.min(Integer.MAX_VALUE - 8, maxBytes / 4 + 1);
    }

    /** Digests the tensor {@code f32[rows,cols]} whose first {@code count} cells are {@code cells[0, count)}. */
    private MatrixDigest digest(float[] cells, int count, int rows, int cols, float missing) {
        Scratch s = scratch.get();
        Stats stats = new Stats();
        long size = write(s, s.plain, cells, count, rows, cols, stats);
        boolean truncated = s.out.boundMet();
        byte[] plain = finish(s.plain);
        byte[] keyed = null;
        if (s.keyed != null) {
            write(s, s.keyed, cells, count, rows, cols, null);
            keyed = finish(s.keyed);
        }
        return new MatrixDigest(rows, cols, missing, plain, keyed, size, truncated,
                stats.numeric, stats.nan, stats.min, stats.max, stats.sum);
    }

    private long write(Scratch s, MessageDigest digest, float[] cells, int count, int rows, int cols, Stats stats) {
        DigestWriter out = s.out;
        digest.reset();
        out.start(digest, maxBytes);
        try {
            out.writeAscii("f32[");
            JcsNumber.writeLong(out, rows);
            out.write(',');
            JcsNumber.writeLong(out, rows == 0 ? 0 : cols); // as a Java float[0][] is written: no row, no length
            out.write(']');
            out.write('\n');
            for (int i = 0; i < count; i++) {
                float v = cells[i];
                out.writeIntLE(Float.floatToRawIntBits(v));
                if (stats != null) {
                    stats.add(v);
                }
            }
        } catch (BoundReached e) {
            // the bytes up to the bound are hashed, as for an array
        }
        out.finish();
        return out.count();
    }

    private static byte[] finish(MessageDigest digest) {
        byte[] d = new byte[32];
        try {
            digest.digest(d, 0, 32);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        return d;
    }

    /** Statistics of the cells hashed, as the characteristics of a {@code float[][]} have them. */
    private static final class Stats {
        long numeric;
        long nan;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;

        void add(float v) {
            if (v != v) {
                nan++;
                return;
            }
            numeric++;
            sum += v;
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
    }

    /** One thread's writer and digests. */
    private static final class Scratch {
        final DigestWriter out = new DigestWriter();
        final MessageDigest plain;
        final MessageDigest keyed;

        Scratch(byte[] key) {
            try {
                plain = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
            keyed = key == null ? null : new MacDigest(key);
        }
    }
}
