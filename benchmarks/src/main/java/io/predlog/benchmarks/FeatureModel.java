package io.predlog.benchmarks;

import java.util.Map;

/** A logistic-regression-like model over named features: the "predict" that the benchmarks instrument. */
public final class FeatureModel {

    private final Map<String, Double> weights;

    public FeatureModel(Map<String, Double> weights) {
        this.weights = weights;
    }

    /** Sigmoid of the weighted sum of the numeric features. */
    public double predict(Map<String, Object> features) {
        double sum = 0;
        for (Map.Entry<String, Object> feature : features.entrySet()) {
            Double weight = weights.get(feature.getKey());
            if (weight != null && feature.getValue() instanceof Number number) {
                sum += weight * number.doubleValue();
            }
        }
        return 1.0 / (1.0 + Math.exp(-sum));
    }
}
