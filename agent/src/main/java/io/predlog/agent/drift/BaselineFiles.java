package io.predlog.agent.drift;

/**
 * Baselines read from the files {@code predlog.drift.baseline} names. SKELETON: the drift work defines the format.
 */
public final class BaselineFiles {

    /** No baseline files. */
    public static final BaselineFiles NONE = new BaselineFiles();

    /** The baseline given for this model version as this target serves it, or null to learn one. */
    public Baseline find(String target, String modelId, String modelVersion) {
        return null;
    }
}
