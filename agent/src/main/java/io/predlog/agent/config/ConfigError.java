package io.predlog.agent.config;

import java.util.Objects;

/**
 * One configuration error: the key it concerns, where that key's value came from, and what is wrong.
 *
 * @param key     the full key, e.g. {@code predlog.predict.score}
 * @param origin  where the value came from: "agent arguments", "system property",
 *                "environment variable PREDLOG_X", "agent.properties:12", "default"
 * @param message what is wrong and, where it helps, what was expected
 */
public record ConfigError(String key, String origin, String message) {

    public ConfigError {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /** One line naming key and origin, e.g. {@code predlog.sinks: agent.properties:3: unknown sink 'kafka'}. */
    public String describe() {
        return origin == null || origin.isEmpty() ? key + ": " + message : key + ": " + origin + ": " + message;
    }
}
