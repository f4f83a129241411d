package io.predlog.agent.stats;

import io.predlog.agent.capture.Features;
import io.predlog.agent.drift.Distribution;

import java.util.Map;

/**
 * A feature seen only as null so far: its kind is not known yet, but a field that is always null is exactly what a
 * window should show. Replaced by the real statistics (which take over its null count) at the first value.
 */
final class PendingStats extends FeatureStats {

    @Override
    String kind() {
        return "unknown";
    }

    @Override
    boolean observe(Features f, int i) {
        return false;
    }

    @Override
    long count() {
        return 0;
    }

    @Override
    void distribution(String name, Map<String, Distribution> into) {
    }

    @Override
    void describe(Map<String, Object> into) {
    }
}
