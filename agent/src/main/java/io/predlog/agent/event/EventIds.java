package io.predlog.agent.event;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Makes the {@code event_id} of each event the encoder writes: 32 lowercase hex characters, the first 16 a random
 * 64-bit prefix drawn once per generator, the last 16 a sequence number counted up from 0. Ids are unique across
 * processes and restarts as long as no two generators draw the same prefix (2<sup>-64</sup> per pair), and each
 * costs a counter increment and 16 hex digits written into a reused buffer.
 *
 * <p>The prefix comes from {@link SecureRandom}, drawn at the first {@link #next} rather than at construction, so
 * the agent's start-up on the application's thread does not pay for seeding it: the encoder, and so this
 * generator, is used on the dispatcher thread only. Not thread-safe.
 */
public final class EventIds {

    /** Characters in an id. */
    public static final int LENGTH = 32;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final byte[] id = new byte[LENGTH];
    private boolean prefixed;
    private long sequence;

    /** A generator whose prefix is drawn from {@link SecureRandom} when the first id is made. */
    public EventIds() {
        // the prefix is drawn by the first next()
    }

    /** A generator with a given prefix (tests, benchmarks). */
    EventIds(long prefix) {
        hex(prefix, 0);
        prefixed = true;
    }

    /**
     * The next id as ASCII bytes in a buffer reused by the next call: read or copy it before calling again.
     *
     * @return an array of {@value #LENGTH} bytes
     */
    byte[] next() {
        if (!prefixed) {
            hex(new SecureRandom().nextLong(), 0);
            prefixed = true;
        }
        hex(sequence++, 16);
        return id;
    }

    /** The next id as a string (tests and tools; the encoder uses the bytes). */
    public String nextString() {
        return new String(next(), StandardCharsets.US_ASCII);
    }

    private void hex(long value, int at) {
        for (int i = at + 15; i >= at; i--) {
            id[i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
