package io.predlog.sample.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A churn model's retention curve: the survival {@code decay^m} of each month {@code m} of a customer's
 * tenure, averaged, times a weight, added to the logit (model file key {@code tenure_curve = feature decay
 * weight}).
 *
 * <p><b>Planted fault</b> for the demo's out-of-memory incident (README, "The demo"): the curve is built
 * month by month in a list before it is averaged, and nothing bounds the month count, so one input with
 * an absurd tenure (billions of months) allocates until the heap is gone.
 *
 * @param feature the numeric feature holding the tenure in months
 * @param decay   the monthly survival factor, in (0, 1)
 * @param weight  the weight of the curve's mean in the logit
 */
record TenureCurve(String feature, double decay, double weight) {

    /** The curve's mean times the weight; 0 for a tenure under one month. */
    double contribution(double months) {
        List<Double> curve = new ArrayList<>();
        double survival = 1;
        for (long m = 0; m < months; m++) {
            curve.add(survival);
            survival *= decay;
        }
        if (curve.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (double s : curve) {
            sum += s;
        }
        return weight * sum / curve.size();
    }
}
