package io.predlog.agent.drift;

import io.predlog.agent.event.DerivedEvent;
import io.predlog.agent.event.Level;
import io.predlog.agent.event.UtcMillisFormat;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the {@code drift_detected} and {@code drift_resolved} events (docs/EVENTS.md, docs/schemas). */
final class DriftEvents {

    static final String DETECTED = "drift_detected";
    static final String RESOLVED = "drift_resolved";
    static final int TOP_MOVED_BINS = 5;

    private DriftEvents() {
    }

    /**
     * A feature crossed its threshold on one metric (or, for PSI, escalated to {@code significant}).
     *
     * @param severity for PSI, {@code moderate} or {@code significant}; null for other metrics
     */
    static DerivedEvent detected(WindowInfo info, Baseline baseline, String feature, String metric, double value,
                                 double threshold, String severity, long baselineCount, long windowCount,
                                 Comparison comparison, long now) {
        Map<String, Object> fields = common(info, feature, metric, value, threshold);
        fields.put("severity", severity);
        fields.put("baseline", baseline(baseline, baselineCount));
        fields.put("window", window(info, windowCount));
        fields.put("top_moved_bins", comparison == null ? null : comparison.topMoved(TOP_MOVED_BINS));
        return new DerivedEvent(DETECTED, Level.WARN, now, Thread.currentThread().getName(), fields);
    }

    /** A drifting feature's score returned under its threshold. */
    static DerivedEvent resolved(WindowInfo info, Baseline baseline, String feature, String metric, double value,
                                 double threshold, long baselineCount, long windowCount, long now) {
        Map<String, Object> fields = common(info, feature, metric, value, threshold);
        fields.put("baseline", baseline(baseline, baselineCount));
        fields.put("window", window(info, windowCount));
        return new DerivedEvent(RESOLVED, Level.INFO, now, Thread.currentThread().getName(), fields);
    }

    private static Map<String, Object> common(WindowInfo info, String feature, String metric, double value,
                                              double threshold) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("target", info.target());
        fields.put("model_id", info.modelId());
        fields.put("model_version", info.modelVersion());
        fields.put("feature", feature);
        fields.put("metric", metric);
        fields.put("value", round(value));
        fields.put("threshold", threshold);
        return fields;
    }

    private static Map<String, Object> baseline(Baseline baseline, long count) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("source", baseline.source());
        b.put("calls", baseline.calls());
        b.put("count", count);
        return b;
    }

    private static Map<String, Object> window(WindowInfo info, long count) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("start", UtcMillisFormat.text(info.windowStartMillis()));
        w.put("end", UtcMillisFormat.text(info.windowEndMillis()));
        w.put("count", count);
        return w;
    }

    /** Scores and proportions to six decimals: more would be noise (sketch error is ~1%), less hides small bins. */
    static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }
}
