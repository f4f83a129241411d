package io.predlog.agent.pipeline;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.AgentHealthEvent;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.LostEventsException;
import io.predlog.agent.sink.Sink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands each encoded batch to every sink, in order, and keeps each sink's account: events it took, events it
 * failed to take ({@code sink_error} drops), and calls that threw. A sink that throws is reported through
 * {@link Diagnostics#failure} as {@code sink:<name>} and gets the next batch as usual; the others are unaffected.
 *
 * <p>Threads: delivery, flushing and closing on the dispatcher thread only; the counts may be read from any thread.
 * Each sink has an {@link Outlet} of its own, the place for what belongs to one sink alone.
 */
final class FanOut {

    private final Outlet[] outlets;
    private final AtomicLong written = new AtomicLong();

    FanOut(List<Sink> sinks) {
        outlets = new Outlet[sinks.size()];
        for (int i = 0; i < outlets.length; i++) {
            outlets[i] = new Outlet(sinks.get(i), i, written);
        }
    }

    /** Gives the batch to every sink, counting its events per sink and, when every sink took it, in all. */
    void deliver(EncodedBatch batch) {
        int n = batch.size();
        if (n == 0) {
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
        for (Outlet outlet : outlets) {
            outlet.deliver(batch, 0);
        }
    }

    void flush() {
        for (Outlet outlet : outlets) {
            outlet.flush();
        }
    }

    void close() {
        for (Outlet outlet : outlets) {
            outlet.close();
        }
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

    /** Per sink name: events it failed to take. */
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

    /** Per sink name that reports one: what it keeps on disk. Dispatcher thread only. */
    Map<String, AgentHealthEvent.Disk> diskUsage() {
        Map<String, AgentHealthEvent.Disk> bySink = new LinkedHashMap<>();
        for (Outlet outlet : outlets) {
            outlet.diskUsage(bySink);
        }
        return bySink;
    }

    /** One sink and its account. */
    private static final class Outlet {
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

        void diskUsage(Map<String, AgentHealthEvent.Disk> bySink) {
            try {
                sink.diskUsage().ifPresent(d -> bySink.put(name, new AgentHealthEvent.Disk(d.files(), d.bytes())));
            } catch (Throwable t) {
                failed(t);
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
}
