package io.predlog.spark;

/**
 * The Spark SQL type of a column of the {@code events} view, from the type the command line declares it with (its
 * DuckDB type: docs/CLI.md), so that one list of columns defines the view on both engines.
 *
 * <p>Read: {@code VARCHAR} (and {@code JSON}), {@code BIGINT}, {@code INTEGER}, {@code DOUBLE}, {@code BOOLEAN},
 * {@code TIMESTAMP}, {@code T[]}, {@code MAP(K, V)} and {@code STRUCT(name T, ...)}, nested, names quoted or not.
 */
final class SparkTypes {

    private final String text;
    private int at;

    private SparkTypes(String text) {
        this.text = text;
    }

    /** The Spark DDL of the DuckDB type {@code duckDbType}; an {@link IllegalArgumentException} names what it cannot read. */
    static String of(String duckDbType) {
        SparkTypes p = new SparkTypes(duckDbType);
        String type = p.type();
        p.space();
        if (p.at != p.text.length()) {
            throw p.error("unexpected text");
        }
        return type;
    }

    private String type() {
        space();
        String base;
        if (take("STRUCT(")) {
            StringBuilder fields = new StringBuilder("STRUCT<");
            do {
                space();
                String name = name();
                fields.append(fields.length() > 7 ? ", " : "").append('`').append(name).append("`: ").append(type());
                space();
            } while (take(","));
            expect(")");
            base = fields.append('>').toString();
        } else if (take("MAP(")) {
            String key = type();
            space();
            expect(",");
            String value = type();
            space();
            expect(")");
            base = "MAP<" + key + ", " + value + ">";
        } else {
            base = switch (word()) {
                case "VARCHAR", "JSON" -> "STRING";
                case "BIGINT" -> "BIGINT";
                case "INTEGER" -> "INT";
                case "DOUBLE" -> "DOUBLE";
                case "BOOLEAN" -> "BOOLEAN";
                case "TIMESTAMP" -> "TIMESTAMP";
                default -> throw error("unknown type");
            };
        }
        while (take("[]")) {
            base = "ARRAY<" + base + ">";
        }
        return base;
    }

    private String name() {
        if (take("\"")) {
            int end = text.indexOf('"', at);
            if (end < 0) {
                throw error("unclosed quoted name");
            }
            String name = text.substring(at, end);
            at = end + 1;
            return name;
        }
        return word();
    }

    private String word() {
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        if (start == at) {
            throw error("expected a name");
        }
        return text.substring(start, at);
    }

    private boolean take(String token) {
        if (text.startsWith(token, at)) {
            at += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!take(token)) {
            throw error("expected '" + token + "'");
        }
    }

    private void space() {
        while (at < text.length() && text.charAt(at) == ' ') {
            at++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at " + at + " of the type " + text);
    }
}
