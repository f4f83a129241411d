package io.predlog.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Renders the key tables of docs/CONFIGURATION.md from {@link ConfigKeys} and {@link TargetProperty}, so
 * the reference cannot drift from the code: a test fails when the file's generated sections differ.
 *
 * <p>To regenerate after changing a key: run {@code main} with the path of docs/CONFIGURATION.md.
 */
public final class ConfigReference {

    /** The generated sections, each between {@code <!-- BEGIN GENERATED: x -->} and {@code <!-- END GENERATED: x -->}. */
    public static final String KEYS = "keys";
    public static final String TARGET_KEYS = "target-keys";
    public static final String LIMITS = "limits";

    private ConfigReference() {
    }

    /** The table of top-level keys. */
    public static String keyTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| key | environment variable | default | type | meaning |\n");
        sb.append("|---|---|---|---|---|\n");
        for (ConfigKey key : ConfigKeys.all()) {
            String type = key.type().description();
            if (key.numeric()) {
                type += "; " + key.min() + " to " + key.max();
            }
            sb.append("| `").append(key.name()).append("` | `").append(key.envName()).append("` | ")
                    .append(key.defaultText()).append(" | ").append(type).append(" | ")
                    .append(key.description()).append(" |\n");
        }
        return sb.toString();
    }

    /** The table of target sub-keys. */
    public static String targetKeyTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| sub-key | valid on | environment variable suffix | meaning |\n");
        sb.append("|---|---|---|---|\n");
        for (TargetProperty p : TargetProperty.values()) {
            String kinds = p.kinds().stream().map(k -> "`" + k.key() + "`").collect(Collectors.joining(", "));
            sb.append("| `").append(p.key()).append("` | ").append(kinds).append(" | `").append(p.envSuffix())
                    .append("` | ").append(p.description()).append(" |\n");
        }
        return sb.toString();
    }

    /** The generated text of a section. */
    public static String section(String name) {
        return switch (name) {
            case KEYS -> keyTable();
            case TARGET_KEYS -> targetKeyTable();
            case LIMITS -> SettingBounds.table();
            default -> throw new IllegalArgumentException("no generated section '" + name + "'");
        };
    }

    /** The text between a section's markers in {@code document}, or null when the markers are missing. */
    public static String extract(String document, String name) {
        String begin = "<!-- BEGIN GENERATED: " + name + " -->\n";
        String end = "<!-- END GENERATED: " + name + " -->";
        int from = document.indexOf(begin);
        int to = document.indexOf(end);
        if (from < 0 || to < from) {
            return null;
        }
        return document.substring(from + begin.length(), to);
    }

    /** {@code document} with every generated section replaced by its current text. */
    public static String regenerate(String document) {
        String result = document;
        for (String name : new String[] {KEYS, TARGET_KEYS, LIMITS}) {
            String old = extract(result, name);
            if (old == null) {
                throw new IllegalArgumentException("markers for section '" + name + "' are missing");
            }
            String begin = "<!-- BEGIN GENERATED: " + name + " -->\n";
            result = result.replace(begin + old, begin + section(name));
        }
        return result;
    }

    /** Rewrites the generated sections of the file at {@code args[0]} (docs/CONFIGURATION.md). */
    public static void main(String[] args) throws IOException {
        Path path = Path.of(args.length > 0 ? args[0] : "docs/CONFIGURATION.md");
        String document = Files.readString(path, StandardCharsets.UTF_8);
        Files.writeString(path, regenerate(document), StandardCharsets.UTF_8);
    }
}
