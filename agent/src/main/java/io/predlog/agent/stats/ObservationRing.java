package io.predlog.agent.stats;

import io.predlog.agent.capture.Features;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded queue from the application threads to the statistics thread: a ring of reusable {@link Observation}
 * slots, so that handing a call over allocates nothing once a slot has been used. Lock-free; a full ring refuses the
 * call (its caller counts it) instead of waiting.
 *
 * <p>The layout of Vyukov's bounded queue, with one consumer: slot {@code i} has a sequence number, {@code i} while
 * free for the producer at position {@code i} and {@code i + 1} once that producer published it. A producer claims
 * position {@code p} by compare-and-set on the producer index when its slot's sequence is {@code p}, fills the slot,
 * and publishes it with a release store of {@code p + 1}; the consumer reads a slot whose sequence says it is
 * published, folds it, clears it and frees it for the next lap with {@code p + capacity}. Slot {@code i} stores its
 * sequence less {@code i}, so that a new ring's zeroed array already says "free for the first lap" and making one
 * (at the agent's start) writes nothing per slot. Slots are made on the ring's first lap, one small object each, by
 * the producer that finds its slot empty, together with the next {@value #MADE_TOGETHER} - 1: a producer then finds
 * its slot empty one time in {@value #MADE_TOGETHER} on the first lap and never after, so the compiled code of the
 * callers' path (the application's threads) knows both cases from the first lap, and the ring's first wrap does not
 * send it back to the interpreter, as a slot that was always empty until then would.
 *
 * <p>The consumer sleeps in {@link #await}; the producer of every {@value #WAKE_EVERY}th position (every quarter ring's
 * first, in a smaller ring) wakes it, so the ring cannot fill while it sleeps unless that many calls are offered faster
 * than the consumer wakes, and the calls' {@link Features}, lent by their threads until folded, come back to them
 * after a few hundred calls rather than a quarter of the ring. After a quiet spell it sleeps in {@link #awaitFirst}
 * instead, and the next call's producer wakes it.
 */
final class ObservationRing {

    /** Each made once, by compare-and-set, so that every producer and the consumer use the one made. */
    private final AtomicReferenceArray<Observation> slots;
    /** Slots made at once on the first lap (see the class comment). */
    static final int MADE_TOGETHER = 16;
    /** Slot {@code i}'s sequence less {@code i} (see the class comment): all zero when new. */
    private final AtomicLongArray sequences;
    private final int mask;
    private final AtomicLong producerIndex = new AtomicLong();
    /** Calls offered between two wake-ups of a sleeping consumer, at most. */
    static final int WAKE_EVERY = 256;
    /** Where in {@link #consumer} the consumer's position is: seven longs (56 bytes) on each side. */
    private static final int CONSUMER = 7;

    /** Positions at multiples of this ({@link #WAKE_EVERY}, a quarter of a smaller ring) wake a sleeping consumer. */
    private final int wakeMask;
    /** The consumer while it sleeps in {@link #await} or {@link #awaitFirst}; null while it is awake. */
    private final AtomicReference<Thread> sleeper = new AtomicReference<>();
    /** The consumer while it sleeps in {@link #awaitFirst}: every producer wakes it, not only every quarter's. */
    private volatile Thread firstCallSleeper;
    /**
     * The consumer's position, {@code consumer[CONSUMER]}, alone in the middle of an array of its own. The consumer
     * writes it for every call it takes; held in this object, each write would take the cache line of the fields
     * every offer reads ({@link #slots}, {@link #sequences}, the masks) away from the producers' cores. Seven longs on
     * each side keep any other object's data out of its 64-byte line. Statistics thread only.
     */
    private final long[] consumer = new long[2 * CONSUMER + 1];

    /** @param capacity a power of two */
    ObservationRing(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a positive power of two: " + capacity);
        }
        this.slots = new AtomicReferenceArray<>(capacity);
        this.sequences = new AtomicLongArray(capacity);
        this.mask = capacity - 1;
        this.wakeMask = Math.max(1, Math.min(WAKE_EVERY, capacity / 4)) - 1;
    }

    /** A ring of at least {@code calls} slots (the next power of two). */
    static ObservationRing holding(int calls) {
        return new ObservationRing(slots(calls));
    }

    /** The slots of a ring holding at least {@code calls} calls: the next power of two. */
    static int slots(int calls) {
        if (calls < 1 || calls > 1 << 30) {
            throw new IllegalArgumentException("capacity must be from 1 to 2^30: " + calls);
        }
        return calls == 1 ? 1 : Integer.highestOneBit(calls - 1) << 1;
    }

    /** Queues one call; false when the ring is full. Any thread. */
    boolean offer(ModelCell cell, long latencyNanos, String errorType, long inputSize, byte seenBefore,
                  Features features, Features outputFeatures) {
        long p = producerIndex.get();
        while (true) {
            int slot = (int) p & mask;
            long seq = sequences.get(slot) + slot;
            if (seq == p) {
                if (producerIndex.compareAndSet(p, p + 1)) {
                    break;
                }
                p = producerIndex.get();
            } else if (seq < p) {
                return false; // the slot still holds the call of the lap before: full
            } else {
                p = producerIndex.get(); // another producer took p
            }
        }
        int i = (int) p & mask;
        Observation o = slots.get(i);
        if (o == null) {
            o = make(i);
        }
        o.set(cell, latencyNanos, errorType, inputSize, seenBefore, features, outputFeatures);
        sequences.lazySet(i, p + 1 - i);
        if ((p & wakeMask) == 0 || firstCallSleeper != null) {
            wake();
        }
        return true;
    }

    /** Makes slot {@code i} and the next ones on the first lap (see the class comment); returns slot {@code i}'s. */
    private Observation make(int i) {
        Observation o = new Observation();
        if (!slots.compareAndSet(i, null, o)) {
            return slots.get(i); // made meanwhile by another producer, making slots ahead of its own
        }
        for (int j = i + 1, end = Math.min(i + MADE_TOGETHER, slots.length()); j < end; j++) {
            if (slots.get(j) == null) {
                slots.compareAndSet(j, null, new Observation());
            }
        }
        return o;
    }

    /**
     * Wakes the consumer if it sleeps. Called every {@link #wakeMask} + 1 positions, so a busy ring never fills, and
     * for every position while the consumer sleeps in {@link #awaitFirst}.
     */
    private void wake() {
        Thread s = sleeper.get();
        if (s != null && sleeper.compareAndSet(s, null)) {
            LockSupport.unpark(s);
        }
    }

    /**
     * Parks the calling thread (the consumer) for at most {@code maxNanos}, or until {@link #WAKE_EVERY} calls (a
     * quarter of a smaller ring) have been offered since it began. Consumer only; may return earlier.
     */
    void await(long maxNanos) {
        sleeper.set(Thread.currentThread());
        try {
            LockSupport.parkNanos(this, maxNanos);
        } finally {
            sleeper.set(null);
        }
    }

    /**
     * As {@link #await}, woken by the next call offered: for a consumer that has found nothing to take for a while.
     * Returns at once when a call was offered since the last one taken. Consumer only; may return earlier.
     */
    void awaitFirst(long maxNanos) {
        Thread self = Thread.currentThread();
        sleeper.set(self);
        firstCallSleeper = self;
        try {
            // both are set before the producer index is read, and a producer claims its position (a compare-and-set
            // of that index) before it reads them: either this read sees the claim, or that producer wakes the thread
            if (producerIndex.get() == consumer[CONSUMER]) {
                LockSupport.parkNanos(this, maxNanos);
            }
        } finally {
            firstCallSleeper = null;
            sleeper.set(null);
        }
    }

    /** Slots made so far: {@value #MADE_TOGETHER} at a time on the first lap (see the class comment). */
    int slotsMade() {
        int made = 0;
        for (int i = 0; i < slots.length(); i++) {
            made += slots.get(i) == null ? 0 : 1;
        }
        return made;
    }

    /** The oldest published call, or null when there is none; give it back with {@link #release}. Consumer only. */
    Observation peek() {
        long c = consumer[CONSUMER];
        int i = (int) c & mask;
        return sequences.get(i) + i == c + 1 ? slots.get(i) : null;
    }

    /** Frees the slot {@link #peek} returned, for the producers' next lap. Consumer only. */
    void release() {
        long c = consumer[CONSUMER];
        int i = (int) c & mask;
        slots.get(i).clear();
        sequences.lazySet(i, c + slots.length() - i);
        consumer[CONSUMER] = c + 1;
    }
}
