package io.predlog.agent.pipeline;

import io.predlog.agent.event.Event;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.SampleEvents;
import io.predlog.agent.sink.Sink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several sinks side by side: each has its own position in the stream, so a blocked one delays no other. */
@Timeout(60)
class SinksSideBySideTest {

    private static final int EVENTS = 30_000;
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

    private static List<Long> numbers(List<Event> events) {
        synchronized (events) {
            return events.stream().map(e -> Long.parseLong(((PredictionEvent) e).requestId(), 16)).toList();
        }
    }

    private static void awaitSize(RecordingSink sink, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sink.events.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void aSinkBlockedForeverLeavesTheOtherWithEveryEventInOrder() throws Exception {
        RecordingSink blocked = sink("blocked").blockingUntilReleased();
        RecordingSink file = sink("file");
        EventPipeline pipeline = pipeline(EVENTS, blocked, file);
        pipeline.start();
        for (int i = 0; i < EVENTS; i++) {
            assertTrue(pipeline.offer(SampleEvents.numbered(i)), "the queue never fills: event " + i);
            if (i % 1_000 == 999) {
                Thread.sleep(2); // in several batches, more than the blocked sink's hand-off holds
            }
        }
        assertTrue(blocked.entered.await(10, TimeUnit.SECONDS));
        awaitSize(file, EVENTS);

        assertEquals(LongStream.range(0, EVENTS).boxed().toList(), numbers(file.events),
                "every event, in order, while the other sink is blocked");
        assertTrue(blocked.events.isEmpty());
        assertTrue(pipeline.drops().sinkError("blocked") > 0, "the blocked sink's missed batches are its drops");
        assertEquals(0, pipeline.drops().sinkError("file"));
        assertEquals(0, pipeline.drops().queueFull());
    }

    @Test
    void shutdownClosesTheOtherSinksAndCountsWhatTheBlockedOneNeverWrote() throws Exception {
        RecordingSink blocked = sink("blocked").blockingUntilReleased();
        RecordingSink file = sink("file");
        EventPipeline pipeline = pipeline(EVENTS, blocked, file);
        pipeline.reportHealth(0, UpstreamCounts.NONE);
        pipeline.start();
        for (int i = 0; i < 5_000; i++) {
            pipeline.offer(SampleEvents.numbered(i));
        }
        assertTrue(blocked.entered.await(10, TimeUnit.SECONDS));

        long started = System.nanoTime();
        pipeline.shutdown(1_000);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertTrue(tookMillis < 3_000, "shutdown is bounded: " + tookMillis + " ms");
        assertTrue(file.closed, "the healthy sink is flushed and closed");
        assertEquals(5_001, file.events.size(), "every event and the last agent_health");
        assertEquals("agent_health", file.events.get(5_000).name());
        assertEquals(5_000, pipeline.written("file"));
        assertEquals(5_000, pipeline.drops().sinkError("blocked") + pipeline.written("blocked"),
                "each event written by the blocked sink or counted as its drop");
        assertEquals(5_000, pipeline.written() + pipeline.drops().sinkError("blocked"),
                "events_written counts what every sink took; the rest is the blocked sink's drops");
        String health = file.lines.get(5_000);
        assertTrue(health.contains("\"sink_error\":{\"blocked\":" + pipeline.drops().sinkError("blocked")),
                "the last agent_health counts the blocked sink's drops: " + health);
    }

    @Test
    void eachSinkWritesOnADaemonThreadOfItsOwn() throws Exception {
        RecordingSink slow = sink("slow").blockingUntilReleased();
        RecordingSink file = sink("file");
        EventPipeline pipeline = pipeline(100, slow, file);
        pipeline.start();
        pipeline.offer(SampleEvents.numbered(0));
        assertTrue(slow.entered.await(10, TimeUnit.SECONDS));
        for (String name : List.of("predlog-sink-slow", "predlog-sink-file")) {
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals(name) && t.isDaemon() && t.isAlive()), name);
        }
        slow.release.countDown();
        pipeline.shutdown(5_000);
        assertEquals(List.of(0L), numbers(slow.events), "a sink that was slow writes what it was given");
        assertEquals(1, pipeline.written());
        assertTrue(slow.closed && file.closed);
    }

    @Test
    void oneSinkAloneIsWrittenOnTheDispatcherThread() {
        RecordingSink only = new RecordingSink("only") {
            @Override
            public void write(io.predlog.agent.sink.EncodedBatch batch) throws java.io.IOException {
                assertEquals(EventPipeline.THREAD_NAME, Thread.currentThread().getName());
                super.write(batch);
            }
        };
        EventPipeline pipeline = pipeline(10, only);
        pipeline.offer(SampleEvents.numbered(0));
        pipeline.shutdown(5_000);
        assertEquals(1, only.events.size());
        assertEquals(1, pipeline.written("only"));
    }
}
