package io.predlog.agent.pipeline;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.AgentHealthEvent;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.Sink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands each encoded batch to every sink and keeps each sink's account ({@link Outlet}): events it took, events it
 * failed to take or that were dropped for it ({@code sink_error} drops), and calls that threw. A sink that throws is
 * reported through {@link Diagnostics#failure} as {@code sink:<name>} and gets the next batch as usual; the others
 * are unaffected.
 *
 * <p>Threads. One sink is written on the dispatcher thread itself: there is no other sink to delay. Several sinks
 * each get a {@link SinkThread} of their own, {@code predlog-sink-<name>}, with a bounded hand-off: the dispatcher
 * copies the batch to each and goes on, so a slow or blocked sink never delays another; one that falls
 * {@value SinkThread#SLOTS} batches behind has the batches it misses counted as its drops. Delivery, flush requests
 * and closing are called on the dispatcher thread only; the counts may be read from any thread.
 *
 * <p>Accounting, per sink: every event the dispatcher encoded is, for each sink, either written by it or one of its
 * {@code sink_error} drops, once the sink has had the batch. {@code events_written} counts the events every sink
 * took.
 */
final class FanOut {

    /** How long closing waits for the sinks when no shutdown deadline was given. */
    static final long DEFAULT_CLOSE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Outlet[] outlets;
    /** One per outlet when there are several sinks; null for one sink (or none), written on the dispatcher. */
    private final SinkThread[] threads;
    private final AtomicLong written = new AtomicLong();
    private volatile long closeDeadlineNanos;
    private volatile boolean closeDeadlineSet;

    FanOut(List<Sink> sinks) {
        outlets = new Outlet[sinks.size()];
        for (int i = 0; i < outlets.length; i++) {
            outlets[i] = new Outlet(sinks.get(i), i, written);
        }
        if (outlets.length > 1) {
            threads = new SinkThread[outlets.length];
            for (int i = 0; i < outlets.length; i++) {
                threads[i] = new SinkThread(outlets[i]);
            }
        } else {
            threads = null;
        }
    }

    /** Starts the sinks' threads, if they have their own; once, before the dispatcher starts. */
    void start() {
        if (threads != null) {
            for (SinkThread t : threads) {
                t.start();
            }
        }
    }

    /** Has the sinks written, flushed and closed by {@code deadlineNanos} ({@link System#nanoTime}) at shutdown. */
    void closeBy(long deadlineNanos) {
        closeDeadlineNanos = deadlineNanos;
        closeDeadlineSet = true;
    }

    /** Gives the batch to every sink, counting its events per sink and, when every sink took it, in all. */
    void deliver(EncodedBatch batch) {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        if (threads != null) {
            Delivery delivery = new Delivery(n, threads.length, written);
            for (SinkThread t : threads) {
                t.offer(batch, delivery);
            }
            return;
        }
        boolean all = true;
        for (Outlet outlet : outlets) {
            all &= outlet.deliver(batch, n);
        }
        if (all) {
            written.addAndGet(n);
        }
    }

    /** Gives the batch to every sink outside the event counts (the {@code agent_health} event). */
    void deliverUncounted(EncodedBatch batch) {
        if (threads != null) {
            for (SinkThread t : threads) {
                t.offer(batch, null);
            }
            return;
        }
        for (Outlet outlet : outlets) {
            outlet.deliver(batch, 0);
        }
    }

    /** Flushes every sink: at once on this thread, or on its own thread once it has written what it was given. */
    void flush() {
        if (threads != null) {
            for (SinkThread t : threads) {
                t.requestFlush();
            }
            return;
        }
        for (Outlet outlet : outlets) {
            outlet.flush();
        }
    }

    /**
     * Waits, until halfway to the shutdown deadline at the latest, for every sink to have written what it was given,
     * so that the last {@code agent_health} counts it; a sink still writing then is abandoned ({@link
     * SinkThread#abandon}: what it has not written counts as its drops). True when every sink finished. Immediate for
     * a sink written on this thread.
     */
    boolean awaitWritten() {
        if (threads == null) {
            return true;
        }
        boolean all = true;
        long halfway = System.nanoTime() + (closeDeadline() - System.nanoTime()) / 2; // the other half to close
        for (SinkThread t : threads) {
            if (!t.awaitIdle(halfway)) {
                t.abandon();
                all = false;
            }
        }
        return all;
    }

    /** Flushes and closes every sink; with threads of their own, waits for them until the shutdown deadline. */
    void close() {
        if (threads != null) {
            long deadline = closeDeadline();
            for (SinkThread t : threads) {
                t.beginClose();
            }
            for (SinkThread t : threads) {
                t.awaitClosed(deadline);
            }
            return;
        }
        for (Outlet outlet : outlets) {
            outlet.close();
        }
    }

    private long closeDeadline() {
        return closeDeadlineSet ? closeDeadlineNanos : System.nanoTime() + DEFAULT_CLOSE_NANOS;
    }

    /** Events every sink took. */
    long written() {
        return written.get();
    }

    /** Events the sinks of this name took (0 for an unknown name). */
    long written(String sinkName) {
        long n = 0;
        for (Outlet outlet : outlets) {
            if (outlet.name.equals(sinkName)) {
                n += outlet.written.get();
            }
        }
        return n;
    }

    /** Per sink name: events it failed to take, or that were dropped for it. */
    Map<String, Long> errors() {
        Map<String, Long> bySink = new LinkedHashMap<>();
        for (Outlet outlet : outlets) {
            bySink.merge(outlet.name, outlet.errors.get(), Long::sum);
        }
        return bySink;
    }

    /** The sum of {@link #errors()}, without allocating. */
    long errorTotal() {
        long total = 0;
        for (Outlet outlet : outlets) {
            total += outlet.errors.get();
        }
        return total;
    }

    /** Per sink name: calls to the sink that threw. */
    Map<String, Long> failures() {
        Map<String, Long> bySink = new LinkedHashMap<>();
        for (Outlet outlet : outlets) {
            bySink.merge(outlet.name, outlet.failures.get(), Long::sum);
        }
        return bySink;
    }

    /**
     * Per sink name that reports one: what it keeps on disk. Dispatcher thread only; a sink with a thread of its own
     * answers with what it reported at its last flush.
     */
    Map<String, AgentHealthEvent.Disk> diskUsage() {
        Map<String, AgentHealthEvent.Disk> bySink = new LinkedHashMap<>();
        for (int i = 0; i < outlets.length; i++) {
            if (threads == null) {
                outlets[i].diskUsage(bySink);
            } else if (threads[i].disk() != null) {
                bySink.put(outlets[i].name, threads[i].disk());
            }
        }
        return bySink;
    }
}
