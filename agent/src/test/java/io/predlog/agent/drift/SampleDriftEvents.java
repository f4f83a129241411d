package io.predlog.agent.drift;

import io.predlog.agent.event.Event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Drift events as {@link DriftMonitor} builds them, for the event schema test: together they write every field
 * of {@code drift_detected} and {@code drift_resolved} (numeric and categorical bins, the past-the-cap bucket,
 * PSI severity, and events without {@code model_version}).
 */
public final class SampleDriftEvents {

    private SampleDriftEvents() {
    }

    /** {@code drift_detected}: numeric PSI (moderate, then escalated) and KS; categorical PSI and JS. */
    public static List<Event> detected() {
        return scenario().detected;
    }

    /** {@code drift_resolved}: the same features returning to their baseline. */
    public static List<Event> resolved() {
        return scenario().resolved;
    }

    private record Events(List<Event> detected, List<Event> resolved) {
    }

    private static Events scenario() {
        Random r = new Random(1);
        Map<String, Long> usual = new LinkedHashMap<>(Map.of("DE", 2000L, "FR", 1500L, "IT", 1000L));
        Map<String, Distribution> base = new LinkedHashMap<>();
        base.put("amount", Synthetic.numeric(5000, r::nextGaussian));
        base.put("country", new Distribution.Categorical(usual, 500));
        List<Event> detected = new ArrayList<>();
        List<Event> resolved = new ArrayList<>();
        for (WindowInfo info : List.of(Synthetic.window(1),
                new WindowInfo("batch", "churn", null, 1_795_000_000_000L, 1_795_000_060_000L, 1000))) {
            DriftMonitor m = new DriftMonitor(DriftSettings.defaults(), Baseline.of("learned", 5000, base));
            Map<String, Long> shifted = new LinkedHashMap<>(Map.of("DE", 100L, "FR", 300L, "PL", 500L));
            detected.addAll(m.score(info, Map.of("amount", Synthetic.numeric(1000, () -> r.nextGaussian() + 0.4),
                    "country", new Distribution.Categorical(shifted, 400)), 1_795_000_060_001L).events());
            detected.addAll(m.score(info, Map.of("amount", Synthetic.numeric(1000, () -> r.nextGaussian() + 2)),
                    1_795_000_120_000L).events());
            resolved.addAll(m.score(info, Map.of("amount", Synthetic.numeric(1000, r::nextGaussian),
                    "country", new Distribution.Categorical(Map.of("DE", 400L, "FR", 300L, "IT", 200L), 100)),
                    1_795_000_180_000L).events());
        }
        return new Events(detected, resolved);
    }
}
