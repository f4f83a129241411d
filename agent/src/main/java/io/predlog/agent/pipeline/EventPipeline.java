package io.predlog.agent.pipeline;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.AgentHealthEvent;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.LostEventsException;
import io.predlog.agent.sink.Sink;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded hand-off between application threads and I/O (SPEC §5): application threads {@link #offer}
 * events into a lock-free bounded queue (JCTools {@code MpscAtomicArrayQueue}: field updaters, not sun.misc.Unsafe, whose use JDK 24+ reports on stderr) and never wait; one daemon thread,
 * {@code predlog-dispatcher}, drains up to {@value #MAX_BATCH} events at a time, encodes them into one reused
 * {@link EncodedBatch} and hands it to every sink.
 *
 * <p>Threads: {@code offer} from any thread; everything else in the dispatcher. When the queue is empty the
 * dispatcher parks, backing off from {@value #MIN_PARK_NANOS} ns to {@value #MAX_PARK_NANOS} ns, so an idle
 * pipeline costs a few hundred wake-ups a second and never spins on the application's core. Sinks are
 * flushed when the queue runs dry (at most every {@value #IDLE_FLUSH_MILLIS} ms) and at least once a second
 * under steady load.
 *
 * <p>Failures: a sink that throws has the batch counted as its {@code sink_error} drops, is reported through
 * {@link Diagnostics#failure} as {@code sink:<name>}, and gets the next batch as usual; the other sinks are
 * unaffected. Drops are reported at most once a minute, and in a summary line at shutdown.
 *
 * <p>Health: with {@link #reportHealth}, the dispatcher also writes an {@code agent_health} event every interval
 * and a last one after the final drain at shutdown ({@link HealthReport}). It goes straight into a batch of its
 * own, never through the queue, so a full queue cannot drop it, and it is not counted among the events.
 */
public final class EventPipeline {

    public static final int MAX_BATCH = 1024;
    static final long MIN_PARK_NANOS = 20_000;
    static final long MAX_PARK_NANOS = 2_000_000;
    static final long IDLE_FLUSH_MILLIS = 100;
    static final long BUSY_FLUSH_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long DROP_REPORT_NANOS = TimeUnit.MINUTES.toNanos(1);
    static final String THREAD_NAME = "predlog-dispatcher";

    private final int capacity;
    private final MpscAtomicArrayQueue<Event> queue;
    private final EventJsonEncoder encoder;
    private final Sink[] sinks;
    private final EncodedBatch batch = new EncodedBatch(MAX_BATCH, 256 * 1024);
    private final MessagePassingQueue.Consumer<Event> encodeOne = this::encodeInto;

    private final LongAdder offered = new LongAdder();
    private final LongAdder queueFull = new LongAdder();
    private final LongAdder afterShutdown = new LongAdder();
    private final AtomicLong encodeErrors = new AtomicLong();
    private final AtomicLongArray sinkErrors;
    private final AtomicLongArray sinkWritten;
    private final AtomicLongArray sinkFailures;
    private final AtomicLong written = new AtomicLong();

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean shutdownBegun = new AtomicBoolean();
    private volatile boolean closing;
    private volatile Thread dispatcher;
    private volatile HealthReport health;

    /**
     * @param capacity most events the queue holds (at least 1); offers beyond it are dropped
     * @param encoder  used by the dispatcher only
     * @param sinks    every batch goes to each of them, in order
     */
    public EventPipeline(int capacity, EventJsonEncoder encoder, List<Sink> sinks) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.queue = new MpscAtomicArrayQueue<>(Math.max(2, capacity));
        this.encoder = encoder;
        this.sinks = sinks.toArray(new Sink[0]);
        this.sinkErrors = new AtomicLongArray(this.sinks.length);
        this.sinkWritten = new AtomicLongArray(this.sinks.length);
        this.sinkFailures = new AtomicLongArray(this.sinks.length);
    }

    /**
     * Has the dispatcher write {@code agent_health} every {@code intervalMillis} (0: only at shutdown) and at
     * shutdown, counting {@code upstream}'s events among those offered. Call before {@link #start}.
     */
    public void reportHealth(long intervalMillis, UpstreamCounts upstream) {
        this.health = new HealthReport(this, intervalMillis, upstream);
    }

    /** Starts the dispatcher thread; idempotent. Events offered before are kept (up to the capacity). */
    public void start() {
        if (started.compareAndSet(false, true)) {
            Thread t = new Thread(this::dispatch, THREAD_NAME);
            t.setDaemon(true);
            dispatcher = t;
            t.start();
        }
    }

    /**
     * Hands an event to the dispatcher. Never blocks and never throws; {@code false} means the event was
     * dropped (queue full, or shutdown begun) and counted. Safe from any number of threads.
     *
     * <p>An offer racing with {@link #shutdown} itself may be accepted just after the final drain and then
     * neither written nor counted; offers that start after {@code shutdown} has begun are always counted.
     */
    public boolean offer(Event event) {
        try {
            offered.increment();
            if (closing) {
                afterShutdown.increment();
                return false;
            }
            if (event == null) {
                return false;
            }
            if (queue.offerIfBelowThreshold(event, capacity)) {
                return true;
            }
            queueFull.increment();
            return false;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Drops so far, by cause. */
    public DropCounts drops() {
        Map<String, Long> bySink = new LinkedHashMap<>();
        for (int i = 0; i < sinks.length; i++) {
            bySink.merge(sinkName(i), sinkErrors.get(i), Long::sum);
        }
        return new DropCounts(queueFull.sum(), bySink, encodeErrors.get(), afterShutdown.sum());
    }

    /** Events handed to every sink successfully. */
    public long written() {
        return written.get();
    }

    /** Events the sink of this name took successfully (0 for an unknown name). */
    public long written(String sinkName) {
        long n = 0;
        for (int i = 0; i < sinks.length; i++) {
            if (sinks[i].name().equals(sinkName)) {
                n += sinkWritten.get(i);
            }
        }
        return n;
    }

    /** Events offered so far, kept or dropped. */
    public long offered() {
        return offered.sum();
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
        return capacity;
    }

    /** Per sink name: calls to the sink ({@code write}, {@code flush}, {@code close}) that threw. */
    public Map<String, Long> sinkFailures() {
        Map<String, Long> bySink = new LinkedHashMap<>();
        for (int i = 0; i < sinks.length; i++) {
            bySink.merge(sinkName(i), sinkFailures.get(i), Long::sum);
        }
        return bySink;
    }

    /** Per sink name that reports one: what it keeps on disk. Dispatcher thread only. */
    Map<String, AgentHealthEvent.Disk> diskUsage() {
        Map<String, AgentHealthEvent.Disk> bySink = new LinkedHashMap<>();
        for (int i = 0; i < sinks.length; i++) {
            try {
                String name = sinkName(i);
                sinks[i].diskUsage().ifPresent(d -> bySink.put(name, new AgentHealthEvent.Disk(d.files(), d.bytes())));
            } catch (Throwable t) {
                sinkFailure(i, t);
            }
        }
        return bySink;
    }

    /** Events waiting in the queue. */
    public int queued() {
        return queue.size();
    }

    /**
     * Stops accepting events, has the dispatcher write everything already queued, flush and close the sinks,
     * and waits for that at most {@code maxWaitMillis}; then reports drops, if any, in one line. Later offers
     * are dropped and counted as {@code after_shutdown}. Idempotent (later calls return at once), safe in a
     * JVM shutdown hook, never throws. A sink that hangs is left behind, still in the daemon dispatcher,
     * when the wait runs out.
     */
    public void shutdown(long maxWaitMillis) {
        if (!shutdownBegun.compareAndSet(false, true)) {
            return;
        }
        try {
            closing = true;
            start(); // a pipeline never started still writes what was offered
            Thread t = dispatcher;
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

    // ---------------------------------------------------------------- the dispatcher thread

    private void dispatch() {
        long parkNanos = MIN_PARK_NANOS;
        long lastFlush = System.nanoTime();
        boolean unflushed = false;
        DropReporter dropReporter = new DropReporter();
        HealthReport healthReport = health;
        while (true) {
            try {
                boolean lastRound = closing; // read before draining: everything offered before it is drained
                int drained = queue.drain(encodeOne, MAX_BATCH);
                if (drained > 0) {
                    deliver();
                    unflushed = true;
                    parkNanos = MIN_PARK_NANOS;
                }
                long now = System.nanoTime();
                if (unflushed && now - lastFlush >= (drained == 0
                        ? TimeUnit.MILLISECONDS.toNanos(IDLE_FLUSH_MILLIS) : BUSY_FLUSH_NANOS)) {
                    flushAll();
                    unflushed = false;
                    lastFlush = now;
                }
                dropReporter.maybeReport(now);
                if (healthReport != null && healthReport.due(now)) {
                    writeHealth(healthReport.next(false));
                    unflushed = true;
                }
                if (drained == 0) {
                    if (lastRound) {
                        break;
                    }
                    LockSupport.parkNanos(this, parkNanos);
                    Thread.interrupted(); // an interrupt must not turn parking into spinning
                    parkNanos = Math.min(parkNanos * 2, MAX_PARK_NANOS);
                }
            } catch (Throwable t) {
                batch.clear();
                Diagnostics.failure("dispatcher", t);
                LockSupport.parkNanos(this, MAX_PARK_NANOS);
            }
        }
        // offers that raced with shutdown past the final drain: count them rather than lose them silently
        int late = queue.drain(e -> { }, Integer.MAX_VALUE);
        afterShutdown.add(late);
        if (healthReport != null) {
            try {
                writeHealth(healthReport.next(true));
            } catch (Throwable t) {
                batch.clear();
                Diagnostics.failure("health", t);
            }
        }
        flushAll();
        closeAll();
    }

    /** Encodes and hands {@code event} to every sink as a batch of its own, outside the event counts. */
    private void writeHealth(AgentHealthEvent event) {
        try {
            encoder.encode(event, batch.appender());
            batch.commit(event);
        } catch (Throwable t) {
            batch.rollback();
            Diagnostics.failure("encode", t);
            return;
        }
        for (int i = 0; i < sinks.length; i++) {
            try {
                sinks[i].write(batch);
            } catch (Throwable t) {
                sinkFailure(i, t);
            }
        }
        batch.clear();
    }

    private void encodeInto(Event event) {
        try {
            encoder.encode(event, batch.appender());
            batch.commit(event);
        } catch (Throwable t) {
            batch.rollback();
            encodeErrors.incrementAndGet();
            Diagnostics.failure("encode", t);
        }
    }

    private void deliver() {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        boolean all = true;
        for (int i = 0; i < sinks.length; i++) {
            try {
                sinks[i].write(batch);
                sinkWritten.addAndGet(i, n);
            } catch (Throwable t) {
                all = false;
                sinkErrors.addAndGet(i, n);
                sinkFailure(i, t);
            }
        }
        if (all) {
            written.addAndGet(n);
        }
        batch.clear();
    }

    private void flushAll() {
        for (int i = 0; i < sinks.length; i++) {
            try {
                sinks[i].flush();
            } catch (Throwable t) {
                sinkFailure(i, t);
            }
        }
    }

    private void closeAll() {
        for (int i = 0; i < sinks.length; i++) {
            try {
                sinks[i].close();
            } catch (Throwable t) {
                if (t instanceof LostEventsException lost) {
                    sinkErrors.addAndGet(i, lost.lostEvents());
                }
                sinkFailure(i, t);
            }
        }
    }

    private void sinkFailure(int i, Throwable t) {
        sinkFailures.incrementAndGet(i);
        Diagnostics.failure("sink:" + sinkName(i), t);
    }

    private String sinkName(int i) {
        try {
            return sinks[i].name();
        } catch (Throwable e) {
            return "#" + i;
        }
    }

    /** The sum of {@link #drops()}, without allocating. */
    private long dropTotal() {
        long total = queueFull.sum() + afterShutdown.sum() + encodeErrors.get();
        for (int i = 0; i < sinks.length; i++) {
            total += sinkErrors.get(i);
        }
        return total;
    }

    /** Reports new drops at most once a minute (the first promptly). Dispatcher thread only. */
    private final class DropReporter {
        private long reportedTotal;
        private long lastReport = System.nanoTime() - DROP_REPORT_NANOS;

        void maybeReport(long now) {
            if (now - lastReport < DROP_REPORT_NANOS) {
                return;
            }
            long total = dropTotal();
            if (total > reportedTotal) {
                DropCounts drops = drops();
                Diagnostics.warn("dropped " + (total - reportedTotal) + " events since the last report ("
                        + drops + " in all)");
                reportedTotal = total;
                lastReport = now;
            }
        }
    }
}
