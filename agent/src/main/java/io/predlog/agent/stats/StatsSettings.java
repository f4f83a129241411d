package io.predlog.agent.stats;

import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigKeys;

import java.util.Set;

/**
 * Window statistics settings, from {@code predlog.stats.*}, {@code predlog.input.categorical} and
 * {@code predlog.output.categorical}.
 *
 * @param windowMillis  window length
 * @param queueCapacity calls waiting for the statistics thread
 * @param maxModels     target × model × version combinations with statistics
 * @param maxFeatures   features per model with statistics
 * @param maxCategories named categories per categorical feature, and named error types per model
 * @param maxElements   elements of each numeric array per call
 * @param categorical   field names whose raw values are categories
 * @param outputCategorical output feature names whose raw values are categories ({@code output},
 *                      {@code output.label})
 */
public record StatsSettings(long windowMillis, int queueCapacity, int maxModels, int maxFeatures, int maxCategories,
                            int maxElements, Set<String> categorical, Set<String> outputCategorical) {

    public StatsSettings {
        categorical = Set.copyOf(categorical);
        outputCategorical = Set.copyOf(outputCategorical);
    }

    /** Settings with no output feature named categorical. */
    public StatsSettings(long windowMillis, int queueCapacity, int maxModels, int maxFeatures, int maxCategories,
                         int maxElements, Set<String> categorical) {
        this(windowMillis, queueCapacity, maxModels, maxFeatures, maxCategories, maxElements, categorical, Set.of());
    }

    /** The calls the statistics' queue holds: {@link #queueCapacity} rounded up to a power of two. */
    public int queueSlots() {
        return ObservationRing.slots(queueCapacity);
    }

    /** The settings of a loaded configuration (values already validated by the loader). */
    public static StatsSettings from(AgentConfig config) {
        return new StatsSettings(config.number(ConfigKeys.STATS_WINDOW_S) * 1000L,
                (int) config.number(ConfigKeys.STATS_QUEUE_CAPACITY),
                (int) config.number(ConfigKeys.STATS_MAX_MODELS),
                (int) config.number(ConfigKeys.STATS_MAX_FEATURES),
                (int) config.number(ConfigKeys.STATS_MAX_CATEGORIES),
                (int) config.number(ConfigKeys.STATS_MAX_ELEMENTS),
                Set.copyOf(config.list(ConfigKeys.INPUT_CATEGORICAL)),
                Set.copyOf(config.list(ConfigKeys.OUTPUT_CATEGORICAL)));
    }

    /**
     * Whether an output feature's raw values are categories: an output vector's {@code argmax(output)} (a position,
     * never an application string), or a name listed in {@code predlog.output.categorical}.
     */
    public boolean isOutputCategorical(String feature) {
        return feature.equals(InputCapture.ARGMAX) || outputCategorical.contains(feature);
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
