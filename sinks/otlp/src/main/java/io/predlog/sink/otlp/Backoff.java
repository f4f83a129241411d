package io.predlog.sink.otlp;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before a failed request is sent again: {@code initial}, doubling with each failure in a row up to
 * {@code max}, each wait drawn between 80 % and 100 % of that (so that many services do not retry in step); a
 * {@code Retry-After} the endpoint sent is waited for instead, as it asks. Reset by a success. Not thread-safe: the
 * sender thread's.
 */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private long nextNanos;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.nextNanos = initialNanos;
    }

    /** The wait after one more failure; {@code retryAfter}, when the endpoint gave one, is used as it is. */
    long failedNanos(Duration retryAfter) {
        long step = nextNanos;
        nextNanos = Math.min(maxNanos, nextNanos * 2);
        if (retryAfter != null) {
            return retryAfter.toNanos();
        }
        return step - (long) (step * 0.2 * ThreadLocalRandom.current().nextDouble());
    }

    /** Back to the first wait, after a request that got an answer. */
    void succeeded() {
        nextNanos = initialNanos;
    }
}
