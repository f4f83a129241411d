package io.predlog.agent.capture;

/**
 * XGBoost4J's {@code ml.dmlc.xgboost4j.java.DMatrix} (and its subclasses), whose data lives in native memory
 * behind a {@code handle} field that is an address, different in every process and for every matrix, never a
 * value to hash (docs/HASHING.md, "XGBoost4J and Tribuo"):
 * <ul>
 *   <li>built from Java arrays the agent saw ({@link DMatrixData}): at the top level, exactly the typed tensor
 *       {@code f32[rows,cols]} of its cells (the digest made when it was built), so it hashes as the
 *       {@code float[rows][cols]} it was made from; its characteristics are that array's ({@code list_length},
 *       {@code shape}, {@code min}, {@code max}, {@code mean}, {@code nan_count}) under its own {@code type};
 *       nested in another value, the object {@code {"cols":…,"data":"<hex digest>","missing":…,"rows":…}};</li>
 *   <li>otherwise (read from a file, built from an iterator, or before the agent started): native state
 *       ({@link CanonicalWalker#nativeState}): no hash is made up for data that was not seen.</li>
 * </ul>
 * No method or field of the object is read: the adapter looks the object up by identity.
 */
final class DMatrixAdapter implements ValueAdapter {

    static final String TYPE = "ml.dmlc.xgboost4j.java.DMatrix";
    private static final DMatrixAdapter INSTANCE = new DMatrixAdapter();
    private static final String[] NESTED_FIELDS = {"cols", "data", "missing", "rows"};

    private DMatrixAdapter() {
    }

    static ValueAdapter forType(Class<?> type) {
        return LibraryAdapter.supertypeNamed(type, TYPE) == null ? null : INSTANCE;
    }

    @Override
    public void write(Object value, CanonicalWalker walk) {
        MatrixDigest seen = DMatrixData.of(value);
        if (seen == null) {
            walk.nativeState(); // the data is native and was not seen: no hash can cover it
            return;
        }
        if (!walk.digested(value, seen)) {
            nested(value, seen, walk);
        }
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
}
