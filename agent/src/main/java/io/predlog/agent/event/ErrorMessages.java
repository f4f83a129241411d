package io.predlog.agent.event;

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
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SCANNED));
        int from = 0;
        long email;
        while (out.length() < MAX_LENGTH && (email = nextEmail(text, from)) >= 0) {
            redactDigits(text, from, (int) (email >>> 32), out);
            out.append(REDACTED);
            from = (int) email;
        }
        if (out.length() < MAX_LENGTH) {
            redactDigits(text, from, text.length(), out);
        }
        text = out.toString();
        return cut(text);
    }

    /**
     * The first e-mail address in {@code text} at or after {@code from}, as its start in the high and its end in the
     * low 32 bits; -1 when there is none. An address is what the pattern
     * {@code [A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}} matches, found where that pattern's
     * leftmost match would be, by a scan around each {@code @} instead of the pattern, whose backtracking over a long
     * run of name characters without an address takes time quadratic in the run (65 ms for 4,000 characters).
     */
    private static long nextEmail(String text, int from) {
        for (int at = text.indexOf('@', from); at >= 0; at = text.indexOf('@', at + 1)) {
            int start = at;
            while (start > from && isLocalChar(text.charAt(start - 1))) {
                start--;
            }
            if (start < at) {
                int end = domainEnd(text, at + 1);
                if (end >= 0) {
                    return (long) start << 32 | end;
                }
            }
        }
        return -1;
    }

    /**
     * Where the domain of an address ends when it starts at {@code i}: labels of {@code [A-Za-z0-9-]} joined by single
     * dots, at least two, the address ending after the letters (two or more) that begin the last label that has
     * them; -1 when no label after the first has.
     */
    private static int domainEnd(String text, int i) {
        int n = text.length();
        int p = labelEnd(text, i);
        if (p == i) {
            return -1;
        }
        int end = -1;
        while (p < n && text.charAt(p) == '.') {
            int label = p + 1;
            int labelEnd = labelEnd(text, label);
            if (labelEnd == label) {
                break;
            }
            int letters = label;
            while (letters < labelEnd && isAsciiLetter(text.charAt(letters))) {
                letters++;
            }
            if (letters - label >= 2) {
                end = letters;
            }
            p = labelEnd;
        }
        return end;
    }

    private static int labelEnd(String text, int i) {
        int n = text.length();
        while (i < n && (isAsciiLetter(text.charAt(i)) || isDigit(text.charAt(i)) || text.charAt(i) == '-')) {
            i++;
        }
        return i;
    }

    private static boolean isLocalChar(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
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
        return isLocalChar(c) || c == '@';
    }
}
