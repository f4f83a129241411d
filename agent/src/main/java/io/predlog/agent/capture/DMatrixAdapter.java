package io.predlog.agent.capture;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * XGBoost4J's {@code ml.dmlc.xgboost4j.java.DMatrix} (and its subclasses), whose data lives in native memory
 * behind a {@code handle} field that is an address, different in every process and for every matrix, never a
 * value to hash (docs/HASHING.md, "Model libraries' types"):
 * <ul>
 *   <li>built from Java arrays the agent saw ({@link DMatrixData}): at the top level, exactly the typed tensor
 *       {@code f32[rows,cols]} of its cells (the digest made when it was built), so it hashes as the
 *       {@code float[rows][cols]} it was made from; its characteristics are that array's ({@code list_length},
 *       {@code shape}, {@code min}, {@code max}, {@code mean}, {@code nan_count}) under its own {@code type};
 *       nested in another value, the object {@code {"cols":…,"data":"<hex digest>","missing":…,"rows":…}};</li>
 *   <li>otherwise (read from a file, built from an iterator, or before the agent started): the object
 *       {@code {"rows":…}}, with {@code partial}: its data is not in the hash.</li>
 * </ul>
 * Library method called (resolved once per class, through the public lookup): {@code long rowNum()}, a read of
 * the native matrix's row count; its failure (a disposed matrix) leaves {@code rows} out. Nothing else of the
 * object is read.
 */
final class DMatrixAdapter implements ValueAdapter {

    static final String TYPE = "ml.dmlc.xgboost4j.java.DMatrix";
    private static final String[] NATIVE_FIELDS = {"rows"};
    private static final String[] NO_FIELDS = {};
    private static final String[] NESTED_FIELDS = {"cols", "data", "missing", "rows"};

    /** {@code rowNum()}: {@code (DMatrix) -> long}, or null when the class has none accessible. */
    private final MethodHandle rowNum;

    private DMatrixAdapter(MethodHandle rowNum) {
        this.rowNum = rowNum;
    }

    static ValueAdapter forType(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(TYPE)) {
                return new DMatrixAdapter(rowNum(c));
            }
        }
        return null;
    }

    private static MethodHandle rowNum(Class<?> dmatrix) {
        try {
            return MethodHandles.publicLookup().findVirtual(dmatrix, "rowNum", MethodType.methodType(long.class))
                    .asType(MethodType.methodType(long.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void write(Object value, CanonicalWalker walk) {
        MatrixDigest seen = DMatrixData.of(value);
        if (seen != null) {
            if (!walk.digested(value, seen)) {
                nested(value, seen, walk);
            }
            return;
        }
        walk.hidden(); // the data is native: the hash cannot cover it
        if (!walk.enterObject(value)) {
            return;
        }
        long rows = rows(value);
        boolean known = rows >= 0;
        walk.beginFields(known ? 1 : 0, known ? NATIVE_FIELDS : NO_FIELDS);
        if (known) {
            walk.key(0, "rows");
            walk.fieldValue(0, "rows", rows);
        }
        walk.endFields();
    }

    private static void nested(Object value, MatrixDigest seen, CanonicalWalker walk) {
        if (!walk.enterObject(value)) {
            return;
        }
        walk.beginFields(NESTED_FIELDS.length, NESTED_FIELDS);
        walk.key(0, "cols");
        walk.fieldValue(0, "cols", seen.cols());
        walk.key(1, "data");
        walk.fieldValue(1, "data", seen.hex(walk.keyed()));
        walk.key(2, "missing");
        walk.fieldValue(2, "missing", (double) seen.missing());
        walk.key(3, "rows");
        walk.fieldValue(3, "rows", seen.rows());
        walk.endFields();
    }

    private long rows(Object value) {
        if (rowNum == null) {
            return -1;
        }
        try {
            return (long) rowNum.invokeExact(value);
        } catch (Throwable disposedOrFailed) {
            return -1;
        }
    }
}
