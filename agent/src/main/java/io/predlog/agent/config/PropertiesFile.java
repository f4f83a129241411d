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
 * properties encoding. A file larger than {@value #MAX_BYTES} bytes, or one that looks binary, is not read at all
 * ({@link NotAPropertiesFile}): one error says so, instead of a warning per line of garbage.
 */
final class PropertiesFile {

    /** One key as written in the file, before the {@code predlog.} prefix is added. */
    record Entry(String key, String value, int line) {
    }

    /** The largest file read: 1 MiB, far more than any configuration needs. */
    static final int MAX_BYTES = 1 << 20;
    /** A text file has fewer control characters than one in this many bytes. */
    static final int MAX_CONTROL_SHARE = 100;
    /** A few stray control characters in a small file are a typo, not a binary file. */
    static final int MIN_CONTROLS = 8;

    private PropertiesFile() {
    }

    /** A file that is not read: too large to be a properties file, or not text at all. */
    static final class NotAPropertiesFile extends IOException {
        private static final long serialVersionUID = 1L;

        NotAPropertiesFile(String message) {
            super(message);
        }
    }

    /**
     * Reads the file at {@code path}.
     *
     * @throws NotAPropertiesFile when it is larger than {@value #MAX_BYTES} bytes, or holds a NUL byte, or more than
     *                            {@value #MIN_CONTROLS} control characters and more than one in
     *                            {@value #MAX_CONTROL_SHARE} of its bytes (other than tab, line feed, carriage return
     *                            and form feed): a binary file given by mistake
     */
    static List<Entry> read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_BYTES) {
            throw new NotAPropertiesFile("is " + size + " bytes, more than the " + MAX_BYTES
                    + " a predlog properties file may have");
        }
        byte[] bytes = Files.readAllBytes(path);
        if (bytes.length > MAX_BYTES) {
            throw new NotAPropertiesFile("is more than the " + MAX_BYTES + " bytes a predlog properties file may have");
        }
        String binary = binaryEvidence(bytes);
        if (binary != null) {
            throw new NotAPropertiesFile("does not look like a properties file (" + binary + ")");
        }
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

    /** Why {@code bytes} look binary rather than text, or null when they look like text. */
    static String binaryEvidence(byte[] bytes) {
        int controls = 0;
        int first = -1;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (b == 0) {
                return "a NUL byte at offset " + i;
            }
            if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7F) {
                controls++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (controls > MIN_CONTROLS && (long) controls * MAX_CONTROL_SHARE > bytes.length) {
            return controls + " control bytes in " + bytes.length + ", the first at offset " + first;
        }
        return null;
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
