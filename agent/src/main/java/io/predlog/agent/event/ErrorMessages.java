package io.predlog.agent.event;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Makes an exception message safe to write: redacted and truncated as docs/EVENTS.md says for {@code error_msg}. */
public final class ErrorMessages {

    /** Longest {@code error_msg}, in UTF-16 code units. */
    public static final int MAX_LENGTH = 200;

    /** What replaces an e-mail address or a run of six or more digits. */
    public static final String REDACTED = "<redacted>";

    /**
     * Only this much of a raw message is looked at. Redaction can only shrink a message by replacing matches,
     * so this bounds the work on huge messages; the cut drops a trailing partial word so that a half e-mail
     * address or digit run at the cut cannot slip through unredacted.
     */
    static final int MAX_SCANNED = 4096;

    private static final Pattern SENSITIVE = Pattern.compile(
            "[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)*\\.[A-Za-z]{2,}" // e-mail address
                    + "|[0-9]{6,}");                                                 // 6+ digits

    private ErrorMessages() {
    }

    /**
     * Replaces e-mail addresses and runs of six or more ASCII digits with {@value #REDACTED}, then cuts the result
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
        Matcher m = SENSITIVE.matcher(text);
        if (m.find()) {
            StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH + REDACTED.length()));
            int from = 0;
            do {
                out.append(text, from, m.start()).append(REDACTED);
                from = m.end();
            } while (out.length() < MAX_LENGTH && m.find());
            if (out.length() < MAX_LENGTH) {
                out.append(text, from, Math.min(text.length(), from + MAX_LENGTH - out.length()));
            }
            text = out.toString();
        }
        return cut(text);
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
