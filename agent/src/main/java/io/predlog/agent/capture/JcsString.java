package io.predlog.agent.capture;

/**
 * Strings as RFC 8785 writes them: UTF-8, quoted, escaping only {@code "}, {@code \} and the C0 controls
 * ({@code \b \t \n \f \r}, others as <code>&#92;u00XX</code> in lowercase hex); non-ASCII and {@code /} are written
 * as they are.
 *
 * <p>A lone surrogate cannot be written as UTF-8; it is escaped as <code>&#92;udXXX</code>, as ECMAScript's
 * well-formed {@code JSON.stringify} does.
 */
final class JcsString {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private JcsString() {
    }

    /**
     * Writes the quoted string and returns its UTF-8 length unquoted and unescaped, as
     * {@code s.toString().getBytes(UTF_8).length} counts it (a lone surrogate counts one byte there).
     */
    static long write(DigestWriter out, CharSequence s) {
        out.write('"');
        long utf8 = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                utf8++;
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out.write(c);
                } else {
                    writeEscaped(out, c);
                }
            } else if (c < 0x800) {
                utf8 += 2;
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    utf8 += 4;
                    out.write(0xF0 | (cp >> 18));
                    out.write(0x80 | ((cp >> 12) & 0x3F));
                    out.write(0x80 | ((cp >> 6) & 0x3F));
                    out.write(0x80 | (cp & 0x3F));
                } else {
                    utf8++;
                    writeUnicodeEscape(out, c);
                }
            } else {
                utf8 += 3;
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            }
        }
        out.write('"');
        return utf8;
    }

    private static void writeEscaped(DigestWriter out, char c) {
        switch (c) {
            case '"' -> { out.write('\\'); out.write('"'); }
            case '\\' -> { out.write('\\'); out.write('\\'); }
            case '\b' -> { out.write('\\'); out.write('b'); }
            case '\t' -> { out.write('\\'); out.write('t'); }
            case '\n' -> { out.write('\\'); out.write('n'); }
            case '\f' -> { out.write('\\'); out.write('f'); }
            case '\r' -> { out.write('\\'); out.write('r'); }
            default -> writeUnicodeEscape(out, c);
        }
    }

    private static void writeUnicodeEscape(DigestWriter out, char c) {
        out.write('\\');
        out.write('u');
        out.write(HEX[(c >> 12) & 0xF]);
        out.write(HEX[(c >> 8) & 0xF]);
        out.write(HEX[(c >> 4) & 0xF]);
        out.write(HEX[c & 0xF]);
    }
}
