package io.predlog.agent.drift;

import java.util.Map;

/**
 * Scores each window of one model version against its baseline and keeps each feature's drift state, so that
 * crossing a threshold emits {@code drift_detected} once and returning under it {@code drift_resolved}.
 * Used by the statistics thread only. SKELETON: the drift work fills it in.
 */
public final class DriftMonitor {

    private final DriftSettings settings;
    private final Baseline baseline;

    public DriftMonitor(DriftSettings settings, Baseline baseline) {
        this.settings = settings;
        this.baseline = baseline;
    }

    public Baseline baseline() {
        return baseline;
    }

    /**
     * Scores one closed window.
     *
     * @param window the window's distributions per feature (features missing from the baseline are not scored)
     * @param now    epoch milliseconds: the {@code timestamp} of the events
     */
    public DriftReport score(WindowInfo info, Map<String, Distribution> window, long now) {
        return DriftReport.EMPTY;
    }
}
