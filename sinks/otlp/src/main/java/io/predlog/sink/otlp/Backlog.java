package io.predlog.sink.otlp;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.spool.Spool;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The events the sink has accepted and the endpoint has not yet taken, in order: the spool's records first (the
 * oldest), then the events held in memory. Events are held in memory while the spool is empty; they move to the
 * spool's tail when a request of them fails, when more than {@code memoryEvents} wait, and when the sink closes, and
 * every event accepted while the spool holds anything joins its tail. So the sender, which always takes the oldest
 * events ({@link #next}), sends them in the order they were accepted, across restarts too.
 *
 * <p>Without a spool, at most {@code memoryEvents} wait in memory; a newer event finding it full is lost
 * ({@code no_spool}), as is what waits at close. An event that finds the spool full is lost ({@code spool_full}).
 *
 * <p>Thread-safe: the dispatcher adds, the sender takes and settles; every method holds this object's monitor, the
 * spool's disk I/O included (appends and reads of the page cache; the spool forces to the device at most once a
 * second).
 */
final class Backlog {

    /** Most bytes of events read from the spool for one request. */
    static final long MAX_REQUEST_BYTES = 4 << 20;

    /** Where a batch's events were taken from. */
    enum Source { MEMORY, SPOOL }

    /**
     * Events handed to the sender for one request, the oldest waiting; they stay in the backlog until settled.
     *
     * @param taken      how many records or events to remove once they are delivered (a spool record that could
     *                   not be read is among them, not among {@code events})
     * @param generation the backlog's {@link #moves} when the batch was taken from memory
     */
    record Batch(Source source, List<PendingEvent> events, int taken, long generation) {
    }

    private final ArrayDeque<PendingEvent> memory = new ArrayDeque<>();
    private final int memoryEvents;
    private final Spool spool;
    private final Losses losses;
    private long moves;          // counts moves of memory to the spool: a batch taken before one is in the spool now
    private long headArrivedNanos;
    private boolean closed;

    /**
     * @param memoryEvents most events held in memory
     * @param spool        the spool, or null for none
     * @param losses       where lost events are counted
     */
    Backlog(int memoryEvents, Spool spool, Losses losses) {
        this.memoryEvents = memoryEvents;
        this.spool = spool;
        this.losses = losses;
    }

    /**
     * Accepts an event. Returns whether the sender should look now: the first event in memory (its linger starts)
     * or a full request's worth.
     */
    synchronized boolean add(PendingEvent event, int batchEvents) {
        if (closed) {
            losses.lost(1, "closed");
            return false;
        }
        if (memory.isEmpty()) {
            headArrivedNanos = System.nanoTime();
        }
        memory.addLast(event);
        if (spool != null) {
            if (!spool.isEmpty() || memory.size() > memoryEvents) {
                moveToSpool();
            }
        } else if (memory.size() > memoryEvents) {
            memory.pollLast();
            losses.lost(1, "no_spool");
        }
        return memory.size() == 1 || memory.size() >= batchEvents;
    }

    /**
     * The oldest events to send now, or null when none are due: up to {@code batchEvents} from the spool when it holds
     * any, else from memory once {@code batchEvents} wait, the first has waited {@code lingerNanos}, or {@code now}.
     */
    synchronized Batch next(int batchEvents, long lingerNanos, boolean now) throws IOException {
        if (closed) {
            return null;
        }
        if (spool != null && !spool.isEmpty()) {
            List<byte[]> records = spool.peek(batchEvents, MAX_REQUEST_BYTES);
            List<PendingEvent> events = new ArrayList<>(records.size());
            for (byte[] record : records) {
                try {
                    events.add(PendingEvent.decode(record));
                } catch (IllegalArgumentException e) {
                    losses.lost(1, "spool_damaged");
                }
            }
            return new Batch(Source.SPOOL, events, records.size(), moves);
        }
        if (memory.isEmpty()
                || (!now && memory.size() < batchEvents && System.nanoTime() - headArrivedNanos < lingerNanos)) {
            return null;
        }
        int n = Math.min(batchEvents, memory.size());
        List<PendingEvent> events = new ArrayList<>(n);
        Iterator<PendingEvent> it = memory.iterator();
        for (int i = 0; i < n; i++) {
            events.add(it.next());
        }
        return new Batch(Source.MEMORY, events, n, moves);
    }

    /** When the oldest event in memory will have waited {@code lingerNanos} ({@link System#nanoTime}), if any waits. */
    synchronized Optional<Long> lingerEnds(long lingerNanos) {
        return memory.isEmpty() || closed ? Optional.empty() : Optional.of(headArrivedNanos + lingerNanos);
    }

    /**
     * The batch is settled for good (delivered, or refused and counted): removed. A batch taken from memory that has
     * since moved to the spool stays there and is sent again (at least once).
     */
    synchronized void settled(Batch batch) throws IOException {
        if (closed) {
            return;
        }
        if (batch.source() == Source.SPOOL) {
            spool.remove(batch.taken());
        } else if (batch.generation() == moves) {
            for (int i = 0; i < batch.taken(); i++) {
                memory.pollFirst();
            }
        }
    }

    /** The batch could not be sent now: it stays the oldest, in the spool when there is one. */
    synchronized void failed(Batch batch) {
        if (!closed && batch.source() == Source.MEMORY && spool != null) {
            moveToSpool();
        }
    }

    /** Whether events wait in the spool. */
    synchronized boolean spooling() {
        return spool != null && !spool.isEmpty();
    }

    /** Forces the spool's appends to the device, at most once a second ({@link Spool#sync}). */
    synchronized void sync() throws IOException {
        if (spool != null && !closed) {
            spool.sync();
        }
    }

    /** The spool's files and bytes, for {@code agent_health}. */
    synchronized Optional<Sink.DiskUsage> diskUsage() {
        return spool == null || closed ? Optional.empty() : Optional.of(new Sink.DiskUsage(spool.files(), spool.bytes()));
    }

    /**
     * Moves what waits in memory to the spool (or counts it lost, without one) and closes the spool; later adds are
     * lost ({@code closed}). Returns the bytes left in the spool for the next start.
     */
    synchronized long close() throws IOException {
        if (closed) {
            return 0;
        }
        if (spool == null) {
            losses.lost(memory.size(), "no_spool");
            memory.clear();
            closed = true;
            return 0;
        }
        moveToSpool();
        closed = true;
        long left = spool.isEmpty() ? 0 : spool.bytes();
        spool.close();
        return left;
    }

    /** The spool's directory, or null. */
    String spoolDir() {
        return spool == null ? null : spool.dir().toString();
    }

    /** Appends every event in memory to the spool's tail, in order; what it cannot take is counted lost. */
    private void moveToSpool() {
        if (memory.isEmpty()) {
            return;
        }
        moves++;
        while (!memory.isEmpty()) {
            PendingEvent event = memory.peekFirst();
            try {
                if (!spool.append(event.encode())) {
                    losses.lost(1, "spool_full");
                }
                memory.pollFirst();
            } catch (IOException | RuntimeException e) {
                losses.lost(memory.size(), "spool_error");
                memory.clear();
                Diagnostics.failure("sink:otlp:spool", e);
            }
        }
    }
}
