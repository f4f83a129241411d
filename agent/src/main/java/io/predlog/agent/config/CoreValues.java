package io.predlog.agent.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Parses the registered top-level keys from the effective settings. A bad value is reported against its
 * key and origin, and the default stands in so that validation can go on and find every other problem.
 */
final class CoreValues {

    private final Map<String, Setting> effective;
    private final Problems problems;

    CoreValues(Map<String, Setting> effective, Problems problems) {
        this.effective = effective;
        this.problems = problems;
    }

    /** The effective setting of a key, or its default (origin "default"), or null when it has neither. */
    Setting setting(ConfigKey key) {
        Setting s = effective.get(key.name());
        if (s == null && key.defaultValue() != null) {
            s = new Setting(key.name(), key.defaultValue(), Setting.DEFAULT);
        }
        return s;
    }

    boolean bool(ConfigKey key) {
        Setting s = setting(key);
        try {
            return ValueType.parseBoolean(s.value());
        } catch (IllegalArgumentException e) {
            problems.error(s, e.getMessage());
            return Boolean.parseBoolean(key.defaultValue());
        }
    }

    long number(ConfigKey key) {
        Setting s = setting(key);
        try {
            return key.type() == ValueType.BYTES
                    ? ValueType.parseBytes(s.value(), key.min(), key.max())
                    : ValueType.parseWholeNumber(s.value(), key.min(), key.max());
        } catch (IllegalArgumentException e) {
            problems.error(s, e.getMessage());
            return Long.parseLong(key.defaultValue());
        }
    }

    double fraction(ConfigKey key) {
        Setting s = setting(key);
        try {
            return ValueType.parseFraction(s.value());
        } catch (IllegalArgumentException e) {
            problems.error(s, e.getMessage());
            return Double.parseDouble(key.defaultValue());
        }
    }

    double decimal(ConfigKey key) {
        Setting s = setting(key);
        try {
            return ValueType.parseDecimal(s.value(), key.min(), key.max());
        } catch (IllegalArgumentException e) {
            problems.error(s, e.getMessage());
            return Double.parseDouble(key.defaultValue());
        }
    }

    /**
     * Checks the value of a key that a capability reads later from {@link AgentConfig#values()} (through
     * {@link AgentConfig#fraction} or {@link AgentConfig#number}), so a bad value is a config error like any other.
     */
    void check(ConfigKey key) {
        switch (key.type()) {
            case BOOLEAN -> bool(key);
            case WHOLE_NUMBER, BYTES -> number(key);
            case FRACTION -> fraction(key);
            case DECIMAL -> decimal(key);
            default -> { }
        }
    }

    /** The Prometheus endpoint's keys: the port (no default) only when set; the host must not be blank. */
    void metrics() {
        Setting port = effective.get(ConfigKeys.METRICS_PORT.name());
        if (port != null) { // not number(): its fallback is the default, and the port has none
            try {
                ValueType.parseWholeNumber(port.value(), ConfigKeys.METRICS_PORT.min(), ConfigKeys.METRICS_PORT.max());
            } catch (IllegalArgumentException e) {
                problems.error(port, e.getMessage());
            }
        }
        Setting host = setting(ConfigKeys.METRICS_HOST);
        if (host.value().isBlank()) {
            problems.error(host, "must not be blank (leave it out to bind 127.0.0.1)");
        }
    }

    Path path(ConfigKey key) {
        Setting s = setting(key);
        if (s.value().isEmpty()) {
            problems.error(s, "expected a directory path, got an empty value");
            return key.defaultValue() == null ? null : Path.of(key.defaultValue());
        }
        try {
            return Path.of(s.value());
        } catch (InvalidPathException e) {
            problems.error(s, "'" + s.value() + "' is not a valid path: " + e.getReason());
            return key.defaultValue() == null ? null : Path.of(key.defaultValue());
        }
    }

    /**
     * A {@link ValueType#PATH_LIST}: each path must be valid and exist; an error names the key and the path. The
     * paths, or none when the key is unset or any of them is wrong.
     */
    List<Path> existingPaths(ConfigKey key) {
        Setting s = effective.get(key.name());
        if (s == null) {
            return List.of();
        }
        List<String> paths = ValueType.parsePathList(s.value());
        if (paths.isEmpty()) {
            problems.error(s, "expected one or more paths, got an empty value (leave the key out for none)");
        }
        List<Path> existing = new ArrayList<>();
        for (String p : paths) {
            try {
                Path path = Path.of(p);
                if (java.nio.file.Files.exists(path)) {
                    existing.add(path);
                } else {
                    problems.error(s, "'" + p + "' does not exist");
                }
            } catch (InvalidPathException e) {
                problems.error(s, "'" + p + "' is not a valid path: " + e.getReason());
            }
        }
        return existing.size() == paths.size() ? List.copyOf(existing) : List.of();
    }

    /** A text key whose value must be one of {@code choices}; an error names the key and the choices. */
    void choice(ConfigKey key, List<String> choices) {
        Setting s = setting(key);
        if (s != null && !choices.contains(s.value())) {
            problems.error(s, "expected one of " + String.join(", ", choices) + ", got '" + s.value() + "'");
        }
    }

    String service(String defaultService) {
        Setting s = effective.get(ConfigKeys.SERVICE.name());
        if (s == null) {
            return defaultService;
        }
        if (s.value().isEmpty()) {
            problems.error(s, "must not be blank (leave it out to use '" + defaultService + "')");
            return defaultService;
        }
        return s.value();
    }

    String hashKey() {
        Setting s = effective.get(ConfigKeys.HASH_KEY.name());
        if (s == null) {
            return null;
        }
        if (s.value().isEmpty()) {
            problems.error(s, "must not be empty (leave the key out to hash without HMAC)");
            return null;
        }
        return s.value();
    }

    /** {@code predlog.sinks}: each name must be one of {@code known}; an unknown one is an error with a suggestion. */
    List<String> sinks(List<String> known) {
        Setting s = setting(ConfigKeys.SINKS);
        LinkedHashSet<String> sinks = new LinkedHashSet<>();
        for (String name : ValueType.parseList(s.value())) {
            if (known.contains(name)) {
                sinks.add(name);
            } else {
                String suggestion = Suggestions.closest(name.toLowerCase(java.util.Locale.ROOT), known);
                problems.error(s, "unknown sink '" + name + "'"
                        + (suggestion == null ? "" : " (did you mean " + suggestion + "?)")
                        + "; known sinks: " + String.join(", ", known));
            }
        }
        if (sinks.isEmpty() && ValueType.parseList(s.value()).isEmpty()) {
            problems.error(s, "no sinks given; expected a comma list of " + String.join(", ", known));
        }
        return new ArrayList<>(sinks);
    }
}
