package io.predlog.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed value expression (docs/CONFIGURATION.md): a {@code "literal"}, or a root ({@code argN}, {@code this},
 * {@code return}) followed by {@code .name}, {@code .name()} or {@code .name("text")} segments.
 * Evaluating it is the capture package's job; this is only its validated shape.
 *
 * @param text     the expression as written (trimmed)
 * @param root     what the chain starts from
 * @param argIndex N of {@code argN}; -1 for other roots
 * @param literal  the unescaped text of a literal; null for other roots
 * @param segments the member accesses after the root, in order; empty for a literal
 */
public record Expression(String text, Root root, int argIndex, String literal, List<Segment> segments) {

    /** Highest N of {@code argN}: a JVM method has at most 255 parameter slots. */
    public static final int MAX_ARG_INDEX = 254;

    /** Where an expression's value starts. */
    public enum Root {
        /** {@code "text"}: a constant. */
        LITERAL,
        /** {@code argN}: the N-th argument, from 0. */
        ARG,
        /** {@code this}: the receiver. */
        THIS,
        /** {@code return}: the returned object, or for a constructor the new object (load targets only). */
        RETURN
    }

    /**
     * One member access.
     *
     * @param name      the member name
     * @param call      written with parentheses: {@code name()} or {@code name("x")}
     * @param stringArg the x of {@code name("x")}, unescaped; null otherwise
     */
    public record Segment(String name, boolean call, String stringArg) {
        public Segment {
            Objects.requireNonNull(name, "name");
            if (stringArg != null && !call) {
                throw new IllegalArgumentException("a segment with an argument is a call");
            }
        }

        @Override
        public String toString() {
            if (!call) {
                return name;
            }
            return stringArg == null ? name + "()" : name + "(" + quote(stringArg) + ")";
        }
    }

    public Expression {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(root, "root");
        segments = List.copyOf(segments);
    }

    /**
     * Parses an expression such as {@code "v1"}, {@code this.version}, {@code return.name()} or
     * {@code arg0.getRequestHeaders().getFirst("X-Request-ID")}. Whitespace between tokens is allowed.
     *
     * @throws IllegalArgumentException with a message of the form {@code bad expression 'x': reason}
     */
    public static Expression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("bad expression '': the expression is empty"
                    + " (expected \"text\", argN, this or return)");
        }
        return new Parser(text.trim()).expression();
    }

    /** True for the literal root. */
    public boolean isLiteral() {
        return root == Root.LITERAL;
    }

    @Override
    public String toString() {
        return text;
    }

    /** {@code s} as a literal: in double quotes, with {@code "} and {@code \} escaped by a backslash. */
    public static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A cursor over the text; each method consumes one grammar element or throws. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Expression expression() {
            if (peek() == '"') {
                String value = string();
                skipSpace();
                if (pos < text.length()) {
                    throw fail("unexpected '" + text.substring(pos) + "' after the literal"
                            + " (a literal takes no segments)");
                }
                return new Expression(text, Root.LITERAL, -1, value, List.of());
            }
            int start = pos;
            String first = identifier("expected \"text\", argN, this or return");
            Root root;
            int argIndex = -1;
            if ("this".equals(first)) {
                root = Root.THIS;
            } else if ("return".equals(first)) {
                root = Root.RETURN;
            } else if (first.startsWith("arg")) {
                root = Root.ARG;
                argIndex = argIndex(first, start);
            } else {
                throw fail("'" + first + "' is not a root: an expression starts with \"text\", argN, this or return");
            }
            List<Segment> segments = new ArrayList<>();
            skipSpace();
            while (pos < text.length()) {
                if (peek() != '.') {
                    throw fail("expected '.' before '" + text.substring(pos) + "'");
                }
                pos++;
                skipSpace();
                String name = identifier("expected a member name after '.'");
                skipSpace();
                if (peek() == '(') {
                    pos++;
                    skipSpace();
                    String arg = null;
                    if (peek() == '"') {
                        arg = string();
                        skipSpace();
                    }
                    if (peek() == ',') {
                        throw fail(name + "(...): at most one \"text\" argument is supported");
                    }
                    if (peek() != ')') {
                        throw fail(pos >= text.length() ? name + "(: missing ')'"
                                : name + "(...): the only argument allowed is one \"text\" literal");
                    }
                    pos++;
                    segments.add(new Segment(name, true, arg));
                } else {
                    segments.add(new Segment(name, false, null));
                }
                skipSpace();
            }
            return new Expression(text, root, argIndex, null, segments);
        }

        private int argIndex(String word, int start) {
            String digits = word.substring(3);
            if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw fail("'" + word + "' is not a root: arguments are arg0, arg1, ...");
            }
            if (digits.length() > 3 || Integer.parseInt(digits) > MAX_ARG_INDEX) {
                throw fail("'" + word + "': a method has at most " + (MAX_ARG_INDEX + 1) + " arguments");
            }
            return Integer.parseInt(digits);
        }

        private String identifier(String expected) {
            skipSpace();
            int start = pos;
            if (pos < text.length() && Character.isJavaIdentifierStart(text.charAt(pos))) {
                pos++;
                while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
                    pos++;
                }
            }
            if (start == pos) {
                throw fail(pos >= text.length() ? expected + " at the end" : expected
                        + ", found '" + text.charAt(pos) + "'");
            }
            return text.substring(start, pos);
        }

        /** A double-quoted string; backslash escapes {@code "} and {@code \}. */
        private String string() {
            int open = pos;
            pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (pos >= text.length()) {
                        break;
                    }
                    char next = text.charAt(pos++);
                    if (next != '"' && next != '\\') {
                        throw fail("unknown escape '\\" + next + "' in a string (only \\\" and \\\\)");
                    }
                    c = next;
                }
                sb.append(c);
            }
            throw fail("unterminated string starting at position " + (open + 1));
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException fail(String reason) {
            return new IllegalArgumentException("bad expression '" + text + "': " + reason);
        }
    }
}
