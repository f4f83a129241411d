package io.predlog.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The longest key and values the loader accepts, whatever their source (docs/CONFIGURATION.md, "Limits"): a
 * value longer than its bound is an error naming the key and the bound, and is not used; a key longer than
 * {@value #MAX_KEY_CHARS} characters cannot be one the agent knows, and is ignored with a warning, like any
 * unknown key. So neither start-up time nor the size of an event grows with what a configuration holds.
 */
final class SettingBounds {

    /** The longest key, {@code predlog.} and a target's name included. */
    static final int MAX_KEY_CHARS = 256;
    /** {@code predlog.service}: it is in every event and in the event files' names. */
    static final int MAX_SERVICE_CHARS = 128;
    /** A number or a boolean. */
    static final int MAX_SCALAR_CHARS = 64;
    /** A path, a method pattern, an expression, a text value. */
    static final int MAX_TEXT_CHARS = 4096;
    /** A comma list of names ({@code predlog.input.categorical}, …). */
    static final int MAX_LIST_CHARS = 16_384;
    /** A list of paths ({@code predlog.extensions}). */
    static final int MAX_PATH_LIST_CHARS = 65_536;
    /** How much of an overlong key a warning shows. */
    static final int SHOWN_KEY_CHARS = 64;

    private SettingBounds() {
    }

    /** The longest value {@code key} accepts: by its type for a registered key, else {@value #MAX_TEXT_CHARS}. */
    static int maxValueChars(String key) {
        if (key.equals(ConfigKeys.SERVICE.name())) {
            return MAX_SERVICE_CHARS;
        }
        ConfigKey registered = ConfigKeys.byName(key);
        return registered == null ? MAX_TEXT_CHARS : maxValueChars(registered.type());
    }

    /** The longest value of a type. */
    static int maxValueChars(ValueType type) {
        return switch (type) {
            case BOOLEAN, WHOLE_NUMBER, BYTES, DECIMAL, FRACTION -> MAX_SCALAR_CHARS;
            case TEXT, PATH -> MAX_TEXT_CHARS;
            case NAME_LIST -> MAX_LIST_CHARS;
            case PATH_LIST -> MAX_PATH_LIST_CHARS;
        };
    }

    /**
     * The settings within the bounds. Each one beyond them is reported to {@code problems} and left out: an
     * overlong value as an error, an overlong key as a warning showing its first {@value #SHOWN_KEY_CHARS}
     * characters.
     */
    static List<Setting> within(List<Setting> settings, Problems problems) {
        List<Setting> kept = new ArrayList<>(settings.size());
        for (Setting s : settings) {
            if (s.key().length() > MAX_KEY_CHARS) {
                problems.warn(shown(s.key()), s.origin(), "a key of " + s.key().length()
                        + " characters is longer than the " + MAX_KEY_CHARS + " a key may have; ignored");
                continue;
            }
            int max = maxValueChars(s.key());
            if (s.value().length() > max) {
                problems.error(s, "a value of " + s.value().length() + " characters is longer than the " + max
                        + " this key accepts (docs/CONFIGURATION.md, \"Limits\")");
                continue;
            }
            kept.add(s);
        }
        return kept;
    }

    /** The start of an overlong key, saying how much is left out. */
    static String shown(String key) {
        return key.length() <= SHOWN_KEY_CHARS ? key
                : key.substring(0, SHOWN_KEY_CHARS) + "… (" + (key.length() - SHOWN_KEY_CHARS) + " more characters)";
    }

    /** The table of limits for docs/CONFIGURATION.md. */
    static String table() {
        return "| what | at most (characters) |\n"
                + "|---|---|\n"
                + "| a key, `predlog.` and a target's name included | " + MAX_KEY_CHARS + " |\n"
                + "| `predlog.service` | " + MAX_SERVICE_CHARS + " |\n"
                + "| a boolean or a number | " + MAX_SCALAR_CHARS + " |\n"
                + "| a path, a text value, a target's method pattern or expression | " + MAX_TEXT_CHARS + " |\n"
                + "| a comma list of names | " + MAX_LIST_CHARS + " |\n"
                + "| a list of paths (`predlog.extensions`) | " + MAX_PATH_LIST_CHARS + " |\n"
                + "| the properties file | " + PropertiesFile.MAX_BYTES + " bytes |\n";
    }
}
