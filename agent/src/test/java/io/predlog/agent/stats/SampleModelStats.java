package io.predlog.agent.stats;

import io.predlog.agent.drift.BaselineFiles;
import io.predlog.agent.drift.DriftSettings;
import io.predlog.agent.event.DerivedEvent;
import io.predlog.agent.event.Event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code model_stats} events as the statistics thread builds them, between them writing every field the schema
 * declares: for the event reference's schema test.
 */
public final class SampleModelStats {

    private SampleModelStats() {
    }

    /**
     * A busy window (every kind of feature, of inputs and outputs, errors, novelty, caps, drift scored) and an idle,
     * partial one.
     */
    public static List<Event> variants() {
        DriftSettings drift = new DriftSettings(200, List.of()).withMinSamples(50);
        StatsFixture f = new StatsFixture(StatsFixture.settings(64, 8, 5, 2, Set.of("country")), StatsListener.NONE,
                drift, BaselineFiles.NONE);
        Random random = new Random(3);
        String[] countries = {"DE", "FR", "US"};
        for (int window = 0; window < 2; window++) {
            for (int i = 0; i < 300; i++) {
                Map<String, Object> row = new HashMap<>();
                row.put("age", 20 + random.nextInt(60));
                row.put("email", "c" + random.nextInt(5) + "@example.com");
                row.put("country", countries[random.nextInt(3)]);
                row.put("missing", null);
                row.put("mixed", i % 2 == 0 ? 1.5 : "text");
                row.put("vip", i % 3 == 0); // past max_features = 5: counted in features_untracked
                f.recorder.prediction("score", "churn", "3", 1000 + i, i % 50 == 0 ? "java.lang.IllegalStateException"
                        : i % 70 == 0 ? "java.lang.ArithmeticException" : i % 90 == 0 ? "java.lang.Error" : null,
                        StatsFixture.input(row), i % 2 == 0 ? StatsFixture.output(new double[] {0.2, 0.8})
                                : StatsFixture.output(Map.of("a", 1, "b", 2, "c", 3)), // past max_features
                        i % 4 != 0);
                if (i % 60 == 0) {
                    f.thread.drain(Integer.MAX_VALUE); // keep the small queue from overflowing, except below
                }
            }
            f.closeWindow();
        }
        for (int i = 0; i < 100; i++) { // overflows the queue of 64: observations_dropped
            f.recorder.prediction("score", "churn", "3", 1000, null, null, null);
        }
        f.recorder.prediction("score", "idle", null, 1000, null, null, null);
        f.thread.drain(Integer.MAX_VALUE);
        f.closeWindow();
        f.thread.shutdown(100); // the idle, cut-short window
        List<Event> out = new ArrayList<>();
        for (DerivedEvent e : f.stats()) {
            out.add(e);
        }
        return out;
    }
}
