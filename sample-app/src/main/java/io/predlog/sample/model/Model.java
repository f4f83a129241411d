package io.predlog.sample.model;

/**
 * A loaded, immutable model version. Implementations add their own typed {@code predict} method
 * ({@link TabularModel#predict(java.util.Map)}, {@link VectorModel#predict(float[])}); the service
 * picks the one that fits the model's {@link #kind()}.
 */
public interface Model {
    /** The model's name, e.g. {@code churn}. */
    String name();

    /** The version that was loaded, e.g. {@code v2}. */
    String version();

    /** Which input shape the model takes. */
    Kind kind();

    /** Input shapes the service knows how to decode from JSON. */
    enum Kind {
        /** A JSON object of named features, scored by {@link TabularModel}. */
        TABULAR,
        /** A JSON array of numbers, scored by {@link VectorModel}. */
        VECTOR
    }
}
