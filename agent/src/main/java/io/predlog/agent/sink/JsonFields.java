package io.predlog.agent.sink;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The top-level members of one encoded event (a JSON object on one line), as key-value pairs for a logging
 * framework: strings, numbers ({@link Long} when integral and in range, else {@link BigDecimal}, which keeps
 * the encoded digits) and booleans as themselves; a nested object or array as its JSON text; {@code null}
 * members left out. Only reads what {@code EventJsonEncoder} writes: a well-formed object.
 */
final class JsonFields {

    /** One member. */
    record Field(String key, Object value) {
    }

    private final String text;
    private int pos;

    private JsonFields(String text) {
        this.text = text;
    }

    /** The members of the object in {@code bytes[offset..offset+length)} (UTF-8, a trailing newline allowed). */
    static List<Field> parse(byte[] bytes, int offset, int length) {
        return parse(new String(bytes, offset, length, StandardCharsets.UTF_8));
    }

    static List<Field> parse(String json) {
        return new JsonFields(json).object();
    }

    private List<Field> object() {
        List<Field> fields = new ArrayList<>();
        skipBlanks();
        expect('{');
        skipBlanks();
        if (peek() == '}') {
            return fields;
        }
        while (true) {
            skipBlanks();
            String key = string();
            skipBlanks();
            expect(':');
            skipBlanks();
            Object value = value();
            if (value != null) {
                fields.add(new Field(key, value));
            }
            skipBlanks();
            char c = next();
            if (c == '}') {
                return fields;
            }
            if (c != ',') {
                throw error("',' or '}'");
            }
        }
    }

    private Object value() {
        char c = peek();
        switch (c) {
            case '"':
                return string();
            case '{':
            case '[':
                int start = pos;
                skipNested();
                return text.substring(start, pos);
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                return number();
        }
    }

    private Object number() {
        int start = pos;
        boolean integral = true;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
            } else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
                break;
            }
            pos++;
        }
        String digits = text.substring(start, pos);
        if (digits.isEmpty()) {
            throw error("a value");
        }
        if (integral && digits.length() < 19) {
            return Long.parseLong(digits);
        }
        BigDecimal decimal = new BigDecimal(digits);
        if (integral) {
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException tooLarge) {
                return decimal;
            }
        }
        return decimal;
    }

    /** Past a nested object or array, strings inside it included. */
    private void skipNested() {
        int depth = 0;
        do {
            char c = next();
            if (c == '"') {
                pos--;
                string();
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        } while (depth > 0);
    }

    private String string() {
        expect('"');
        StringBuilder out = null;
        int start = pos;
        while (true) {
            char c = next();
            if (c == '"') {
                return out == null ? text.substring(start, pos - 1) : out.toString();
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder(text.substring(start, pos - 1));
                }
                char e = next();
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("four hex digits");
                        }
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> out.append(e); // \" \\ \/
                }
            } else if (out != null) {
                out.append(c);
            }
        }
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw error(word);
        }
        pos += word.length();
    }

    private void skipBlanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("more input");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("'" + c + "'");
        }
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException("expected " + expected + " at " + pos + " of an encoded event");
    }
}
