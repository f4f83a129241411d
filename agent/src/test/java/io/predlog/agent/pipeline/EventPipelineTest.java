package io.predlog.agent.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.event.DerivedEvent;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.Level;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.SampleEvents;
import io.predlog.agent.sink.LostEventsException;
import io.predlog.agent.sink.Sink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class EventPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestPipelines made = new TestPipelines();

    private EventPipeline pipeline(int capacity, Sink... sinks) {
        return made.pipeline(capacity, sinks);
    }

    private RecordingSink sink(String name) {
        return made.sink(name);
    }

    @AfterEach
    void releaseEverything() {
        made.releaseAll();
    }

    private static long number(Event e) {
        return TestPipelines.number(e);
    }

    @Test
    void deliversEveryEventFromSeveralProducersEachInItsOrder() throws Exception {
        int producers = 4;
        int perProducer = 25_000;
        RecordingSink sink = sink("memory");
        EventPipeline pipeline = pipeline(producers * perProducer, sink);
        pipeline.start();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int p = 0; p < producers; p++) {
            long base = p * 1_000_000L;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    assertTrue(pipeline.offer(SampleEvents.numbered(base + i)));
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        pipeline.shutdown(30_000);

        assertEquals(producers * perProducer, sink.events.size());
        assertEquals(producers * perProducer, pipeline.written());
        assertEquals(0, pipeline.drops().total());
        long[] next = new long[producers];
        for (Event e : sink.events) {
            long n = number(e);
            int producer = (int) (n / 1_000_000);
            assertEquals(next[producer]++, n % 1_000_000, "order within producer " + producer);
        }
        for (int i = 0; i < sink.lines.size(); i += 997) {
            assertEquals(((PredictionEvent) sink.events.get(i)).requestId(),
                    JSON.readTree(sink.lines.get(i)).get("request_id").asText(), "line matches its event");
        }
        assertTrue(sink.closed);
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() throws Exception {
        RecordingSink sink = sink("slow").blockingUntilReleased();
        EventPipeline pipeline = pipeline(8, sink);
        pipeline.start();
        assertTrue(pipeline.offer(SampleEvents.numbered(0)));
        assertTrue(sink.entered.await(10, TimeUnit.SECONDS)); // the dispatcher is now stuck in the sink

        long started = System.nanoTime();
        for (int i = 1; i <= 8; i++) {
            assertTrue(pipeline.offer(SampleEvents.numbered(i)), "within capacity: " + i);
        }
        assertFalse(pipeline.offer(SampleEvents.numbered(9)));
        assertFalse(pipeline.offer(SampleEvents.numbered(10)));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1), "offers never wait");
        assertEquals(2, pipeline.drops().queueFull());

        sink.release.countDown();
        pipeline.shutdown(10_000);
        assertEquals(9, sink.events.size());
        assertEquals(9, pipeline.written());
        assertEquals(2, pipeline.drops().total());
    }

    /** A drain that takes a full batch says the dispatcher is behind; one that empties the queue, that it keeps up. */
    @Test
    void theCallersAreToldWhetherTheDispatcherKeepsUp() throws Exception {
        GatedSink sink = new GatedSink();
        EventPipeline pipeline = pipeline(16, sink); // a full batch: the 16 events the queue holds
        try {
            pipeline.start();
            assertTrue(pipeline.keepingUp(), "before any event");
            assertTrue(pipeline.offer(SampleEvents.numbered(0)));
            assertTrue(waitFor(() -> sink.writes.get() == 1)); // the dispatcher is held writing a batch of one
            assertTrue(pipeline.keepingUp(), "a batch of one");
            for (int i = 1; i <= 16; i++) {
                assertTrue(pipeline.offer(SampleEvents.numbered(i)), "within capacity: " + i);
            }
            sink.gate.release(); // the next drain takes all 16, then the sink holds the dispatcher again
            assertTrue(waitFor(() -> sink.writes.get() == 2));
            assertFalse(pipeline.keepingUp(), "a full batch drained");
            sink.gate.release(); // the next drain finds the queue empty
            assertTrue(waitFor(pipeline::keepingUp), "the queue emptied");
        } finally {
            sink.gate.release(1_000);
        }
        pipeline.shutdown(10_000);
        assertEquals(17, sink.events.get());
    }

    /** A sink that holds the dispatcher in each write until its gate gives a permit, counting the writes begun. */
    private static final class GatedSink implements Sink {
        final java.util.concurrent.Semaphore gate = new java.util.concurrent.Semaphore(0);
        final java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger events = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String name() {
            return "gated";
        }

        @Override
        public void write(io.predlog.agent.sink.EncodedBatch batch) {
            writes.incrementAndGet();
            gate.acquireUninterruptibly();
            events.addAndGet(batch.size());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    @Test
    void aFailingSinkIsCountedAndTheHealthySinkStillGetsEverything() {
        RecordingSink bad = sink("bad");
        bad.failing = true;
        RecordingSink good = sink("good");
        EventPipeline pipeline = pipeline(10_000, bad, good);
        pipeline.start();
        for (int i = 0; i < 5_000; i++) {
            assertTrue(pipeline.offer(SampleEvents.numbered(i)));
        }
        pipeline.shutdown(10_000);

        assertEquals(5_000, good.events.size());
        assertEquals(5_000, pipeline.drops().sinkError("bad"));
        assertEquals(0, pipeline.drops().sinkError("good"));
        assertEquals(5_000, pipeline.written("good"));
        assertEquals(0, pipeline.written(), "not every sink took them");
        assertTrue(bad.closed, "a failing sink is still closed");
    }

    @Test
    void aSinkThatRecoversReceivesLaterBatches() throws Exception {
        RecordingSink flaky = sink("flaky");
        flaky.failing = true;
        EventPipeline pipeline = pipeline(100, flaky);
        pipeline.start();
        pipeline.offer(SampleEvents.numbered(0));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pipeline.drops().sinkError("flaky") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        flaky.failing = false;
        pipeline.offer(SampleEvents.numbered(1));
        pipeline.shutdown(10_000);
        assertEquals(1, pipeline.drops().sinkError("flaky"));
        assertEquals(List.of(1L), flaky.events.stream().map(EventPipelineTest::number).toList());
    }

    @Test
    void shutdownDrainsEverythingQueuedAndClosesTheSinks() {
        RecordingSink sink = sink("memory");
        EventPipeline pipeline = pipeline(20_000, sink);
        for (int i = 0; i < 20_000; i++) {
            pipeline.offer(SampleEvents.numbered(i)); // queued before the dispatcher even starts
        }
        pipeline.start();
        pipeline.shutdown(30_000);
        assertEquals(20_000, sink.events.size());
        assertEquals(0, pipeline.queued());
        assertTrue(sink.flushes.get() >= 1);
        assertTrue(sink.closed);
    }

    @Test
    void shutdownOfAPipelineNeverStartedStillWritesWhatWasOffered() {
        RecordingSink sink = sink("memory");
        EventPipeline pipeline = pipeline(10, sink);
        pipeline.offer(SampleEvents.numbered(0));
        pipeline.shutdown(10_000);
        assertEquals(1, sink.events.size());
    }

    @Test
    void shutdownIsBoundedWhenASinkHangs() throws Exception {
        RecordingSink hung = sink("hung").blockingUntilReleased();
        EventPipeline pipeline = pipeline(100, hung);
        pipeline.start();
        pipeline.offer(SampleEvents.numbered(0));
        assertTrue(hung.entered.await(10, TimeUnit.SECONDS));
        pipeline.offer(SampleEvents.numbered(1));

        long started = System.nanoTime();
        pipeline.shutdown(300);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMillis >= 250 && tookMillis < 3_000, "took " + tookMillis + " ms");
        assertEquals(1, pipeline.queued(), "the event behind the hung sink is still queued");
    }

    @Test
    void offersAfterShutdownAreDroppedAndCountedAndShutdownIsIdempotent() {
        RecordingSink sink = sink("memory");
        EventPipeline pipeline = pipeline(10, sink);
        pipeline.start();
        pipeline.shutdown(5_000);
        assertFalse(pipeline.offer(SampleEvents.numbered(0)));
        assertFalse(pipeline.offer(SampleEvents.numbered(1)));
        pipeline.shutdown(5_000);
        assertEquals(2, pipeline.drops().afterShutdown());
        assertEquals(0, sink.events.size());
    }

    @Test
    void anEventThatCannotBeEncodedIsCountedAndTheRestOfItsBatchIsDelivered() {
        Map<String, Object> hostile = new LinkedHashMap<>() {
            @Override
            public Set<Map.Entry<String, Object>> entrySet() {
                throw new IllegalStateException("boom");
            }
        };
        Event bad = new PredictionEvent(SampleEvents.START, "t", "r", "s", "m#p", null, null,
                new HashResult("0011223344556677", 1, false, false), hostile, null, 1,
                null, null, 1.0);
        RecordingSink sink = sink("memory");
        EventPipeline pipeline = pipeline(10, sink);
        pipeline.offer(SampleEvents.numbered(0));
        pipeline.offer(bad);
        pipeline.offer(SampleEvents.numbered(2));
        pipeline.start();
        pipeline.shutdown(5_000);
        assertEquals(List.of(0L, 2L), sink.events.stream().map(EventPipelineTest::number).toList());
        assertEquals(1, pipeline.drops().encodeError());
        assertEquals(2, sink.lines.stream().filter(l -> l.endsWith("}\n")).count(), "whole lines only");
    }

    @Test
    void eventsLostWhenASinkClosesAreCountedAsItsDrops() {
        RecordingSink lossy = new RecordingSink("lossy") {
            @Override
            public void close() throws java.io.IOException {
                throw new LostEventsException(3, "3 buffered events could not be written", null);
            }
        };
        EventPipeline pipeline = pipeline(10, lossy);
        pipeline.offer(SampleEvents.numbered(0));
        pipeline.shutdown(5_000);
        assertEquals(1, lossy.events.size());
        assertEquals(3, pipeline.drops().sinkError("lossy"));
    }

    @Test
    void eventsASinkLosesAfterTakingThemAreCountedAsItsDropsInsteadOfWritten() {
        RecordingSink lossy = new RecordingSink("lossy") {
            private boolean reported;

            @Override
            public void flush() throws java.io.IOException {
                super.flush();
                if (!reported && events.size() >= 4) {
                    reported = true; // say the file holding two of them was deleted
                    throw new LostEventsException(2, "2 events went into a deleted file", null);
                }
            }
        };
        EventPipeline pipeline = pipeline(10, lossy);
        for (int i = 0; i < 4; i++) {
            pipeline.offer(SampleEvents.numbered(i));
        }
        pipeline.shutdown(5_000);
        assertEquals(4, lossy.events.size(), "the sink took all four");
        assertEquals(2, pipeline.drops().sinkError("lossy"));
        assertEquals(2, pipeline.written(), "only what was not lost counts as written");
        assertEquals(2, pipeline.written("lossy"));
        assertEquals(4, pipeline.written() + pipeline.drops().total(), "every event counted once");
    }

    @Test
    void anEventTooLargeForOneLineIsDroppedAndCountedNeverLostSilently() {
        RecordingSink sink = sink("memory");
        EventPipeline pipeline = pipeline(10, sink);
        pipeline.offer(SampleEvents.numbered(0));
        pipeline.offer(new DerivedEvent("model_stats", Level.INFO, 0, "t",
                Map.of("blob", "x".repeat(Dispatcher.MAX_EVENT_BYTES))));
        pipeline.offer(SampleEvents.numbered(1));
        pipeline.shutdown(10_000);
        assertEquals(2, sink.events.size(), "the events around it are written");
        assertEquals(1, pipeline.drops().encodeError());
        assertEquals(3, pipeline.written() + pipeline.drops().total(), "every event written or counted");
    }

    @Test
    void anIdlePipelineFlushesItsSinksWithoutBeingAsked() throws Exception {
        RecordingSink sink = sink("memory");
        EventPipeline pipeline = pipeline(10, sink);
        pipeline.start();
        pipeline.offer(SampleEvents.numbered(0));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (sink.flushes.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, sink.events.size());
        assertTrue(sink.flushes.get() >= 1, "flushed within a second or so of going idle");
    }

    @Test
    void theDispatcherIsOneDaemonThreadWithAKnownName() throws Exception {
        RecordingSink sink = sink("memory");
        EventPipeline pipeline = pipeline(10, sink);
        pipeline.start();
        pipeline.start();
        long named = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("predlog-dispatcher") && t.isDaemon() && t.isAlive()).count();
        assertTrue(named >= 1);
        pipeline.shutdown(5_000);
        Thread.sleep(50);
    }

    @Test
    void anIdlePipelineDoesNotSpin() throws Exception {
        EventPipeline pipeline = pipeline(10, sink("memory"));
        pipeline.start();
        Thread.sleep(200);
        Thread dispatcher = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("predlog-dispatcher") && t.isAlive()).findFirst().orElseThrow();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuBefore = mx.getThreadCpuTime(dispatcher.getId());
        Thread.sleep(1_000);
        long cpuMillis = TimeUnit.NANOSECONDS.toMillis(mx.getThreadCpuTime(dispatcher.getId()) - cpuBefore);
        assertTrue(cpuMillis < 150, "idle dispatcher used " + cpuMillis + " ms of CPU in a second");
    }

    @Test
    void aCapacityBelowOneIsRejected() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new EventPipeline(0, new EventJsonEncoder(SampleEvents.PROCESS), List.of()));
    }
}
