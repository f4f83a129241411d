package io.predlog.agent.pipeline;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.AgentHealthEvent;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.sink.Sink;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

/**
 * The way from application threads to the sinks, and what the rest of the agent sees of it: application
 * threads {@link #offer} events into the bounded {@link EventQueue} and never wait (when the dispatcher is behind they
 * queue their events encoded, {@link EarlyLine}); one daemon thread,
 * {@code predlog-dispatcher} ({@link Dispatcher}), encodes them in batches and has the {@link FanOut} hand each
 * batch to every sink, keeping each sink's account (with several sinks, each writes on a daemon thread of its own,
 * {@code predlog-sink-<name>}, so that none delays another); with {@link #reportHealth}, it also writes
 * {@code agent_health} ({@link HealthSchedule}, {@link HealthReport}).
 *
 * <p>Failures: a sink that throws has the batch counted as its {@code sink_error} drops, is reported through
 * {@link Diagnostics#failure} as {@code sink:<name>}, and gets the next batch as usual; the other sinks are
 * unaffected. Drops are reported at most once a minute, and in a summary line at shutdown.
 */
public final class EventPipeline {

    static final String THREAD_NAME = "predlog-dispatcher";

    private final EventQueue queue;
    private final FanOut fanOut;
    private final Dispatcher dispatcher;
    private final EarlyLine.Encoder early;
    private final boolean hashesNumbers;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean shutdownBegun = new AtomicBoolean();
    private volatile Thread thread;

    /**
     * A pipeline whose queue is bounded by its count of events alone.
     *
     * @param capacity most events the queue holds (at least 1); offers beyond it are dropped
     * @param encoder  used by the dispatcher only
     * @param sinks    every batch goes to each of them, in order
     */
    public EventPipeline(int capacity, EventJsonEncoder encoder, List<Sink> sinks) {
        this(capacity, Long.MAX_VALUE, encoder, sinks);
    }

    /**
     * @param capacity most events the queue holds (at least 1); offers beyond it are dropped
     * @param maxBytes bytes of the lines that callers encoded (once the dispatcher is behind) at which the queue
     *                 refuses further events, as at its capacity ({@code predlog.queue.max_bytes}; at least 1)
     * @param encoder  used by the dispatcher only
     * @param sinks    every batch goes to each of them, in order
     */
    public EventPipeline(int capacity, long maxBytes, EventJsonEncoder encoder, List<Sink> sinks) {
        this.queue = new EventQueue(capacity, maxBytes);
        this.fanOut = new FanOut(sinks);
        this.dispatcher = new Dispatcher(queue, encoder, fanOut, this);
        this.early = new EarlyLine.Encoder(encoder);
        this.hashesNumbers = encoder.hashesNumbers();
    }

    /**
     * Whether this pipeline's encoders hash the numeric outputs a capture leaves to them
     * ({@link io.predlog.agent.event.PredictionEvent#outputHashAtEncoding()}).
     */
    public boolean hashesNumbers() {
        return hashesNumbers;
    }

    /**
     * Whether the dispatcher's last drain left the queue with less than a full batch waiting: work added to each
     * event's encoding then costs the dispatcher's idle time, not the callers' (who encode their own events once
     * it falls behind). One volatile read of a field the dispatcher writes only when the answer changes.
     */
    public boolean keepingUp() {
        return !queue.behind();
    }

    /**
     * Has the dispatcher write {@code agent_health} every {@code intervalMillis} (0: only at shutdown) and at
     * shutdown, counting {@code upstream}'s events among those offered. Call before {@link #start}.
     */
    public void reportHealth(long intervalMillis, UpstreamCounts upstream) {
        long now = System.nanoTime();
        dispatcher.health(new HealthSchedule(new HealthReport(this, upstream, now), intervalMillis, now));
    }

    /**
     * Has a full queue still take the successes slower than {@code slowMs} ({@code predlog.sample.slow_ms}, read at
     * each offer that finds the queue at its capacity), as it takes failures and model loads (docs/ARCHITECTURE.md,
     * "What a full queue keeps"). Call before {@link #start}.
     */
    public void slowCalls(DoubleSupplier slowMs) {
        queue.slowCalls(slowMs);
    }

