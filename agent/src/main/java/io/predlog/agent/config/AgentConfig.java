package io.predlog.agent.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The agent's validated, immutable settings: the one object every other package reads its configuration from.
 *
 * @param hashKey                  the HMAC key, or null when hashes are plain SHA-256
 * @param unmatchedWarningDelayMs  how long after start-up a target that matched nothing is warned about;
 *                                 0 turns the warning off
 * @param targets                  ordered by kind, then name
 * @param source                   where the configuration came from, for the start-up banner
 * @param values                   every effective {@code predlog.*} key and its value after precedence,
 *                                 defaults included, sorted by key; for capabilities that read their own keys.
 *                                 It includes {@code predlog.hash.key}: never print it
 */
public record AgentConfig(boolean enabled, boolean failFast, String service, List<String> sinks, Path fileDir,
        boolean inputValues, String hashKey, int hashMaxNodes, long hashMaxBytes,
        int queueCapacity, long shutdownTimeoutMs, long unmatchedWarningDelayMs,
        List<TargetSpec> targets, String source, Map<String, String> values) {

    public AgentConfig {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(fileDir, "fileDir");
        sinks = List.copyOf(sinks);
        targets = List.copyOf(targets);
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** The effective value of a key (defaults included), or null when it has none. */
    public String value(String key) {
        return values.get(key);
    }

    /** A text key's effective value (its default when unset), trimmed; null when it has neither. */
    public String text(ConfigKey key) {
        String v = values.getOrDefault(key.name(), key.defaultValue());
        return v == null ? null : v.trim();
    }

    /** A {@link ValueType#DECIMAL} key's effective value (validated by the loader). */
    public double decimal(ConfigKey key) {
        return ValueType.parseDecimal(values.getOrDefault(key.name(), key.defaultValue()), key.min(), key.max());
    }

    /** A registered path key's value, or null when it is unset and has no default. */
    public Path path(ConfigKey key) {
        String v = values.get(key.name());
        return v == null || v.isBlank() ? null : Path.of(v.trim());
    }

    /**
     * Like the generated form, but with the HMAC key (also in {@link #values()}) replaced by {@code <redacted>},
     * so logging a config never leaks it.
     */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(values);
        shown.computeIfPresent(ConfigKeys.HASH_KEY.name(), (k, v) -> "<redacted>");
        return "AgentConfig[enabled=" + enabled + ", failFast=" + failFast + ", service=" + service + ", sinks=" + sinks
                + ", fileDir=" + fileDir + ", inputValues=" + inputValues
                + ", hashKey=" + (hashKey == null ? "null" : "<redacted>") + ", hashMaxNodes=" + hashMaxNodes
                + ", hashMaxBytes=" + hashMaxBytes + ", queueCapacity=" + queueCapacity
                + ", shutdownTimeoutMs=" + shutdownTimeoutMs + ", unmatchedWarningDelayMs=" + unmatchedWarningDelayMs
                + ", targets=" + targets + ", source=" + source + ", values=" + shown + "]";
    }

    /** A {@link ValueType#FRACTION} key's effective value (validated by the loader). */
    public double fraction(ConfigKey key) {
        return ValueType.parseFraction(values.getOrDefault(key.name(), key.defaultValue()));
    }

    /** A {@link ValueType#WHOLE_NUMBER} or {@link ValueType#BYTES} key's effective value (validated by the loader). */
    public long number(ConfigKey key) {
        String value = values.getOrDefault(key.name(), key.defaultValue());
        return key.type() == ValueType.BYTES ? ValueType.parseBytes(value, key.min(), key.max())
                : ValueType.parseWholeNumber(value, key.min(), key.max());
    }

    /** A {@link ValueType#BOOLEAN} key's effective value (validated by the loader). */
    public boolean bool(ConfigKey key) {
        return ValueType.parseBoolean(values.getOrDefault(key.name(), key.defaultValue()));
    }

    /** A {@link ValueType#NAME_LIST} key's names, trimmed, empty pieces dropped; empty when unset. */
    public List<String> list(ConfigKey key) {
        String value = values.getOrDefault(key.name(), key.defaultValue());
        return value == null ? List.of() : ValueType.parseList(value);
    }

    /** A {@link ValueType#PATH_LIST} key's paths (validated by the loader); empty when unset. */
    public List<Path> paths(ConfigKey key) {
        String value = values.get(key.name());
        return value == null ? List.of() : ValueType.parsePathList(value).stream().map(Path::of).toList();
    }

    /** The targets of one kind, in name order. */
    public List<TargetSpec> targets(TargetKind kind) {
        return targets.stream().filter(t -> t.kind() == kind).toList();
    }
}
