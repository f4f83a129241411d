package io.predlog.agent.pipeline;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.AgentHealthEvent;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.sink.EncodedBatch;
import org.jctools.queues.MessagePassingQueue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code predlog-dispatcher} thread's loop: drains up to {@value #MAX_BATCH} events at a time from the
 * {@link EventQueue}, encodes them into one reused {@link EncodedBatch} and hands it to the {@link FanOut}; flushes,
 * reports drops, and writes {@code agent_health} when its {@link HealthSchedule} says so. Once the queue is closed
 * and empty it waits for sinks on threads of their own to write what they were given (until the shutdown deadline),
 * writes the last {@code agent_health}, flushes and closes the sinks, and returns.
 *
 * <p>When a drain empties the queue the thread sleeps ({@link EventQueue#awaitEvents}) until half a batch of events
 * waits (the offer that makes it so wakes the thread), a flush or an {@code agent_health} is due, or at most
 * {@value #MAX_PARK_NANOS} ns: each wake-up (microseconds of CPU, on the cores the application shares) finds hundreds
 * of events under load, and a service with a few events a second costs about ten wake-ups a second. Once
 * {@value #QUIET_AFTER_NANOS} ns have passed without an event and everything is flushed, it sleeps until the first
 * event ({@link EventQueue#awaitFirstEvent}) or an {@code agent_health} is due, at most {@value #QUIET_PARK_NANOS} ns:
 * an idle service costs one wake-up a second, and the event that ends the quiet spell costs its thread an unpark and
 * is written at once. After a full batch it drains again at once. Sinks are flushed when a drain leaves the queue
 * empty, at most every {@value #IDLE_FLUSH_MILLIS} ms, and at least once a second under a load that never lets it
 * empty. An event whose line would be larger than {@value #MAX_EVENT_BYTES} bytes is not written: it is counted as an
 * {@code encode_error} drop and reported, like one that fails to encode. An {@code agent_health} event goes straight
 * into a batch of its own, never through the queue, so a full queue cannot drop it, and it is not counted among the
 * events. An event that the thread recording it already encoded ({@link EarlyLine}: the dispatcher was behind) is only
 * copied.
 */
final class Dispatcher implements Runnable {

    static final int MAX_BATCH = 1024;
    static final long MAX_PARK_NANOS = 100_000_000;
    /** Time without an event after which the thread sleeps until the first one ({@link EventQueue#awaitFirstEvent}). */
    static final long QUIET_AFTER_NANOS = 1_000_000_000;
    /** The longest sleep of a quiet spell: drops and sink errors counted meanwhile are reported within it. */
    static final long QUIET_PARK_NANOS = 1_000_000_000;
    static final long IDLE_FLUSH_MILLIS = 100;
    static final long BUSY_FLUSH_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long DROP_REPORT_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** The largest event line written; a larger one is dropped and counted as {@code encode_error}. */
    static final int MAX_EVENT_BYTES = 4 << 20;

    private final EventQueue queue;
    private final EventJsonEncoder encoder;
    private final FanOut fanOut;
    private final EventPipeline pipeline;
    private final EncodedBatch batch = new EncodedBatch(MAX_BATCH, 256 * 1024);
    private final MessagePassingQueue.Consumer<Object> encodeOne = this::encodeInto;
    private final AtomicLong encodeErrors = new AtomicLong();
    /** Most events drained at a time: {@value #MAX_BATCH}, or fewer for a smaller queue. */
    private final int fullBatch;
    private volatile HealthSchedule health;

    /** @param pipeline whose drop counts are reported */
    Dispatcher(EventQueue queue, EventJsonEncoder encoder, FanOut fanOut, EventPipeline pipeline) {
        this.queue = queue;
        this.encoder = encoder;
        this.fanOut = fanOut;
        this.pipeline = pipeline;
        this.fullBatch = Math.max(1, Math.min(MAX_BATCH, queue.capacity()));
    }

    /** Has {@code agent_health} written on {@code schedule}; before the thread starts. */
    void health(HealthSchedule schedule) {
        this.health = schedule;
    }

    /** Events that could not be encoded. */
    long encodeErrors() {
        return encodeErrors.get();
    }

    @Override
    public void run() {
        long lastFlush = System.nanoTime();
        long lastEvents = lastFlush;
        boolean unflushed = false;
        DropReporter dropReporter = new DropReporter();
        HealthSchedule healthSchedule = health;
        while (true) {
            try {
                boolean lastRound = queue.closed(); // read before draining: everything offered before it is drained
                int drained = queue.drain(encodeOne, fullBatch);
                queue.behind(drained >= fullBatch); // callers read it (EventPipeline.keepingUp)
                long now = System.nanoTime();
                if (drained > 0) {
                    fanOut.deliver(batch);
                    batch.clear();
                    unflushed = true;
                    lastEvents = now;
                }
                boolean ranDry = drained < fullBatch;
                if (unflushed && now - lastFlush >= (ranDry
                        ? TimeUnit.MILLISECONDS.toNanos(IDLE_FLUSH_MILLIS) : BUSY_FLUSH_NANOS)) {
                    fanOut.flush();
                    unflushed = false;
                    lastFlush = now;
                }
                dropReporter.maybeReport(now);
                AgentHealthEvent due = healthSchedule == null ? null : healthSchedule.dueAt(now);
                if (due != null) {
                    writeHealth(due);
                    unflushed = true;
                }
                if (drained == 0 && lastRound) {
                    break;
                }
                if (ranDry && !lastRound) { // wait for the next batch to gather, or for a flush or health to fall due
                    if (!unflushed && now - lastEvents >= QUIET_AFTER_NANOS) { // a quiet spell
                        queue.awaitFirstEvent(sleepNanos(now, QUIET_PARK_NANOS, false, lastFlush, healthSchedule));
                    } else {
                        queue.awaitEvents(sleepNanos(now, MAX_PARK_NANOS, unflushed, lastFlush, healthSchedule));
                    }
                    Thread.interrupted(); // an interrupt must not turn sleeping into spinning
                }
            } catch (Throwable t) {
                batch.clear();
                Diagnostics.failure("dispatcher", t);
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(2)); // after a failure: never a spin
            }
        }
        queue.discardRemaining();
        fanOut.awaitWritten(); // sinks on threads of their own: the last agent_health counts what they wrote
        queue.discardRemaining(); // an offer that began before the close and queued its event while the sinks finished
        if (healthSchedule != null) {
            try {
                writeHealth(healthSchedule.last());
            } catch (Throwable t) {
                batch.clear();
                Diagnostics.failure("health", t);
            }
        }
        fanOut.flush();
        fanOut.close();
    }

    /**
     * How long to sleep once the queue ran dry: until the pending flush is due ({@code unflushed}: events were
     * written since {@code lastFlush}) or the next {@code agent_health}, at most {@code longest} ns
     * ({@value #MAX_PARK_NANOS}, or {@value #QUIET_PARK_NANOS} in a quiet spell), at least 1 ms (a flush or health
     * that is due now was done before the sleep).
     */
    static long sleepNanos(long now, long longest, boolean unflushed, long lastFlush, HealthSchedule health) {
        long nanos = longest;
        if (unflushed) {
            nanos = Math.min(nanos, lastFlush + TimeUnit.MILLISECONDS.toNanos(IDLE_FLUSH_MILLIS) - now);
        }
        if (health != null) {
            nanos = Math.min(nanos, health.nanosUntilDue(now));
        }
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), nanos);
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
        fanOut.deliverUncounted(batch);
        batch.clear();
    }

    /** Appends one queued event's line: encoded here, or as the thread that recorded it encoded it. */
    private void encodeInto(Object item) {
        Event event = item instanceof EarlyLine early ? early.event : (Event) item;
        try {
            if (item instanceof EarlyLine early) {
                batch.appender().write(early.line);
            } else {
                encoder.encode(event, batch.appender());
            }
            if (batch.pendingBytes() > MAX_EVENT_BYTES) {
                throw new IllegalArgumentException("a " + event.getClass().getSimpleName() + " of "
                        + batch.pendingBytes() + " bytes is larger than the " + MAX_EVENT_BYTES
                        + " bytes one event line may have; dropped");
            }
            batch.commit(event);
        } catch (Throwable t) {
            batch.rollback();
            encodeErrors.incrementAndGet();
            Diagnostics.failure("encode", t);
        }
    }

    /** Reports new drops at most once a minute (the first promptly). Dispatcher thread only. */
    private final class DropReporter {
        private long reportedTotal;
        private long lastReport = System.nanoTime() - DROP_REPORT_NANOS;

        void maybeReport(long now) {
            if (now - lastReport < DROP_REPORT_NANOS) {
                return;
            }
            long quick = queue.queueFull() + queue.afterShutdown() + encodeErrors.get() + fanOut.errorTotal();
            if (quick > reportedTotal) {
                DropCounts drops = pipeline.drops(); // one snapshot: the line's figures add up
                Diagnostics.warn(report(drops, reportedTotal));
                reportedTotal = drops.total();
                lastReport = now;
            }
        }
    }

    /** The drop report's line, every figure from the one snapshot {@code drops}. */
    static String report(DropCounts drops, long reportedBefore) {
        long total = drops.total();
        return "dropped " + (total - reportedBefore) + " events since the last report, " + total + " in all ("
                + drops + ")";
    }
}
