package io.predlog.sample.model;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;

/**
 * How often one model version was given each level of its categorical features, {@code feature=level},
 * kept for the next retraining (at most {@link #CAPACITY} distinct pairs; later new pairs are not
 * counted). Every prediction counts its levels here.
 *
 * <p>Guarded by a one-permit semaphore: a lock that not even the thread holding it can take again.
 * <b>Planted fault</b> for the demo's wedged-pool incident (README, "The demo"): a blank level is
 * rejected after the permit is taken and before it is given back, so the permit is never returned. From
 * then on every prediction of that model version waits for it forever, on whatever worker thread runs
 * it, until the prediction pool has no thread left for any model.
 */
final class LevelCounts {
    /** How many distinct {@code feature=level} pairs are counted. */
    static final int CAPACITY = 1_000;

    private final Semaphore guard = new Semaphore(1);
    private final Map<String, Long> counts = new TreeMap<>();

    /**
     * Counts one level of a categorical feature.
     *
     * @throws InvalidInputException if the level is blank (leaving the guard taken: the planted fault)
     */
    void count(String feature, String level) {
        guard.acquireUninterruptibly();
        if (level.isBlank()) {
            throw new InvalidInputException("feature '" + feature + "' must not be blank");
        }
        String key = feature + "=" + level;
        if (counts.containsKey(key) || counts.size() < CAPACITY) {
            counts.merge(key, 1L, Long::sum);
        }
        guard.release();
    }

    /** The counts so far, by {@code feature=level}, sorted. */
    Map<String, Long> snapshot() {
        guard.acquireUninterruptibly();
        try {
            return new TreeMap<>(counts);
        } finally {
            guard.release();
        }
    }
}
