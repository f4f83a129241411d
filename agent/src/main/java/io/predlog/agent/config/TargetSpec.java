package io.predlog.agent.config;

import java.util.Objects;

/**
 * One validated target: {@code predlog.<kind>.<name> = <pattern>} and its optional expressions (docs/CONFIGURATION.md).
 *
 * <p>Absent optional expressions are null. For a load target without {@code model_id}, the recorder uses
 * the simple class name of the loaded object (see docs/CONFIGURATION.md).
 *
 * @param sampleSuccess the target's {@code sample.success} override, or NaN to use {@code predlog.sample.success}
 */
public record TargetSpec(TargetKind kind, String name, MethodPattern pattern, Expression modelId,
        Expression modelVersion, Expression input, Expression requestId, double sampleSuccess) {

    /** A target without a sampling override. */
    public TargetSpec(TargetKind kind, String name, MethodPattern pattern, Expression modelId,
                      Expression modelVersion, Expression input, Expression requestId) {
        this(kind, name, pattern, modelId, modelVersion, input, requestId, Double.NaN);
    }

    public TargetSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
    }

    /** The key that defines this target, {@code predlog.<kind>.<name>}. */
    public String key() {
        return "predlog." + kind.key() + "." + name;
    }
}
