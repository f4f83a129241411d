package io.predlog.agent.pipeline;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.AgentHealthEvent;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.LostEventsException;
import io.predlog.agent.sink.Sink;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sink and its account: events it took, events it failed to take or that were dropped for it ({@code sink_error}
 * drops), and calls that threw. Every call to the sink goes through here, from one thread at a time: the dispatcher,
 * or the sink's own {@link SinkThread}. The counts may be read from any thread.
 */
final class Outlet {

    final Sink sink;
    final String name;
    final AtomicLong written = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    private final AtomicLong writtenByAll;

    Outlet(Sink sink, int index, AtomicLong writtenByAll) {
        this.sink = sink;
        this.name = nameOf(sink, index);
        this.writtenByAll = writtenByAll;
    }

    /** Writes the batch, counting {@code n} events as taken or as failed; true when taken. */
    boolean deliver(EncodedBatch batch, int n) {
        try {
            sink.write(batch);
            written.addAndGet(n);
            return true;
        } catch (LostEventsException lost) { // the batch is taken; events accepted before it are lost
            written.addAndGet(n);
            lostAfterTaking(lost);
            failed(lost);
            return true;
        } catch (Throwable t) {
            errors.addAndGet(n);
            failed(t);
            return false;
        }
    }

    /** Counts {@code n} events written with {@code deliver(batch, 0)} as taken or as failed. */
    void counted(boolean taken, int n) {
        (taken ? written : errors).addAndGet(n);
    }

    /** Counts {@code n} events that never reached the sink (it fell behind) as its {@code sink_error} drops. */
    void dropped(int n) {
        errors.addAndGet(n);
    }

    void flush() {
        try {
            sink.flush();
        } catch (Throwable t) {
            lostAfterTaking(t);
            failed(t);
        }
    }

    void close() {
        try {
            sink.close();
        } catch (Throwable t) {
            lostAfterTaking(t);
            failed(t);
        }
    }

    /** Adds what the sink keeps on disk, if it reports it, to {@code bySink}. */
    void diskUsage(Map<String, AgentHealthEvent.Disk> bySink) {
        AgentHealthEvent.Disk disk = diskUsage();
        if (disk != null) {
            bySink.put(name, disk);
        }
    }

    /** What the sink keeps on disk, or null when it reports nothing. */
    AgentHealthEvent.Disk diskUsage() {
        try {
            return sink.diskUsage().map(d -> new AgentHealthEvent.Disk(d.files(), d.bytes())).orElse(null);
        } catch (Throwable t) {
            failed(t);
            return null;
        }
    }

    /**
     * Events the sink took and then lost ({@link LostEventsException}): counted as its {@code sink_error} drops
     * instead of as written.
     */
    private void lostAfterTaking(Throwable t) {
        if (t instanceof LostEventsException lost && lost.lostEvents() > 0) {
            long n = lost.lostEvents();
            errors.addAndGet(n);
            written.addAndGet(-Math.min(n, written.get())); // a sink cannot lose more than it took
            writtenByAll.addAndGet(-Math.min(n, writtenByAll.get()));
        }
    }

    private void failed(Throwable t) {
        failures.incrementAndGet();
        Diagnostics.failure("sink:" + name, t);
    }

    private static String nameOf(Sink sink, int index) {
        try {
            return sink.name();
        } catch (Throwable e) {
            return "#" + index;
        }
    }
}
