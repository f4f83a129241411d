package io.predlog.agent.stats;

/**
 * What statistics are kept per: one model version as one target serves it.
 *
 * @param target       the target name
 * @param modelId      the model id
 * @param modelVersion the model version, or null when unknown
 */
public record StatsKey(String target, String modelId, String modelVersion) {
}
