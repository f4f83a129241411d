package io.predlog.agent.drift;

import java.util.Map;

/**
 * The reference distributions of one model version's features that windows are scored against. SKELETON: the
 * drift work fills it in (bins from baseline quantiles, category proportions).
 */
public final class Baseline {

    private final String source;
    private final long calls;
    private final Map<String, Distribution> features;

    private Baseline(String source, long calls, Map<String, Distribution> features) {
        this.source = source;
        this.calls = calls;
        this.features = Map.copyOf(features);
    }

    /**
     * A baseline from distributions.
     *
     * @param source   where it came from: {@code learned} (the first N calls) or the file it was read from
     * @param calls    how many calls it describes
     * @param features each feature's distribution; the baseline takes ownership (callers stop updating them)
     */
    public static Baseline of(String source, long calls, Map<String, Distribution> features) {
        return new Baseline(source, calls, features);
    }

    public String source() {
        return source;
    }

    public long calls() {
        return calls;
    }

    public Map<String, Distribution> features() {
        return features;
    }
}
