package io.predlog.agent.event;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Makes an exception message safe to write: redacted and truncated as docs/EVENTS.md says for {@code error_msg}. */
public final class ErrorMessages {

    /** Longest {@code error_msg}, in UTF-16 code units. */
    public static final int MAX_LENGTH = 200;

    /**
     * What replaces an e-mail address or a run of six or more digits (the digits may be grouped by single spaces or
     * dashes, as card and phone numbers are written: {@code 4111 1111 1111 1111}, {@code 415-555-0100}).
     */
    public static final String REDACTED = "<redacted>";

    /**
     * Only this much of a raw message is looked at. Redaction can only shrink a message by replacing matches,
     * so this bounds the work on huge messages; the cut drops a trailing partial word so that a half e-mail
     * address or digit run at the cut cannot slip through unredacted.
     */
    static final int MAX_SCANNED = 4096;

    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)*\\.[A-Za-z]{2,}");
    /** The fewest digits in a run that is redacted. */
    private static final int MIN_DIGITS = 6;

    private ErrorMessages() {
    }

    /**
     * Replaces e-mail addresses and runs of six or more ASCII digits (grouped or not) with {@value #REDACTED}, then cuts the result
     * to {@value #MAX_LENGTH} characters (never between the two halves of a surrogate pair). Redaction comes first
     * so that the cut cannot leave a fragment that escaped it. {@code null} stays {@code null}.
     */
    public static String redact(String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw;
        if (text.length() > MAX_SCANNED) {
            int end = MAX_SCANNED;
            while (end > 0 && isWordChar(text.charAt(end - 1)) && isWordChar(text.charAt(end))) {
                end--;
            }
            if (end == 0) {
                return REDACTED; // one enormous token: nothing safe to keep
            }
            text = text.substring(0, end);
        }
        // e-mail addresses first (their digits go with them), then digit runs in the text between them
        Matcher m = EMAIL.matcher(text);
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SCANNED));
        int from = 0;
        while (out.length() < MAX_LENGTH && m.find()) {
            redactDigits(text, from, m.start(), out);
            out.append(REDACTED);
            from = m.end();
        }
        if (out.length() < MAX_LENGTH) {
            redactDigits(text, from, text.length(), out);
        }
        text = out.toString();
        return cut(text);
    }

    /**
     * Appends {@code text[from, to)} to {@code out} with each run of at least {@link #MIN_DIGITS} digits replaced:
     * digits, possibly grouped by single spaces or dashes between them. A scan, not a regular expression, so that
     * a run of thousands of groups costs linear time and no recursion.
     */
    private static void redactDigits(String text, int from, int to, StringBuilder out) {
        int i = from;
        int copied = from;
        while (i < to) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int end = i;
            int digits = 0;
            int j = i;
            while (j < to) {
                char c = text.charAt(j);
                if (isDigit(c)) {
                    digits++;
                    end = ++j;
                } else if ((c == ' ' || c == '-') && j + 1 < to && isDigit(text.charAt(j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            if (digits >= MIN_DIGITS) {
                out.append(text, copied, start).append(REDACTED);
                copied = end;
            }
            i = end;
        }
        out.append(text, copied, to);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String cut(String text) {
        if (text.length() <= MAX_LENGTH) {
            return text;
        }
        int end = MAX_LENGTH;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** Characters that may be part of an e-mail address or a digit run. */
    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '@';
    }
}
