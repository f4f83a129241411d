package io.predlog.benchmarks.wholeprocess;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The predict methods the whole-process cases instrument, besides {@code io.predlog.benchmarks.FeatureModel}. */
public final class Models {

    private Models() {
    }

    /** A linear scorer over a float vector: one multiply-add per element. */
    public static final class Vector {
        private final float[] weights;

        public Vector(int length) {
            weights = new float[length];
            for (int i = 0; i < length; i++) {
                weights[i] = (i % 13 - 6) / 100f;
            }
        }

        public double predict(float[] input) {
            double sum = 0;
            for (int i = 0; i < input.length; i++) {
                sum += weights[i] * input[i];
            }
            return sum;
        }
    }

    /** A model that rejects every input, as one given a row it cannot score does. */
    public static final class Failing {
        public double predict(Map<String, Object> features) {
            throw new IllegalArgumentException("feature out of range: " + features.size() + " features given");
        }
    }

    /** A model whose call is ~32 µs of arithmetic on an unloaded core (a small tree ensemble's order of cost). */
    public static final class Busy {
        /** Iterations of a dependent multiply-add chain: ~32 µs on the 2-core EPYC VM these figures come from. */
        static final int ITERATIONS = 19_000;

        public double predict(Map<String, Object> features) {
            double x = features.size();
            for (int i = 0; i < ITERATIONS; i++) {
                x = x * 0.999_999_9 + 1e-7;
            }
            return x;
        }
    }

    /**
     * A real XGBoost model behind a service's predict method, as a churn service scores one request: the request's
     * feature map becomes one row of a {@code DMatrix}, the booster predicts it, the matrix is freed. The booster
     * (100 trees of depth 6, binary logistic, one thread) is trained when the model is made, on 4,000 rows drawn
     * from a fixed seed, so every JVM scores with the same trees.
     */
    public static final class Xgb {
        /** The features in the row's column order; a value that is not a number is missing (NaN). */
        static final List<String> COLUMNS = List.of("age", "tenure_months", "monthly_charges", "total_charges",
                "num_products", "support_calls", "late_payments", "logins_30d", "sessions_7d", "avg_session_min",
                "discount_pct", "contract_months", "credit_score", "income_k", "dependents", "devices",
                "days_since_upgrade", "plan");
        private static final int ROWS = 4_000;
        private static final int TREES = 100;

        private final Booster booster;

        public Xgb() throws XGBoostError {
            int columns = COLUMNS.size();
            float[] data = new float[ROWS * columns];
            float[] labels = new float[ROWS];
            SplittableRandom random = new SplittableRandom(42);
            for (int r = 0; r < ROWS; r++) {
                double z = 0;
                for (int c = 0; c < columns; c++) {
                    float v = (float) (random.nextDouble() * (c + 1) * 10);
                    data[r * columns + c] = v;
                    z += (c % 3 - 1) * v / ((c + 1) * 10.0);
                }
                labels[r] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1f : 0f;
            }
            DMatrix train = new DMatrix(data, ROWS, columns, Float.NaN);
            try {
                train.setLabel(labels);
                Map<String, Object> params = new HashMap<>();
                params.put("objective", "binary:logistic");
                params.put("max_depth", 6);
                params.put("eta", 0.1);
                params.put("nthread", 1);
                params.put("seed", 42);
                params.put("verbosity", 0);
                booster = XGBoost.train(train, params, TREES, new HashMap<>(), null, null);
            } finally {
                train.dispose();
            }
        }

        /** The churn probability of one request's features. */
        public double predict(Map<String, Object> features) throws XGBoostError {
            float[] row = new float[COLUMNS.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = features.get(COLUMNS.get(c)) instanceof Number n ? n.floatValue() : Float.NaN;
            }
            DMatrix matrix = new DMatrix(row, 1, row.length, Float.NaN);
            try {
                return booster.predict(matrix)[0][0];
            } finally {
                matrix.dispose();
            }
        }
    }
}