    /** Starts the dispatcher thread; idempotent. Events offered before are kept (up to the capacity). */
    public void start() {
        if (started.compareAndSet(false, true)) {
            fanOut.start();
            Thread t = new Thread(dispatcher, THREAD_NAME);
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    /**
     * Hands an event to the dispatcher. Never blocks and never throws; {@code false} means the event was
     * dropped (queue full, or shutdown begun) and counted. Successes are dropped at the queue's capacity, failures,
     * slow calls and model loads a sixteenth past it ({@link EventQueue#notable}). Safe from any number of threads.
     * Once the dispatcher is behind ({@link EventQueue#EARLY_DEPTH} events waiting), the calling thread encodes the
     * event itself ({@link EarlyLine}).
     *
     * <p>An offer racing with {@link #shutdown} itself may be accepted just after the final drain and then
     * neither written nor counted; offers that start after {@code shutdown} has begun are always counted.
     */
    public boolean offer(Event event) {
        return queue.offer(event, early);
    }

    /**
     * Like {@link #offer}, for events the agent makes itself off the application's threads (statistics windows,
     * drift, self-protection, configuration changes): they may go past the capacity by a small reserve, so that a
     * queue full of the application's events does not swallow the report of that very pressure.
     */
    public boolean offerOwn(Event event) {
        return queue.offerOwn(event);
    }

    /** Drops so far, by cause. */
    public DropCounts drops() {
        return snapshot().drops();
    }

    /**
     * Offers and drops from one reading of the queue's counters: what {@code agent_health} reports, so that its
     * counts add up even while application threads go on offering after shutdown began.
     */
    public Snapshot snapshot() {
        EventQueue.Counts q = queue.counts();
        return new Snapshot(q.offered(),
                new DropCounts(q.queueFull(), fanOut.errors(), dispatcher.encodeErrors(), q.afterShutdown()));
    }

    /**
     * @param offered events offered to the queue, kept or dropped
     * @param drops   the drops, by cause
     */
    public record Snapshot(long offered, DropCounts drops) {
    }

    /** Events handed to every sink successfully. */
    public long written() {
        return fanOut.written();
    }

    /** Events the sink of this name took successfully (0 for an unknown name). */
    public long written(String sinkName) {
        return fanOut.written(sinkName);
    }

    /** Events offered so far, kept or dropped. */
    public long offered() {
        return queue.offered();
    }

    /**
     * Events recorded so far ({@code agent_health}'s {@code events_offered}): those offered here, and those that
     * sampling or the rate cap left out before they reached the queue.
     */
    public long offered(UpstreamCounts upstream) {
        return offered() + upstream.sampledOut() + upstream.shed();
    }

    /** The queue's capacity. */
    public int capacity() {
        return queue.capacity();
    }

    /** Per sink name: calls to the sink ({@code write}, {@code flush}, {@code close}) that threw. */
    public Map<String, Long> sinkFailures() {
        return fanOut.failures();
    }

    /** Per sink name that reports one: what it keeps on disk. Dispatcher thread only. */
    Map<String, AgentHealthEvent.Disk> diskUsage() {
        return fanOut.diskUsage();
    }

    /** Events waiting in the queue. */
    public int queued() {
        return queue.size();
    }

    /** Bytes of the lines waiting in the queue that their callers encoded (0 while the dispatcher keeps up). */
    public long queuedBytes() {
        return queue.lineBytes();
    }

    /** The queued lines' bytes at which the queue refuses routine events ({@code predlog.queue.max_bytes}). */
    public long maxQueuedBytes() {
        return queue.maxBytes();
    }

    /**
     * Stops accepting events, has the dispatcher write everything already queued, flush and close the sinks,
     * and waits for that at most {@code maxWaitMillis}; then reports drops, if any, in one line. Later offers
     * are dropped and counted as {@code after_shutdown}. Idempotent (later calls return at once), safe in a
     * JVM shutdown hook, never throws. A sink that hangs is left behind, still in the daemon dispatcher (or in its own
     * daemon thread, when there are several sinks: the others are then still flushed and closed), when the wait runs
     * out.
     */
    public void shutdown(long maxWaitMillis) {
        if (!shutdownBegun.compareAndSet(false, true)) {
            return;
        }
        try {
            // the sinks' own threads get four fifths of the wait, so the summary below still reports on time
            fanOut.closeBy(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxWaitMillis)) / 5 * 4);
            queue.close();
            start(); // a pipeline never started still writes what was offered
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                LockSupport.unpark(t);
                awaitTermination(t, maxWaitMillis);
            }
            boolean finished = t == null || !t.isAlive();
            DropCounts drops = drops();
            if (!finished) {
                Diagnostics.warn("shutdown: " + queue.size() + " events still queued after " + maxWaitMillis
                        + " ms; written " + written() + ", dropped " + drops.total() + " (" + drops + ")");
            } else if (drops.total() > 0) {
                Diagnostics.warn("shutdown: written " + written() + " events, dropped " + drops.total()
                        + " (" + drops + ")");
            }
        } catch (Throwable ignored) {
            // shutdown runs in hooks: never let it throw
        }
    }

    private static void awaitTermination(Thread t, long maxWaitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxWaitMillis));
        boolean interrupted = false;
        while (t.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            } catch (InterruptedException e) {
                interrupted = true; // finish the bounded wait, then restore the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
