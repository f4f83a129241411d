package io.predlog.agent.pipeline;

import io.predlog.agent.event.Event;
import io.predlog.agent.event.Phase;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.RequestEvent;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The bounded hand-off from application threads to the dispatcher: a lock-free multi-producer,
 * single-consumer queue (JCTools {@code MpscAtomicArrayQueue}: field updaters, not {@code sun.misc.Unsafe}, whose
 * use JDK 24+ reports on stderr). {@link #offer} never waits: an event that does not fit, or comes after
 * {@link #close}, is dropped and counted. Past {@link #EARLY_DEPTH} queued events, application threads queue their
 * events already encoded ({@link EarlyLine}).
 *
 * <p>What a full queue keeps: routine events (successes, which sampling may leave out) fill it up to its capacity;
 * the events sampling never leaves out ({@link #notable}: failures, slow calls, model loads, the in-flight record at
 * a crash) may go a sixteenth past it, so that a queue full of successes still takes the events a diagnosis needs
 * most; the agent's own events have a {@link #RESERVE} past that. An offer that the queue would refuse is refused
 * before its event is encoded, so a saturated service does not spend its threads' time encoding lines it drops.
 *
 * <p>What a full queue holds: besides its count, the queue bounds the bytes of the lines its callers encoded
 * ({@code predlog.queue.max_bytes}; notable events again a sixteenth past it), so that a queue of large events, or a
 * saturated service's queue of lines, holds megabytes rather than the capacity's worth of kilobyte lines. The events
 * below {@link #EARLY_DEPTH}, which the dispatcher encodes, are bounded by that count alone. The bound is checked
 * before a line is encoded and its bytes added after, so callers racing past it at once may overshoot it by a line
 * each.
 *
 * <p>The dispatcher sleeps in {@link #awaitEvents} until {@link #WAKE_DEPTH} events wait (the offer that reaches
 * that depth wakes it: one wake-up per half batch, never one per event) or its time is up, so that a service under
 * load costs a few wake-ups a second rather than hundreds. After a quiet spell it sleeps in {@link #awaitFirstEvent}
 * instead, longer, and the first offer wakes it: an idle service costs one wake-up a second, and the event that
 * ends the spell is written at once.
 *
 * <p>Threads: {@code offer} from any thread; {@code drain}, {@code awaitEvents} and {@code discardRemaining} from the
 * dispatcher only.
 */
final class EventQueue {

    /**
     * Room kept beyond the capacity for the agent's own events ({@link #offerOwn}): the statistics windows, drift,
     * self-protection's steps, configuration changes. They are few, and they matter most when the application's
     * events fill the queue.
     */
    static final int RESERVE = 1024;

    /**
     * Queued events from which an application thread offering one encodes it itself ({@link EarlyLine}): four of the
     * dispatcher's full batches, more than a dispatcher that keeps up ever leaves waiting (half of a smaller queue).
     */
    static final int EARLY_DEPTH = 4096;

    /** Notable events ({@link #notable}) may go the capacity divided by this past it: a sixteenth. */
    static final int NOTABLE_SHARE = 16;

    /** Queued events at which an offer wakes the dispatcher sleeping in {@link #awaitEvents}: half a full batch. */
    static final int WAKE_DEPTH = 512;

    private static final AtomicReferenceFieldUpdater<EventQueue, Thread> SLEEPER =
            AtomicReferenceFieldUpdater.newUpdater(EventQueue.class, Thread.class, "sleeper");

    private final int capacity;
    /** Bytes of queued lines ({@link EarlyLine}) from which a routine event is refused: {@code queue.max_bytes}. */
    private final long maxBytes;
    /** Bytes of queued lines from which a notable event is refused: {@link #maxBytes} and a sixteenth of it. */
    private final long notableBytes;
    /**
     * Bytes of the lines ({@link EarlyLine}) waiting in the queue: added by the caller that queues one, taken off by
     * the dispatcher once per {@link #drain}.
     */
    private final AtomicLong lineBytes = new AtomicLong();
    /** The consumer of the drain in progress; dispatcher only. */
    private MessagePassingQueue.Consumer<Object> draining;
    /** Bytes of the lines taken by the drain in progress; dispatcher only. */
    private long takenBytes;
    /** Hands a drained item to {@link #draining}, counting its line's bytes as taken. */
    private final MessagePassingQueue.Consumer<Object> take = item -> {
        if (item instanceof EarlyLine line) {
            takenBytes += line.line.length;
        }
        draining.accept(item);
    };
    /** How deep a {@linkplain #notable notable} event may go: the capacity and a sixteenth of it. */
    private final int notableLimit;
    /** How deep the agent's own events may go: {@link #notableLimit} and the {@link #RESERVE}. */
    private final int ownLimit;
    /** {@code predlog.sample.slow_ms} as it is now: a success slower than this is notable; 0 for none. */
    private volatile DoubleSupplier slowMs = () -> 0;
    /** The depth from which application threads encode their own events: {@link #EARLY_DEPTH}, or half the queue. */
    private final int earlyDepth;
    /** Whether the dispatcher's last drain took a full batch ({@link #behind(boolean)}); written on change only. */
    private volatile boolean behind;
    /** The depth at which an offer wakes the dispatcher: {@link #WAKE_DEPTH}, or a quarter of a smaller queue. */
    private final int wakeDepth;
    /** Events, and events already encoded by the thread that recorded them ({@link EarlyLine}). */
    private final MpscAtomicArrayQueue<Object> queue;
    /** Offers made while the queue was open, kept or dropped. */
    private final LongAdder offered = new LongAdder();
    private final LongAdder queueFull = new LongAdder();
    /** Offers refused because the queue was closed: one counter each, so that a snapshot counts them exactly. */
    private final LongAdder refused = new LongAdder();
    /** Events that were queued but found in the queue after the last drain, at shutdown. */
    private final LongAdder discarded = new LongAdder();
    private volatile boolean closed;
    /** The dispatcher while it sleeps in {@link #awaitEvents} or {@link #awaitFirstEvent}; null while it is awake. */
    private volatile Thread sleeper;
    /** The depth at which an offer wakes the sleeping dispatcher: {@link #wakeDepth}, or 1 in a quiet spell. */
    private volatile int wakeAt;

    /** A queue of at most {@code capacity} events (at least 1), without a bound on its lines' bytes. */
    EventQueue(int capacity) {
        this(capacity, Long.MAX_VALUE);
    }

    /**
     * A queue of at most {@code capacity} events (at least 1), which refuses a routine event once its callers' lines
     * take {@code maxBytes} (at least 1) or more.
     */
    EventQueue(int capacity, long maxBytes) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1: " + capacity);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("queue bytes must be at least 1: " + maxBytes);
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.notableBytes = maxBytes > Long.MAX_VALUE - maxBytes / NOTABLE_SHARE
                ? Long.MAX_VALUE : maxBytes + maxBytes / NOTABLE_SHARE;
        this.notableLimit = capacity + capacity / NOTABLE_SHARE;
        this.ownLimit = notableLimit + RESERVE;
        this.earlyDepth = Math.max(1, Math.min(capacity / 2, EARLY_DEPTH));
        this.wakeDepth = Math.max(1, Math.min(capacity / 4, WAKE_DEPTH));
        this.wakeAt = wakeDepth;
        this.queue = new MpscAtomicArrayQueue<>(Math.max(2, ownLimit));
    }

    /** Reads the slow-call threshold ({@code predlog.sample.slow_ms}, live) from {@code slowMs}; before the offers. */
    void slowCalls(DoubleSupplier slowMs) {
        this.slowMs = slowMs;
    }

    /**
     * Queues {@code event}; false when it was dropped (queue full, closed, or null). Never blocks, never throws. Once
     * {@link #EARLY_DEPTH} events are queued, the event goes in as its line, which {@code early} encodes on the
     * calling thread ({@link EarlyLine}). A routine event is refused at the capacity, or once the queued lines take
     * {@code maxBytes}; a {@linkplain #notable notable} one a sixteenth past each.
     */
    boolean offer(Event event, Function<Event, Object> early) {
        try {
            if (!counted(event)) {
                return false;
            }
            if (queue.offerIfBelowThreshold(event, earlyDepth)) {
                wakeIfDeep();
                return true;
            }
            boolean notable = notable(event, slowMs.getAsDouble());
            int limit = notable ? notableLimit : capacity;
            // refused before it is encoded; room made meanwhile only costs the event
            if (queue.size() >= limit || lineBytes.get() >= (notable ? notableBytes : maxBytes)) {
                queueFull.increment();
                return false;
            }
            return put(early.apply(event), limit);
        } catch (Throwable t) {
            return false;
        }
    }

    /** Like {@link #offer}, for the agent's own events: they may use the {@link #RESERVE} past the notable ones'. */
    boolean offerOwn(Event event) {
        try {
            return counted(event) && put(event, ownLimit);
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Queues {@code item} while fewer than {@code limit} wait, else counts it as a {@code queue_full} drop. A line's
     * bytes are counted before it is queued, so that the dispatcher never takes bytes not yet counted.
     */
    private boolean put(Object item, int limit) {
        int bytes = item instanceof EarlyLine line ? line.line.length : 0;
        if (bytes > 0) {
            lineBytes.addAndGet(bytes);
        }
        if (queue.offerIfBelowThreshold(item, limit)) {
            wakeIfDeep();
            return true;
        }
        if (bytes > 0) {
            lineBytes.addAndGet(-bytes);
        }
        queueFull.increment();
        return false;
    }

    /** Counts an offer: refused once closed, else offered; false when it goes no further (closed, or null). */
    private boolean counted(Event event) {
        if (closed) {
            refused.increment();
            return false;
        }
        offered.increment();
        return event != null;
    }

    /**
     * Whether a full queue should still take {@code event}: one that sampling never leaves out, as a diagnosis needs
     * it most. A failed prediction or request, a success slower than {@code slowMs} (when above 0), and every other
     * kind (model loads, the in-flight record at a crash) are notable; a prediction's or request's success, and a
     * request's start, are routine.
     */
    static boolean notable(Event event, double slowMs) {
        if (event instanceof PredictionEvent p) {
            return !p.success() || slowMs > 0 && p.latencyMs() > slowMs;
        }
        if (event instanceof RequestEvent r) {
            return r.phase() == Phase.FAILURE || slowMs > 0 && r.latencyMs() > slowMs; // a start's latency is NaN
        }
        return true;
    }

    /**
     * Wakes the sleeping dispatcher once as many events wait as its sleep asked for. Costs an offer one volatile read
     * while the dispatcher is awake, and reads of the depths while it sleeps; only the offer that finds it asleep
     * past the depth unparks it.
     */
    private void wakeIfDeep() {
        Thread s = sleeper;
        if (s != null && queue.size() >= wakeAt && SLEEPER.compareAndSet(this, s, null)) {
            LockSupport.unpark(s);
        }
    }

    /**
     * Parks the calling thread (the dispatcher) until {@link #wakeDepth} events wait, the queue is closed, or
     * {@code maxNanos} have passed; returns at once when one of those is already so. May return earlier (an unpark
     * meant for an earlier sleep, an interrupt, a spurious wake-up).
     */
    void awaitEvents(long maxNanos) {
        await(maxNanos, wakeDepth);
    }

    /**
     * As {@link #awaitEvents}, woken by the first event offered: for a dispatcher that has found nothing to write
     * for a while, so that a quiet service's next event costs its thread one unpark and is written at once.
     */
    void awaitFirstEvent(long maxNanos) {
        await(maxNanos, 1);
    }

    private void await(long maxNanos, int depth) {
        wakeAt = depth; // before the sleeper: an offer that reads the sleeper reads this sleep's depth
        sleeper = Thread.currentThread();
        try {
            // the sleeper is set before the depth is read, and an offer claims its place in the queue (a volatile
            // compare-and-set of the producer index, which the size reads) before it reads the sleeper: either this
            // read sees the event, or that offer sees the sleeper and unparks it
            if (!closed && queue.size() < depth) {
                LockSupport.parkNanos(this, maxNanos);
            }
        } finally {
            sleeper = null;
        }
    }

    /** Refuses every later offer (counted as {@code after_shutdown}), and wakes the dispatcher if it sleeps. */
    void close() {
        closed = true;
        Thread s = sleeper;
        if (s != null) {
            LockSupport.unpark(s);
        }
    }

    boolean closed() {
        return closed;
    }

    /**
     * Hands up to {@code limit} queued events, oldest first, to {@code consumer}: each an {@link Event} or an
     * {@link EarlyLine}. Returns how many.
     */
    int drain(MessagePassingQueue.Consumer<Object> consumer, int limit) {
        draining = consumer;
        takenBytes = 0;
        try {
            return queue.drain(take, limit);
        } finally {
            draining = null;
            if (takenBytes != 0) {
                lineBytes.addAndGet(-takenBytes);
            }
        }
    }

    /**
     * Empties the queue without delivering, counting what it held as {@code after_shutdown}: offers that raced
     * with {@link #close} past the final drain are counted rather than lost silently.
     */
    void discardRemaining() {
        discarded.add(drain(e -> { }, Integer.MAX_VALUE));
    }

    /** The dispatcher says whether its last drain took a full batch: at least as many events waited as it takes. */
    void behind(boolean fullDrain) {
        if (behind != fullDrain) {
            behind = fullDrain;
        }
    }

    /** Whether the dispatcher's last drain took a full batch. */
    boolean behind() {
        return behind;
    }

    int size() {
        return queue.size();
    }

    int capacity() {
        return capacity;
    }

    /** Bytes of the lines waiting in the queue that their callers encoded ({@link EarlyLine}). */
    long lineBytes() {
        return lineBytes.get();
    }

    /** The bytes of queued lines at which a routine event is refused ({@code predlog.queue.max_bytes}). */
    long maxBytes() {
        return maxBytes;
    }

    /** Offers so far, kept or dropped. */
    long offered() {
        return offered.sum() + refused.sum();
    }

    long queueFull() {
        return queueFull.sum();
    }

    long afterShutdown() {
        return refused.sum() + discarded.sum();
    }

    /**
     * The offers and the queue's drops read once each, so that an offer refused after shutdown (which application
     * threads may still make while the last report is taken) is counted in both {@code offered} and
     * {@code afterShutdown} or in neither.
     */
    Counts counts() {
        // the drops first and the offers last: an offering thread counts its offer before its drop, so every drop
        // read here has its offer in the sum read after it
        long refusedNow = refused.sum();
        long queueFullNow = queueFull.sum();
        long discardedNow = discarded.sum();
        return new Counts(offered.sum() + refusedNow, queueFullNow, refusedNow + discardedNow);
    }

    /** A snapshot of {@link #counts}. */
    record Counts(long offered, long queueFull, long afterShutdown) {
    }
}
