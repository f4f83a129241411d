package io.predlog.agent.drift;

/**
 * One feature's score on one metric in one window.
 *
 * @param feature   the feature name
 * @param metric    {@code psi}, {@code ks} or {@code js}
 * @param value     the score
 * @param threshold the threshold it is compared with
 * @param drifting  whether the feature is in the drifting state for this metric after this window
 */
public record DriftScore(String feature, String metric, double value, double threshold, boolean drifting) {

    /** Population stability index (numeric and categorical features). */
    public static final String PSI = "psi";
    /** Kolmogorov–Smirnov statistic D (numeric features). */
    public static final String KS = "ks";
    /** Jensen–Shannon distance, base 2 (categorical features). */
    public static final String JS = "js";
}
