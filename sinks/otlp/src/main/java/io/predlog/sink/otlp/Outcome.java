package io.predlog.sink.otlp;

import java.time.Duration;

/** What became of one request: the three answers the sink acts on. */
sealed interface Outcome {

    /**
     * The endpoint took the request (2xx). It may still have dropped some of its records: OTLP's partial success.
     *
     * @param rejected records the endpoint said it dropped
     * @param message  its reason for that, or empty
     */
    record Accepted(long rejected, String message) implements Outcome {
    }

    /**
     * Not now: 429, 502, 503, 504, or no answer (refused, reset, timed out). The records are kept and sent again.
     *
     * @param reason     for stderr ({@code HTTP 503}, {@code ConnectException: Connection refused})
     * @param retryAfter what the response's {@code Retry-After} asks for, or null
     */
    record Retry(String reason, Duration retryAfter) implements Outcome {
    }

    /** Never: any other status. The records are lost, counted under {@code reason} ({@code rejected: HTTP 400}). */
    record Refused(String reason) implements Outcome {
    }
}
