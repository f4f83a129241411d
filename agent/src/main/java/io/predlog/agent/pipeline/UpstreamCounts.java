package io.predlog.agent.pipeline;

/**
 * Events left out before they reached the pipeline, for {@code agent_health}: the sampler's counts. Read from
 * the dispatcher thread; implementations are thread-safe.
 */
public interface UpstreamCounts {

    /** Nothing is left out upstream. */
    UpstreamCounts NONE = new UpstreamCounts() {
        @Override
        public long sampledOut() {
            return 0;
        }

        @Override
        public long shed() {
            return 0;
        }
    };

    /** Routine events left out by sampling. */
    long sampledOut();

    /** Routine events left out by the rate cap. */
    long shed();
}
