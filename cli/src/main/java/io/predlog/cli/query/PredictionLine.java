package io.predlog.cli.query;

import java.nio.charset.StandardCharsets;

/**
 * Tells, from a line's bytes alone, whether it holds a prediction: the member {@code "event":"prediction_success"}
 * or {@code "event":"prediction_failure"}, written as the agent writes it (no space around the colon). Inside a JSON
 * string a quote is escaped, so that text can only be a member; a line written otherwise is taken for another
 * event, which costs only that its text is kept. The agent writes {@code event} first, so the test of a prediction
 * line ends within its first bytes.
 */
final class PredictionLine {

    private static final byte[] MEMBER = "\"event\":\"prediction_".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUCCESS = "success\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAILURE = "failure\"".getBytes(StandardCharsets.US_ASCII);

    private PredictionLine() {
    }

    /** Whether {@code bytes[offset, offset + length)} holds a prediction's {@code event} member. */
    static boolean is(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int last = end - MEMBER.length - SUCCESS.length;
        for (int i = offset; i <= last; i++) {
            if (bytes[i] == '"' && startsWith(bytes, i, MEMBER)) {
                int at = i + MEMBER.length;
                if (startsWith(bytes, at, SUCCESS) || startsWith(bytes, at, FAILURE)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        for (int j = 0; j < prefix.length; j++) {
            if (bytes[at + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }
}
