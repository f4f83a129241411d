package io.predlog.agent.event;

/**
 * Encodes a {@link RequestEvent} ({@code request_start}, {@code request_success}, {@code request_failure}), written
 * for every request an entry target serves, straight to UTF-8 bytes: the same bytes as {@link EventJsonEncoder}'s
 * Jackson path, its repeated strings (thread, target, method) from {@link JsonBytes#cachedString}. Declines
 * ({@link #encode} returns false) a string it cannot write exactly (a surrogate character), which the encoder then
 * writes with Jackson. One per encoder; not thread-safe.
 */
final class RequestLine {

    private static final byte[] START = LineFields.head("request_start", "INFO");
    private static final byte[] SUCCESS = LineFields.head("request_success", "INFO");
    private static final byte[] FAILURE = LineFields.head("request_failure", "ERROR");

    private final LineFields line;

    /** @param line the encoder's line, which this writes request events into */
    RequestLine(LineFields line) {
        this.line = line;
    }

    /**
     * Encodes {@code r} as one line with {@code eventId} ({@link EventIds#LENGTH} ASCII bytes) as its
     * {@code event_id}, {@code '\n'} included; false when it declines.
     */
    boolean encode(RequestEvent r, byte[] eventId) {
        LineFields f = line;
        Phase phase = r.phase();
        byte[] head = phase == Phase.START ? START : phase == Phase.SUCCESS ? SUCCESS : FAILURE;
        if (!f.begin(head, r.startEpochMillis(), eventId, r.thread())
                || !f.string(LineFields.REQUEST_ID, r.requestId())
                || !f.repeated(LineFields.TARGET, r.target()) || !f.repeated(LineFields.METHOD, r.method())) {
            return false;
        }
        if (phase != Phase.START) {
            f.millis(LineFields.LATENCY_MS, r.latencyMs());
        }
        f.sampleRate(r.sampleRate());
        if (phase == Phase.FAILURE && !f.error(r.errorType(), r.errorMessage())) {
            return false;
        }
        f.end();
        return true;
    }
}
