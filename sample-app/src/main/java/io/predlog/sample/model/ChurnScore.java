package io.predlog.sample.model;

/**
 * What {@link TabularModel#predict(java.util.Map)} returns.
 *
 * @param probability the predicted probability of the positive class, in [0, 1]
 * @param label       the positive or the negative label, by the model's threshold
 * @param logit       the linear score before the sigmoid
 */
public record ChurnScore(double probability, String label, double logit) {
}
