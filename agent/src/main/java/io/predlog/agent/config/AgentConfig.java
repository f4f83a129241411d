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
 *                                 defaults included, sorted by key; for capabilities that read their own keys
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

    /** The targets of one kind, in name order. */
    public List<TargetSpec> targets(TargetKind kind) {
        return targets.stream().filter(t -> t.kind() == kind).toList();
    }
}
