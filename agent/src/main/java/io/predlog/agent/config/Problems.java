package io.predlog.agent.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every error and warning of one load, so the user sees all of them at once, not only the first. */
final class Problems {

    private final List<ConfigError> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    void error(String key, String origin, String message) {
        errors.add(new ConfigError(key, origin, message));
    }

    void error(Setting setting, String message) {
        error(setting.key(), setting.origin(), message);
    }

    void warn(String key, String origin, String message) {
        warnings.add(new ConfigError(key, origin, message).describe());
    }

    void warn(Setting setting, String message) {
        warn(setting.key(), setting.origin(), message);
    }

    List<ConfigError> errors() {
        return errors;
    }

    List<String> warnings() {
        return warnings;
    }
}
