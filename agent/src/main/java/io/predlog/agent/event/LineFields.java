package io.predlog.agent.event;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The line an encoder writes straight to UTF-8 bytes ({@link PredictionLine}, {@link RequestLine}), and the fields
 * every event's line has or may have, written as {@link GeneratorLine} writes them through Jackson: the head
 * ({@code event}, {@code level}, {@code timestamp}, the process fields, {@code event_id}, {@code thread}), strings,
 * milliseconds, {@code sample_rate} and the error. Field names are constants with their comma and colon. One per
 * encoder, shared by its direct lines; not thread-safe.
 */
final class LineFields {

    static final byte[] TIMESTAMP = field("timestamp");
    static final byte[] EVENT_ID = field("event_id");
    static final byte[] THREAD = field("thread");
    static final byte[] REQUEST_ID = field("request_id");
    static final byte[] TARGET = field("target");
    static final byte[] METHOD = field("method");
    static final byte[] LATENCY_MS = field("latency_ms");
    private static final byte[] SAMPLE_RATE = field("sample_rate");
    private static final byte[] ERROR_TYPE = field("error_type");
    private static final byte[] ERROR_MSG = field("error_msg");
    private static final byte[] ONE = ascii("1.0");
    private static final byte[] END = ascii("}\n");

    /** The line being written. */
    final JsonBytes out = new JsonBytes();
    private final byte[] processFields;
    private final UtcMillisFormat timestamps = new UtcMillisFormat();
    private final DecimalText decimals = new DecimalText();

    /** @param processFields {@code ,"schema":1,"service":…,"host":…,"pid":…} as the encoder writes them */
    LineFields(byte[] processFields) {
        this.processFields = processFields.clone();
    }

    /**
     * Starts a new line: {@code head} ({@link #head}), the {@code timestamp}, the process fields, {@code eventId}
     * ({@link EventIds#LENGTH} ASCII bytes) and the {@code thread}; false when it cannot be written exactly.
     */
    boolean begin(byte[] head, long epochMillis, byte[] eventId, String thread) {
        JsonBytes o = out;
        o.reset();
        o.raw(head);
        o.raw(TIMESTAMP);
        int stamp = timestamps.format(epochMillis);
        if (stamp > 0) {
            o.raw((byte) '"');
            o.ascii(timestamps.chars(), 0, stamp);
            o.raw((byte) '"');
        } else if (!o.string(UtcMillisFormat.text(epochMillis))) {
            return false;
        }
        o.raw(processFields);
        o.raw(EVENT_ID);
        o.raw((byte) '"');
        o.raw(eventId);
        o.raw((byte) '"');
        return repeated(THREAD, thread);
    }

    /** A string field, left out when null or empty; false when it cannot be written exactly (nothing written). */
    boolean string(byte[] field, String value) {
        return string(field, value, false);
    }

    /** A string field the event repeats from call to call, written from {@link JsonBytes#cachedString}. */
    boolean repeated(byte[] field, String value) {
        return string(field, value, true);
    }

    private boolean string(byte[] field, String value, boolean repeated) {
        if (value == null || value.isEmpty()) {
            return true;
        }
        JsonBytes o = out;
        int mark = o.length();
        o.raw(field);
        if (!(repeated ? o.cachedString(value) : o.string(value))) {
            o.truncate(mark);
            return false;
        }
        return true;
    }

    /** Milliseconds as a plain decimal rounded to three fraction digits; left out when not finite. */
    void millis(byte[] field, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        JsonBytes o = out;
        o.raw(field);
        if (Math.abs(value) < DecimalText.MAX_FAST) {
            o.ascii(decimals.chars(), 0, decimals.formatMillis(value));
        } else {
            o.ascii(DecimalText.plain(value));
        }
    }

    /** {@code sample_rate}, exactly; left out when not finite. */
    void sampleRate(double rate) {
        if (!Double.isFinite(rate)) {
            return;
        }
        JsonBytes o = out;
        o.raw(SAMPLE_RATE);
        if (rate == 1.0) {
            o.raw(ONE);
        } else {
            o.ascii(DecimalText.plain(rate));
        }
    }

    /** {@code error_type} and the redacted {@code error_msg}; false when either cannot be written exactly. */
    boolean error(String type, String message) {
        return string(ERROR_TYPE, type) && string(ERROR_MSG, ErrorMessages.redact(message));
    }

    /** Closes the line: {@code }} and its newline. */
    void end() {
        out.raw(END);
    }

    /** Copies the line last written to {@code target} in one call. */
    void writeTo(OutputStream target) throws IOException {
        out.writeTo(target);
    }

    /** {@code {"event":"name","level":"LEVEL"}} without its closing brace: a line's first bytes. */
    static byte[] head(String event, String level) {
        return ascii("{\"event\":\"" + event + "\",\"level\":\"" + level + "\"");
    }

    /** {@code ,"name":}. */
    static byte[] field(String name) {
        return ascii(",\"" + name + "\":");
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
