package io.predlog.agent.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The registry of target sub-keys, {@code predlog.<kind>.<name>.<property>} (docs/CONFIGURATION.md): which kinds accept
 * each one and what it means. All take an {@link Expression}; the target key itself takes a
 * {@link MethodPattern}.
 */
public enum TargetProperty {
    MODEL_ID("model_id", EnumSet.of(TargetKind.PREDICT, TargetKind.LOAD),
            "model id. Predict: default is the id a load target recorded for `this`, else the simple class name of"
                    + " `this`. Load: default is the simple class name of the loaded object"),
    MODEL_VERSION("model_version", EnumSet.of(TargetKind.PREDICT, TargetKind.LOAD),
            "model version. Predict: default is the version a load target recorded for `this`; else left out"),
    INPUT("input", EnumSet.of(TargetKind.PREDICT),
            "the value to hash and describe as the input; default: all arguments"),
    REQUEST_ID("request_id", EnumSet.of(TargetKind.ENTRY),
            "an inbound request id to adopt (non-blank, at most 128 printable ASCII characters), else one is generated"),
    SAMPLE_SUCCESS("sample.success", EnumSet.of(TargetKind.PREDICT, TargetKind.ENTRY), ValueType.FRACTION,
            "a number from 0 to 1, not an expression: this target's fraction of successful calls kept, instead of"
                    + " `predlog.sample.success` (see [Sampling](#sampling))");

    private final String key;
    private final Set<TargetKind> kinds;
    private final ValueType valueType;
    private final String description;

    TargetProperty(String key, Set<TargetKind> kinds, String description) {
        this(key, kinds, null, description);
    }

    TargetProperty(String key, Set<TargetKind> kinds, ValueType valueType, String description) {
        this.key = key;
        this.kinds = kinds;
        this.valueType = valueType;
        this.description = description;
    }

    /** The type of a plain value; null for the properties that take an {@link Expression}. */
    public ValueType valueType() {
        return valueType;
    }

    /** The sub-key as written after the target name: {@code model_id}. */
    public String key() {
        return key;
    }

    /** The kinds on which this property is valid. */
    public Set<TargetKind> kinds() {
        return EnumSet.copyOf(kinds);
    }

    /** Whether this property is valid on targets of {@code kind}. */
    public boolean appliesTo(TargetKind kind) {
        return kinds.contains(kind);
    }

    /** What the property means (Markdown, one line). */
    public String description() {
        return description;
    }

    /** The ending of its environment variable name, {@code _MODEL_ID}. */
    public String envSuffix() {
        return "_" + ConfigKey.envName(key).toUpperCase(Locale.ROOT);
    }

    /** The property of that sub-key, or null. */
    public static TargetProperty fromKey(String key) {
        for (TargetProperty p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        return null;
    }

    /** The sub-keys valid on a kind, in declaration order. */
    public static List<String> keysFor(TargetKind kind) {
        return java.util.Arrays.stream(values()).filter(p -> p.appliesTo(kind)).map(TargetProperty::key).toList();
    }
}
