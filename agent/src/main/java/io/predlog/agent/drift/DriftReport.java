package io.predlog.agent.drift;

import io.predlog.agent.event.Event;

import java.util.List;

/**
 * What scoring one window gave: every score (for {@code model_stats} and the metrics endpoint) and the events to
 * emit ({@code drift_detected}, {@code drift_resolved}).
 */
public record DriftReport(List<DriftScore> scores, List<Event> events) {

    public static final DriftReport EMPTY = new DriftReport(List.of(), List.of());
}
