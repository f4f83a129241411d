package io.predlog.agent.stats;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigKeys;

import java.util.Set;

/**
 * Window statistics settings, from {@code predlog.stats.*} and {@code predlog.input.categorical}.
 *
 * @param windowMillis  window length
 * @param queueCapacity calls waiting for the statistics thread
 * @param maxModels     target × model × version combinations with statistics
 * @param maxFeatures   features per model with statistics
 * @param maxCategories named categories per categorical feature, and named error types per model
 * @param maxElements   elements of each numeric array per call
 * @param categorical   field names whose raw values are categories
 */
public record StatsSettings(long windowMillis, int queueCapacity, int maxModels, int maxFeatures, int maxCategories,
                            int maxElements, Set<String> categorical) {

    public StatsSettings {
        categorical = Set.copyOf(categorical);
    }

    /** The settings of a loaded configuration (values already validated by the loader). */
    public static StatsSettings from(AgentConfig config) {
        return new StatsSettings(config.number(ConfigKeys.STATS_WINDOW_S) * 1000L,
                (int) config.number(ConfigKeys.STATS_QUEUE_CAPACITY),
                (int) config.number(ConfigKeys.STATS_MAX_MODELS),
                (int) config.number(ConfigKeys.STATS_MAX_FEATURES),
                (int) config.number(ConfigKeys.STATS_MAX_CATEGORIES),
                (int) config.number(ConfigKeys.STATS_MAX_ELEMENTS),
                Set.copyOf(config.list(ConfigKeys.INPUT_CATEGORICAL)));
    }

    /** Whether a feature's raw values are categories: its name, or its name after {@code arg<i>.}, is listed. */
    public boolean isCategorical(String feature) {
        if (categorical.isEmpty()) {
            return false;
        }
        if (categorical.contains(feature)) {
            return true;
        }
        if (feature.startsWith("arg")) {
            int dot = feature.indexOf('.');
            return dot > 3 && categorical.contains(feature.substring(dot + 1));
        }
        return false;
    }
}
