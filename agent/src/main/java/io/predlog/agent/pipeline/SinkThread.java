package io.predlog.agent.pipeline;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.AgentHealthEvent;
import io.predlog.agent.sink.EncodedBatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One sink's own position in the stream when several sinks run side by side: a daemon thread,
 * {@code predlog-sink-<name>}, that writes the batches the dispatcher hands it from a bounded hand-off, so that a
 * sink that is slow or blocked delays no other sink and never the dispatcher.
 *
 * <p>The hand-off is {@value #SLOTS} reused batch copies. The dispatcher appends each encoded batch to the last copy
 * not yet taken while it holds fewer than {@value #SLOT_EVENTS} events and {@value #SLOT_BYTES} bytes (small batches
 * gather into one write), else to a free copy ({@link #offer}), and goes on; the sink's thread takes the oldest copy,
 * writes it, flushes when asked ({@link #requestFlush}) and frees the copy. A batch that finds every copy taken (the
 * sink is that far behind) is not handed over: its events are counted as this sink's {@code sink_error} drops and
 * reported (at most once a minute); the other sinks still get it. The lock guarding the copies is held for an array
 * copy at most, never while the sink is called. Memory: {@value #SLOTS} copies, each as large as the largest batch it
 * held (let go past 4 MiB).
 *
 * <p>Every call to the sink ({@code write}, {@code flush}, {@code diskUsage}, {@code close}) is made on this thread.
 * What the sink keeps on disk is read here after each flush and kept for {@code agent_health}.
 */
final class SinkThread implements Runnable {

    /** Batch copies in a sink's hand-off. */
    static final int SLOTS = 8;
    /** Events gathered into one copy at most, from several batches. */
    static final int SLOT_EVENTS = 4 * Dispatcher.MAX_BATCH;
    /** Bytes gathered into one copy at most, from several batches (one larger batch takes a copy of its own). */
    static final int SLOT_BYTES = 1 << 20;
    private static final long IDLE_POLL_MILLIS = 100;

    private final Outlet outlet;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: copies waiting to be written, oldest first, and free ones. */
    private final ArrayDeque<Slot> queued = new ArrayDeque<>(SLOTS);
    private final ArrayDeque<Slot> free = new ArrayDeque<>(SLOTS);
    /** Guarded by {@link #lock}: the copy being written, until its outcome is counted (or {@link #abandon}). */
    private Slot inFlight;
    private final Thread thread;
    private volatile boolean flushRequested;
    private volatile boolean closing;
    private volatile boolean started;
    private volatile boolean abandoned;
    private volatile AgentHealthEvent.Disk disk;

    SinkThread(Outlet outlet) {
        this.outlet = outlet;
        for (int i = 0; i < SLOTS; i++) {
            free.add(new Slot());
        }
        Thread t = new Thread(this, "predlog-sink-" + outlet.name);
        t.setDaemon(true);
        this.thread = t;
    }

    void start() {
        started = true;
        thread.start();
    }

    /**
     * Hands over a copy of {@code batch}; dispatcher thread only. {@code delivery} is told the sink's outcome, and is
     * null for a batch outside the event counts ({@code agent_health}). False when the sink is too far behind: the
     * batch's counted events are then its drops.
     */
    boolean offer(EncodedBatch batch, Delivery delivery) {
        synchronized (lock) {
            if (!closing) {
                Slot slot = queued.peekLast();
                if (slot == null || slot.batch.size() + batch.size() > SLOT_EVENTS
                        || slot.batch.byteLength() + batch.byteLength() > SLOT_BYTES) {
                    slot = free.pollFirst();
                    if (slot != null) {
                        queued.addLast(slot);
                    }
                }
                if (slot != null) {
                    slot.batch.append(batch);
                    if (delivery != null) {
                        slot.deliveries.add(delivery);
                        slot.events += delivery.events();
                    }
                    lock.notifyAll();
                    return true;
                }
            }
        }
        if (delivery != null) {
            outlet.dropped(delivery.events());
            delivery.done(false);
            Diagnostics.failure("sink-behind:" + outlet.name, new IllegalStateException("sink '" + outlet.name
                    + "' is " + SLOTS + " batches behind: events are dropped for it, not for the other sinks"));
        }
        return false;
    }

    /** Has the sink flushed once it has written what was handed over so far. */
    void requestFlush() {
        flushRequested = true;
    }

    /** What the sink reported on disk at its last flush, or null. */
    AgentHealthEvent.Disk disk() {
        return disk;
    }

    /** Waits until the sink has written everything handed over, or until {@code deadlineNanos}; true when it has. */
    boolean awaitIdle(long deadlineNanos) {
        synchronized (lock) {
            while (!queued.isEmpty() || inFlight != null) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0 || !thread.isAlive()) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Gives up on a sink still writing at shutdown: what waits for it, and the batch it is blocked in, are counted as
     * its drops now (so the last {@code agent_health} adds up), and it is handed nothing more. Should the sink return
     * later, that batch is not counted again.
     */
    void abandon() {
        synchronized (lock) { // counted under the lock: a sink returning meanwhile frees its copy only after
            abandoned = true;
            closing = true;
            if (inFlight != null) {
                queued.addFirst(inFlight);
                inFlight = null;
            }
            for (Slot slot : queued) {
                outlet.dropped(slot.events);
                slot.done(false);
            }
            queued.clear();
        }
        Diagnostics.warn("sink '" + outlet.name + "' was still writing at shutdown; what it had not written is"
                + " counted as its drops");
    }

    /**
     * Has the thread write what is handed over, flush and close the sink (within {@value #IDLE_POLL_MILLIS} ms of
     * being told); then {@link #awaitClosed}. Nothing more is handed over.
     */
    void beginClose() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        if (!started) { // never started: close on this thread
            outlet.flush();
            outlet.close();
        }
    }

    /**
     * Waits until the thread has closed the sink, or until {@code deadlineNanos}: a sink still blocked is left behind
     * (at once, when it was {@linkplain #abandon abandoned}).
     */
    void awaitClosed(long deadlineNanos) {
        boolean interrupted = false;
        while (thread.isAlive() && !abandoned) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (true) {
            try {
                Slot slot = take();
                if (slot != null) {
                    write(slot);
                }
                if (flushRequested) {
                    flushRequested = false;
                    flush();
                }
                if (slot == null && closing) {
                    flush();
                    outlet.close();
                    return;
                }
            } catch (Throwable t) {
                Diagnostics.failure("sink:" + outlet.name, t);
            }
        }
    }

    /** The oldest copy waiting, marked in flight; null after an idle wait, or when closing with nothing left. */
    private Slot take() {
        synchronized (lock) {
            if (queued.isEmpty() && !closing) {
                try {
                    lock.wait(IDLE_POLL_MILLIS);
                } catch (InterruptedException e) {
                    // an interrupt must not end the sink's thread; closing is by the flag
                }
            }
            Slot slot = queued.pollFirst();
            inFlight = slot;
            return slot;
        }
    }

    private void write(Slot slot) {
        boolean taken = outlet.deliver(slot.batch, 0);
        boolean counted;
        synchronized (lock) {
            counted = inFlight == slot; // else abandoned meanwhile, and counted as dropped
            inFlight = null;
        }
        if (counted) {
            outlet.counted(taken, slot.events);
            slot.done(taken);
        }
        synchronized (lock) {
            slot.clear();
            free.addLast(slot);
            lock.notifyAll(); // awaitIdle
        }
    }

    private void flush() {
        outlet.flush();
        disk = outlet.diskUsage();
    }

    /** A reused copy of one or more batches, and where their outcomes go. */
    private static final class Slot {
        final EncodedBatch batch = new EncodedBatch(Dispatcher.MAX_BATCH, 64 * 1024);
        final List<Delivery> deliveries = new ArrayList<>();
        int events;

        void done(boolean taken) {
            for (Delivery d : deliveries) {
                d.done(taken);
            }
        }

        void clear() {
            batch.clear();
            deliveries.clear();
            events = 0;
        }
    }
}
