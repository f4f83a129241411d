package io.predlog.agent.capture;

/**
 * What the capture keeps of a matrix whose data it saw being handed to a model library (an XGBoost
 * {@code DMatrix} built from a {@code float[]}), in place of the data: the typed-tensor digest of that data as a
 * {@code float[rows][cols]} (docs/HASHING.md) and its characteristics. Made once, when the library builds the
 * object ({@link DMatrixData}); read on every call that passes the object ({@link DMatrixAdapter}).
 *
 * @param rows      rows of the matrix
 * @param cols      columns of the matrix
 * @param missing   the value the library treats as missing ({@code NaN} unless the application chose another)
 * @param plain     SHA-256 of the tensor's canonical bytes (32 bytes; never modified)
 * @param keyed     HMAC-SHA256 of the same bytes with {@code predlog.hash.key}, or null without a key
 * @param size      the canonical byte count ({@code input_size})
 * @param truncated whether {@code predlog.hash.max_bytes} cut the bytes short
 * @param numeric   how many cells (of those hashed) are numbers other than NaN
 * @param nanCount  how many cells (of those hashed) are NaN, absent cells of a sparse matrix included
 * @param min       the smallest non-NaN cell, or +Infinity when there is none
 * @param max       the largest non-NaN cell, or -Infinity when there is none
 * @param sum       the sum of the non-NaN cells
 */
record MatrixDigest(int rows, int cols, float missing, byte[] plain, byte[] keyed, long size, boolean truncated,
                    long numeric, long nanCount, double min, double max, double sum) {

    /** The digest a walk with {@code keyedWalk} (HMAC-SHA256) or without it (SHA-256) would have produced. */
    byte[] digest(boolean keyedWalk) {
        return keyedWalk && keyed != null ? keyed : plain;
    }

    /** The digest written where the matrix is nested in another value: lowercase hex. */
    String hex(boolean keyedWalk) {
        byte[] d = digest(keyedWalk);
        StringBuilder s = new StringBuilder(d.length * 2);
        for (byte b : d) {
            s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return s.toString();
    }
}
