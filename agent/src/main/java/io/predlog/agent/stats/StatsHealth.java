package io.predlog.agent.stats;

/** What the statistics counted but could not keep: for the agent's own health metrics. Thread-safe reads. */
public interface StatsHealth {

    /** Calls counted, but whose features were not taken because the statistics queue was full, since start. */
    long observationsDropped();

    /** Calls of models past {@code predlog.stats.max_models}, counted and not stored, since start. */
    long untrackedCalls();

    /** Statistics that lost nothing (or are off). */
    StatsHealth NONE = fixed(0, 0);

    /** Fixed counts (tests, or statistics turned off). */
    static StatsHealth fixed(long observationsDropped, long untrackedCalls) {
        return new StatsHealth() {
            @Override
            public long observationsDropped() {
                return observationsDropped;
            }

            @Override
            public long untrackedCalls() {
                return untrackedCalls;
            }
        };
    }
}
