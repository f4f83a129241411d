package io.predlog.benchmarks.wholeprocess;

import java.util.Map;

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
}
