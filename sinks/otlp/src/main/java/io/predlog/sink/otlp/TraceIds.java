package io.predlog.sink.otlp;

/** A request id as an OTLP trace id: the W3C form, 32 hex digits, not all zero. */
final class TraceIds {

    private TraceIds() {
    }

    /** The 16 bytes that {@code id} spells in hex, or null when it is not 32 hex digits or is all zero. */
    static byte[] fromHex(String id) {
        if (id.length() != 32) {
            return null;
        }
        byte[] bytes = new byte[16];
        boolean zero = true;
        for (int i = 0; i < 16; i++) {
            int high = hexDigit(id.charAt(2 * i));
            int low = hexDigit(id.charAt(2 * i + 1));
            if (high < 0 || low < 0) {
                return null;
            }
            bytes[i] = (byte) (high << 4 | low);
            zero &= bytes[i] == 0;
        }
        return zero ? null : bytes;
    }

    private static int hexDigit(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    /** The 32 lowercase hex digits of a trace id, as OTLP/JSON writes it. */
    static String toHex(byte[] traceId) {
        StringBuilder hex = new StringBuilder(32);
        for (byte b : traceId) {
            hex.append(Character.forDigit(b >> 4 & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }
}
