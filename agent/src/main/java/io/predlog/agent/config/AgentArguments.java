package io.predlog.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the {@code -javaagent:predlog-agent.jar=ARGS} string into settings.
 *
 * <p>The rule, documented in docs/CONFIGURATION.md: pieces are separated by commas, except commas inside
 * parentheses or inside a double-quoted string. A piece of the form {@code key=value}, where the key is
 * made of letters, digits, {@code . _ -}, starts a new setting; any other piece continues the previous
 * value, comma included. So {@code sinks=file,stdout} is one setting, and so is
 * {@code predict.score=com.x.Model#predict(String,int)}.
 */
final class AgentArguments {

    static final String ORIGIN = "agent arguments";

    private AgentArguments() {
    }

    /** Parses {@code args}; pieces that cannot be read are reported to {@code problems} and skipped. */
    static List<Setting> parse(String args, Problems problems) {
        List<Setting> settings = new ArrayList<>();
        if (args == null || args.isBlank()) {
            return settings;
        }
        String key = null;
        StringBuilder value = null;
        for (String piece : split(args)) {
            int eq = piece.indexOf('=');
            String candidate = eq > 0 ? piece.substring(0, eq).trim() : null;
            if (candidate != null && isKey(candidate)) {
                add(settings, key, value);
                key = normalise(candidate);
                value = new StringBuilder(piece.substring(eq + 1));
            } else if (key != null) {
                value.append(',').append(piece);
            } else if (!piece.isBlank()) {
                String hint = piece.trim().endsWith(".properties") ? " (did you mean config=" + piece.trim() + "?)" : "";
                problems.error(piece.trim(), ORIGIN, "expected key=value" + hint);
            }
        }
        add(settings, key, value);
        return settings;
    }

    /** Adds the prefix to a key written without it; {@code config} becomes {@code predlog.config}. */
    static String normalise(String key) {
        return key.startsWith(ConfigKeys.PREFIX) ? key : ConfigKeys.PREFIX + key;
    }

    private static void add(List<Setting> settings, String key, StringBuilder value) {
        if (key != null) {
            // a trailing comma ("sinks=file,") leaves an empty continuation; drop it
            String v = value.toString().trim();
            while (v.endsWith(",")) {
                v = v.substring(0, v.length() - 1).trim();
            }
            settings.add(new Setting(key, v, ORIGIN));
        }
    }

    private static boolean isKey(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** Splits on commas outside parentheses and double quotes; a backslash escapes the next character in quotes. */
    static List<String> split(String args) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < args.length()) {
                    current.append(c).append(args.charAt(++i));
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                pieces.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        pieces.add(current.toString());
        return pieces;
    }
}
