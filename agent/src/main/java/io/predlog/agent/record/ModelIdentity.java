package io.predlog.agent.record;

/** The id and version a load target recorded for one model object; either may be null when unknown. */
public record ModelIdentity(String modelId, String modelVersion) {
}
