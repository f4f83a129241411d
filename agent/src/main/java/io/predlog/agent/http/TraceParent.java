package io.predlog.agent.http;

import io.predlog.agent.context.HexDigits;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The W3C Trace Context {@code traceparent} header, version {@code 00}:
 * {@code 00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>}, lowercase hex, neither id all zeros. predlog
 * reads the trace-id of an inbound one as the request id, and writes one on outbound calls whose request id is
 * itself a valid trace-id, so that a tracing system downstream sees the same trace.
 */
public final class TraceParent {

    /** The header's name (header names are case-insensitive). */
    public static final String HEADER = "traceparent";

    private static final int LENGTH = 55;

    private TraceParent() {
    }

    /**
     * The trace-id of a valid version-00 {@code traceparent}, or null for anything else (other versions,
     * upper-case hex, all-zero ids, wrong lengths or separators). Surrounding blanks are ignored.
     */
    public static String traceId(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.length() != LENGTH || value.charAt(0) != '0' || value.charAt(1) != '0' || value.charAt(2) != '-'
                || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return null;
        }
        if (!lowerHex(value, 3, 35) || !lowerHex(value, 36, 52) || !lowerHex(value, 53, 55)
                || allZeros(value, 3, 35) || allZeros(value, 36, 52)) {
            return null;
        }
        return value.substring(3, 35);
    }

    /** Whether {@code id} can be a trace-id: 32 lowercase hex characters, not all zeros. */
    public static boolean isTraceId(String id) {
        return id != null && id.length() == 32 && lowerHex(id, 0, 32) && !allZeros(id, 0, 32);
    }

    /**
     * A {@code traceparent} for an outbound call made inside request {@code requestId}: {@code 00-<requestId>-<16
     * random hex>-01}, or null when the request id is not a valid trace-id (an adopted id of another form).
     */
    public static String forRequest(String requestId) {
        if (!isTraceId(requestId)) {
            return null;
        }
        long span = ThreadLocalRandom.current().nextLong();
        if (span == 0) {
            span = 1;
        }
        byte[] chars = new byte[LENGTH];
        chars[0] = '0';
        chars[1] = '0';
        chars[2] = '-';
        for (int i = 0; i < 32; i++) {
            chars[3 + i] = (byte) requestId.charAt(i);
        }
        chars[35] = '-';
        HexDigits.write(span, chars, 36);
        chars[52] = '-';
        chars[53] = '0';
        chars[54] = '1';
        return new String(chars, StandardCharsets.ISO_8859_1);
    }

    private static boolean lowerHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZeros(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
