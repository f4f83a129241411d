package io.predlog.agent.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a properties file the way {@link java.util.Properties#load(java.io.Reader)} does (comments,
 * {@code =}, {@code :} or whitespace separators, backslash continuations and escapes) but keeps the line on
 * which each key starts, so errors can say {@code agent.properties:12}.
 *
 * <p>The file is read as UTF-8; a file that is not valid UTF-8 is read as ISO-8859-1, the historical
 * properties encoding.
 */
final class PropertiesFile {

    /** One key as written in the file, before the {@code predlog.} prefix is added. */
    record Entry(String key, String value, int line) {
    }

    private PropertiesFile() {
    }

    static List<Entry> read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return parse(text);
    }

    static List<Entry> parse(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Entry> entries = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            int startLine = i + 1;
            String line = stripLeading(lines[i]);
            i++;
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == '!') {
                continue;
            }
            StringBuilder logical = new StringBuilder();
            while (endsWithContinuation(line) && i < lines.length) {
                logical.append(line, 0, line.length() - 1);
                line = stripLeading(lines[i]);
                i++;
            }
            if (endsWithContinuation(line)) {
                line = line.substring(0, line.length() - 1);
            }
            logical.append(line);
            entries.add(split(logical.toString(), startLine));
        }
        return entries;
    }

    private static Entry split(String logical, int line) {
        int n = logical.length();
        int keyEnd = 0;
        while (keyEnd < n) {
            char c = logical.charAt(keyEnd);
            if (c == '\\') {
                keyEnd += 2;
                continue;
            }
            if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            }
            keyEnd++;
        }
        keyEnd = Math.min(keyEnd, n);
        int valueStart = keyEnd;
        while (valueStart < n && isSpace(logical.charAt(valueStart))) {
            valueStart++;
        }
        if (valueStart < n && (logical.charAt(valueStart) == '=' || logical.charAt(valueStart) == ':')) {
            valueStart++;
            while (valueStart < n && isSpace(logical.charAt(valueStart))) {
                valueStart++;
            }
        }
        return new Entry(unescape(logical.substring(0, keyEnd)), unescape(logical.substring(valueStart)), line);
    }

    private static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int j = line.length() - 1; j >= 0 && line.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int j = 0; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c != '\\' || j + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++j);
            switch (e) {
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (isHex(s, j + 1)) {
                        sb.append((char) Integer.parseInt(s.substring(j + 1, j + 5), 16));
                        j += 4;
                    } else {
                        sb.append('u');
                    }
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }

    private static boolean isHex(String s, int from) {
        if (from + 4 > s.length()) {
            return false;
        }
        for (int k = from; k < from + 4; k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    private static String stripLeading(String line) {
        int k = 0;
        while (k < line.length() && isSpace(line.charAt(k))) {
            k++;
        }
        return line.substring(k);
    }
}
