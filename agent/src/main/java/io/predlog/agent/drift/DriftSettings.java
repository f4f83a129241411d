package io.predlog.agent.drift;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigKeys;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Drift detection settings, read from the {@code predlog.drift.*} keys; docs/DRIFT.md gives each
 * default's source.
 *
 * @param enabled          whether windows are scored at all
 * @param baselineSize     a learned baseline is the first this many predictions of a model version
 * @param baselineFiles    baseline files given in the config ({@link BaselineFiles#read})
 * @param bins             numeric features: bins at this many baseline quantiles (equal edges merged)
 * @param minSamples       a feature is scored only when the window (and the baseline) has at least this many
 *                         values of it
 * @param psiThreshold     PSI at or above this is drift (severity {@code moderate})
 * @param psiSignificant   PSI at or above this is severity {@code significant}
 * @param ksThreshold      Kolmogorov–Smirnov D at or above this is drift (numeric features)
 * @param jsThreshold      Jensen–Shannon distance (base 2) at or above this is drift (categorical features)
 * @param alpha            a score also has to be significant at this level given the window's and the baseline's
 *                         sizes, so small windows do not alarm on sampling noise; 1 turns that check off
 */
public record DriftSettings(boolean enabled, long baselineSize, List<Path> baselineFiles, int bins, long minSamples,
                            double psiThreshold, double psiSignificant, double ksThreshold, double jsThreshold,
                            double alpha) {

    public static final long DEFAULT_BASELINE_SIZE = 5000;
    public static final int DEFAULT_BINS = 10;
    public static final long DEFAULT_MIN_SAMPLES = 500;
    public static final double DEFAULT_PSI_THRESHOLD = 0.1;
    public static final double DEFAULT_PSI_SIGNIFICANT = 0.25;
    public static final double DEFAULT_KS_THRESHOLD = 0.1;
    public static final double DEFAULT_JS_THRESHOLD = 0.1;
    public static final double DEFAULT_ALPHA = 0.001;

    public DriftSettings {
        baselineFiles = List.copyOf(baselineFiles);
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be at least 2, got " + bins);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
    }

    /** The defaults with this baseline size and these files (the skeleton's constructor). */
    public DriftSettings(long baselineSize, List<Path> baselineFiles) {
        this(true, baselineSize, baselineFiles, DEFAULT_BINS, DEFAULT_MIN_SAMPLES, DEFAULT_PSI_THRESHOLD,
                DEFAULT_PSI_SIGNIFICANT, DEFAULT_KS_THRESHOLD, DEFAULT_JS_THRESHOLD, DEFAULT_ALPHA);
    }

    /** Every default; no baseline files. */
    public static DriftSettings defaults() {
        return new DriftSettings(DEFAULT_BASELINE_SIZE, List.of());
    }

    /** The settings a validated configuration gives (the loader has already checked each key's value). */
    public static DriftSettings from(AgentConfig config) {
        return new DriftSettings(
                config.bool(ConfigKeys.DRIFT_ENABLED),
                config.number(ConfigKeys.DRIFT_BASELINE_SIZE),
                paths(config.text(ConfigKeys.DRIFT_BASELINE)),
                (int) config.number(ConfigKeys.DRIFT_BINS),
                config.number(ConfigKeys.DRIFT_MIN_SAMPLES),
                config.decimal(ConfigKeys.DRIFT_PSI_THRESHOLD),
                config.decimal(ConfigKeys.DRIFT_PSI_SIGNIFICANT),
                config.decimal(ConfigKeys.DRIFT_KS_THRESHOLD),
                config.decimal(ConfigKeys.DRIFT_JS_THRESHOLD),
                config.decimal(ConfigKeys.DRIFT_ALPHA));
    }

    /** A copy with other thresholds (tests, and callers that tune one value). */
    public DriftSettings withThresholds(double psi, double psiSignificant, double ks, double js) {
        return new DriftSettings(enabled, baselineSize, baselineFiles, bins, minSamples, psi, psiSignificant, ks, js,
                alpha);
    }

    /** A copy with another minimum window size. */
    public DriftSettings withMinSamples(long minSamples) {
        return new DriftSettings(enabled, baselineSize, baselineFiles, bins, minSamples, psiThreshold, psiSignificant,
                ksThreshold, jsThreshold, alpha);
    }

    /** A copy with another significance level ({@code 1}: no significance check). */
    public DriftSettings withAlpha(double alpha) {
        return new DriftSettings(enabled, baselineSize, baselineFiles, bins, minSamples, psiThreshold, psiSignificant,
                ksThreshold, jsThreshold, alpha);
    }

    /** {@code predlog.drift.baseline}: comma-separated paths, blanks ignored. */
    static List<Path> paths(String value) {
        List<Path> paths = new ArrayList<>();
        if (value != null) {
            for (String piece : value.split(",")) {
                if (!piece.isBlank()) {
                    try {
                        paths.add(Path.of(piece.trim()));
                    } catch (InvalidPathException e) {
                        throw new IllegalArgumentException(ConfigKeys.DRIFT_BASELINE.name() + ": '" + piece.trim()
                                + "' is not a valid path: " + e.getReason());
                    }
                }
            }
        }
        return paths;
    }
}
