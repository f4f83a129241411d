package io.predlog.agent.config;

/** The three kinds of target a user can name (docs/CONFIGURATION.md); the kind decides which events a call produces. */
public enum TargetKind {
    /** A model's prediction method: {@code prediction_success} / {@code prediction_failure}. */
    PREDICT("predict"),
    /** A method or constructor that loads a model: {@code model_load_*}. */
    LOAD("load"),
    /** A request entry point that starts (and may adopt the id of) a request: {@code request_*}. */
    ENTRY("entry");

    private final String key;

    TargetKind(String key) {
        this.key = key;
    }

    /** The word used in keys, {@code predlog.<key>.<name>}: "predict", "load" or "entry". */
    public String key() {
        return key;
    }

    /** The kind whose {@link #key()} is {@code key}, or null. */
    public static TargetKind fromKey(String key) {
        for (TargetKind kind : values()) {
            if (kind.key.equals(key)) {
                return kind;
            }
        }
        return null;
    }
}
