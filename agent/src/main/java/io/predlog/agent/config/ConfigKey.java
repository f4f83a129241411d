package io.predlog.agent.config;

import java.util.Locale;
import java.util.Objects;

/**
 * The definition of one top-level key: the single place its name, type, default and meaning are stated.
 * {@link ConfigKeys} lists them all; the loader validates and the reference documentation is generated
 * from these definitions, so neither can drift from the other.
 *
 * @param name         the full key, {@code predlog.x}
 * @param type         how the value is parsed
 * @param defaultValue the default as a value string; null when the key has none (or it is computed)
 * @param defaultText  the default as the reference shows it (Markdown)
 * @param min          smallest accepted value for numeric types
 * @param max          largest accepted value for numeric types
 * @param description  what the key does (Markdown, one line)
 */
public record ConfigKey(String name, ValueType type, String defaultValue, String defaultText, long min, long max,
        String description) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultText, "defaultText");
        Objects.requireNonNull(description, "description");
    }

    /** The environment variable for this key: upper case, dots and dashes become underscores. */
    public String envName() {
        return envName(name);
    }

    /** The environment variable for any key: upper case, dots and dashes become underscores. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Whether this key stands for every key under a prefix: its name ends in {@code .*}
     * ({@code predlog.kafka.producer.*}); such a key is never read by its own name.
     */
    public boolean prefix() {
        return name.endsWith(".*");
    }

    /** Whether the type is numeric, so that {@link #min()} and {@link #max()} apply. */
    public boolean numeric() {
        return type == ValueType.WHOLE_NUMBER || type == ValueType.BYTES || type == ValueType.DECIMAL;
    }
}
