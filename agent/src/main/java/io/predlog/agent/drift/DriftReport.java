package io.predlog.agent.drift;

import io.predlog.agent.event.Event;

import java.util.List;
import java.util.Map;

/**
 * What scoring one window gave: every score (for {@code model_stats} and the metrics endpoint), the events to
 * emit ({@code drift_detected}, {@code drift_resolved}), and the baseline's features that were not scored because
 * the window (or the baseline) had fewer than {@code predlog.drift.min_samples} values of them.
 *
 * @param scores    one per scored feature and metric, features in name order
 * @param events    drift events, in the order to emit them
 * @param notScored feature name → the window's count of its values, for features the baseline knows but that
 *                  were not scored this window
 */
public record DriftReport(List<DriftScore> scores, List<Event> events, Map<String, Long> notScored) {

    public static final DriftReport EMPTY = new DriftReport(List.of(), List.of(), Map.of());

    public DriftReport {
        scores = List.copyOf(scores);
        events = List.copyOf(events);
        notScored = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(notScored));
    }

    /**
     * This report followed by {@code other}'s (an output's after an input's): scores, events and features not scored.
     * A feature named in both keeps this report's count in {@code notScored}.
     */
    public DriftReport and(DriftReport other) {
        if (other.scores.isEmpty() && other.events.isEmpty() && other.notScored.isEmpty()) {
            return this;
        }
        List<DriftScore> s = new java.util.ArrayList<>(scores);
        s.addAll(other.scores);
        List<Event> e = new java.util.ArrayList<>(events);
        e.addAll(other.events);
        Map<String, Long> n = new java.util.LinkedHashMap<>(other.notScored);
        n.putAll(notScored);
        return new DriftReport(s, e, n);
    }

    /** A report in which every baseline feature was scored. */
    public DriftReport(List<DriftScore> scores, List<Event> events) {
        this(scores, events, Map.of());
    }
}
