package io.predlog.agent.event;

import io.predlog.agent.context.HexDigits;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the {@code event_id} of each event an encoder writes: 32 lowercase hex characters, the first 16 a random
 * 64-bit prefix drawn once per sequence, the last 16 a sequence number counted up from 0. Ids are unique across
 * processes and restarts as long as no two sequences draw the same prefix (2<sup>-64</sup> per pair), and each
 * costs an atomic increment and 16 hex digits written into a reused buffer.
 *
 * <p>The pipeline's encoders share one sequence ({@link #sharing}): the dispatcher's, and those of application
 * threads that encode their own events when the dispatcher falls behind. Each generator writes into a buffer of its
 * own, so one generator is used by one thread at a time; the sequence is safe from any thread.
 *
 * <p>The prefix comes from {@link SecureRandom}, drawn at the first {@link #next} rather than at construction, so
 * the agent's start-up on the application's thread does not pay for seeding it.
 */
public final class EventIds {

    /** Characters in an id. */
    public static final int LENGTH = 32;


    private final Sequence sequence;
    private final byte[] id = new byte[LENGTH];
    private boolean prefixed;

    /** A generator with a sequence of its own, whose prefix is drawn from {@link SecureRandom} when first needed. */
    public EventIds() {
        this(new Sequence(0, false));
    }

    /** A generator with a given prefix (tests, benchmarks). */
    EventIds(long prefix) {
        this(new Sequence(prefix, true));
    }

    private EventIds(Sequence sequence) {
        this.sequence = sequence;
    }

    /** A generator for another thread that continues this one's sequence: the same prefix, never the same id. */
    EventIds sharing() {
        return new EventIds(sequence);
    }

    /**
     * The next id as ASCII bytes in a buffer reused by the next call: read or copy it before calling again.
     *
     * @return an array of {@value #LENGTH} bytes
     */
    byte[] next() {
        if (!prefixed) {
            HexDigits.write(sequence.prefix(), id, 0);
            prefixed = true;
        }
        HexDigits.write(sequence.next.getAndIncrement(), id, 16);
        return id;
    }

    /** The next id as a string (tests and tools; the encoder uses the bytes). */
    public String nextString() {
        return new String(next(), StandardCharsets.US_ASCII);
    }

    /** A prefix, drawn once, and the numbers after it. */
    private static final class Sequence {
        final AtomicLong next = new AtomicLong();
        private volatile long prefix;
        private volatile boolean drawn;

        Sequence(long prefix, boolean drawn) {
            this.prefix = prefix;
            this.drawn = drawn;
        }

        long prefix() {
            if (!drawn) {
                synchronized (this) {
                    if (!drawn) {
                        prefix = new SecureRandom().nextLong();
                        drawn = true;
                    }
                }
            }
            return prefix;
        }
    }
}
