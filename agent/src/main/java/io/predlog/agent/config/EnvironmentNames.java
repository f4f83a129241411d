package io.predlog.agent.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps environment variables back to keys. An environment name loses the difference between dots,
 * dashes and underscores, and case, so only names with one reading are accepted:
 * <ul>
 *   <li>a registered key: its {@link ConfigKey#envName()};</li>
 *   <li>{@code PREDLOG_<KIND>_<NAME>} for a target's pattern and {@code PREDLOG_<KIND>_<NAME>_<PROPERTY>} for
 *       its properties, where a name ending in a property's suffix ({@code _MODEL_ID}, {@code _INPUT}, ...)
 *       is read as that property. {@code <NAME>} becomes the name of a target defined in another source
 *       when it matches that name ignoring case and {@code -}/{@code _}; otherwise it is lower-cased.</li>
 * </ul>
 * Other {@code PREDLOG_*} variables are reported as warnings.
 */
final class EnvironmentNames {

    static final String PREFIX = "PREDLOG_";
    static final String ORIGIN_PREFIX = "environment variable ";

    private EnvironmentNames() {
    }

    /**
     * The settings that {@code environment} gives. Blank values count as unset (container tooling often
     * defines variables as empty).
     *
     * @param knownTargetNames target names seen in the other sources, per kind
     */
    static List<Setting> settings(Map<String, String> environment, Map<TargetKind, Set<String>> knownTargetNames,
            Problems problems) {
        List<Setting> settings = new ArrayList<>();
        if (environment == null) {
            return settings;
        }
        Map<String, String> registered = new HashMap<>();
        for (ConfigKey key : ConfigKeys.all()) {
            registered.put(key.envName(), key.name());
        }
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String env = e.getKey();
            if (env == null || !env.startsWith(PREFIX) || e.getValue() == null || e.getValue().isBlank()) {
                continue;
            }
            String origin = ORIGIN_PREFIX + env;
            String key = registered.get(env);
            if (key == null) {
                key = targetKey(env, knownTargetNames);
            }
            if (key == null) {
                key = prefixedKey(env);
            }
            if (key == null) {
                String suggestion = Suggestions.closest(env, registered.keySet());
                problems.warn(env, origin, "not a predlog setting; ignored"
                        + (suggestion == null ? "" : " (did you mean " + suggestion + "?)"));
                continue;
            }
            settings.add(new Setting(key, e.getValue().trim(), origin));
        }
        return settings;
    }

    /**
     * The key under a prefix key that an environment variable stands for ({@code PREDLOG_KAFKA_PRODUCER_BATCH_SIZE}
     * is {@code predlog.kafka.producer.batch.size}: the rest in lower case, underscores as dots), or null.
     */
    static String prefixedKey(String env) {
        for (ConfigKey key : ConfigKeys.all()) {
            String envPrefix = key.envName().substring(0, key.envName().length() - 1);
            if (key.prefix() && env.length() > envPrefix.length() && env.startsWith(envPrefix)) {
                String prefix = key.name().substring(0, key.name().length() - 1);
                return prefix + env.substring(envPrefix.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
            }
        }
        return null;
    }

    /** The target key an environment variable stands for, or null when it is not a target variable. */
    static String targetKey(String env, Map<TargetKind, Set<String>> knownTargetNames) {
        for (TargetKind kind : TargetKind.values()) {
            String kindPrefix = PREFIX + kind.key().toUpperCase(Locale.ROOT) + "_";
            if (!env.startsWith(kindPrefix) || env.length() == kindPrefix.length()) {
                continue;
            }
            String rest = env.substring(kindPrefix.length());
            String property = null;
            for (TargetProperty p : TargetProperty.values()) {
                if (rest.endsWith(p.envSuffix()) && rest.length() > p.envSuffix().length()) {
                    property = p.key();
                    rest = rest.substring(0, rest.length() - p.envSuffix().length());
                    break;
                }
            }
            String name = resolveName(rest, knownTargetNames.getOrDefault(kind, Set.of()));
            return ConfigKeys.PREFIX + kind.key() + "." + name + (property == null ? "" : "." + property);
        }
        return null;
    }

    private static String resolveName(String envName, Set<String> known) {
        String match = null;
        for (String name : known) {
            if (ConfigKey.envName(name).equals(envName)) {
                if (match != null) {
                    return envName.toLowerCase(Locale.ROOT);
                }
                match = name;
            }
        }
        return match != null ? match : envName.toLowerCase(Locale.ROOT);
    }
}
