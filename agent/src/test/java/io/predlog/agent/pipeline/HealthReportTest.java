package io.predlog.agent.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.predlog.agent.event.AgentHealthEvent;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.Level;
import io.predlog.agent.event.SampleEvents;
import io.predlog.agent.sink.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** agent_health: written by the dispatcher, periodically and last at shutdown, with counts that add up. */
@Timeout(60)
class HealthReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventPipeline pipeline(int capacity, long intervalMillis, UpstreamCounts upstream, Sink sink) {
        EventPipeline p = new EventPipeline(capacity, new EventJsonEncoder(SampleEvents.PROCESS), List.of(sink));
        p.reportHealth(intervalMillis, upstream);
        return p;
    }

    private static UpstreamCounts upstream(long sampledOut, long shed) {
        return new UpstreamCounts() {
            @Override
            public long sampledOut() {
                return sampledOut;
            }

            @Override
            public long shed() {
                return shed;
            }
        };
    }

    private static List<AgentHealthEvent> health(RecordingSink sink) {
        return sink.events.stream().filter(e -> e instanceof AgentHealthEvent).map(e -> (AgentHealthEvent) e).toList();
    }

    @Test
    void atShutdownOneFinalReportIsTheLastEventAndItsCountsAddUp() throws Exception {
        RecordingSink sink = new RecordingSink("file");
        EventPipeline p = pipeline(16, 0, upstream(70, 5), sink);
        for (int i = 0; i < 200; i++) { // not started yet: 16 fit, the rest are dropped as queue_full
            p.offer(SampleEvents.numbered(i));
        }
        p.shutdown(5_000);
        p.offer(SampleEvents.numbered(999)); // after shutdown: counted, but after the last report

        List<AgentHealthEvent> reports = health(sink);
        assertEquals(1, reports.size(), "interval 0: only the shutdown report");
        AgentHealthEvent last = reports.get(0);
        assertEquals(last, sink.events.get(sink.events.size() - 1), "nothing is written after it");
        assertTrue(last.last());
        assertEquals(200 + 70 + 5, last.offered());
        assertEquals(16, last.written());
        assertEquals(184, last.queueFull());
        assertEquals(last.offered(), last.written() + last.sampledOut() + last.shed() + last.dropped(),
                "offered = written + sampled out + shed + dropped");
        assertEquals(Level.WARN, last.level(), "something was dropped");
        assertEquals(0, last.queued());
        assertEquals(16, last.queueCapacity());

        JsonNode json = JSON.readTree(sink.lines.get(sink.lines.size() - 1));
        assertEquals("agent_health", json.get("event").asText());
        assertTrue(json.get("final").asBoolean());
        assertEquals(184, json.at("/dropped/queue_full").asLong());
        assertEquals(0, json.at("/dropped/sink_error/file").asLong());
        assertEquals(16, json.get("events_written").asLong());
        assertFalse(json.has("disk"), "a sink without files reports no disk usage");
    }

    @Test
    @Timeout(60)
    void theFinalReportAddsUpWhileApplicationThreadsGoOnOfferingThroughTheShutdown() throws Exception {
        // a JVM exiting with daemon threads still calling: offers go on before, during and after the shutdown
        RecordingSink sink = new RecordingSink("file");
        EventPipeline p = pipeline(64, 0, upstream(0, 0), sink);
        p.start();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    p.offer(SampleEvents.numbered(i));
                }
            });
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(50);
        p.shutdown(5_000);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }

        AgentHealthEvent last = health(sink).get(health(sink).size() - 1);
        assertTrue(last.last());
        assertEquals(last.offered(), last.written() + last.sampledOut() + last.shed() + last.dropped(),
                "offered = written + sampled out + shed + dropped: " + last);
        assertEquals(sink.events.size() - 1, last.written(), "written: the events before the report");
    }

    @Test
    void theAgentsOwnEventsStillGetInWhenTheApplicationsFillTheQueue() throws Exception {
        RecordingSink sink = new RecordingSink("file");
        EventPipeline p = pipeline(16, 0, upstream(0, 0), sink);
        for (int i = 0; i < 16; i++) {
            assertTrue(p.offer(SampleEvents.numbered(i)));
        }
        assertFalse(p.offer(SampleEvents.numbered(16)), "the queue is full for the application's events");
        // the agent's own events go past the notable events' sixteenth, by the reserve
        int own = 16 / EventQueue.NOTABLE_SHARE + EventQueue.RESERVE;
        for (int i = 0; i < own; i++) {
            assertTrue(p.offerOwn(SampleEvents.numbered(100 + i)), "the reserve takes the agent's own: " + i);
        }
        assertFalse(p.offerOwn(SampleEvents.numbered(99)), "and is bounded too");
        p.shutdown(5_000);
        AgentHealthEvent last = health(sink).get(0);
        assertEquals(16 + own, last.written());
        assertEquals(2, last.queueFull());
        assertEquals(last.offered(), last.written() + last.dropped());
    }

    @Test
    void reportsComeEveryIntervalAtInfoWhileNothingIsDroppedAndCarryDiskUsage() throws Exception {
        RecordingSink sink = new RecordingSink("file") {
            @Override
            public Optional<DiskUsage> diskUsage() {
                return Optional.of(new DiskUsage(2, 4096));
            }
        };
        EventPipeline p = pipeline(1024, 50, UpstreamCounts.NONE, sink);
        p.start();
        p.offer(SampleEvents.numbered(1));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (health(sink).size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        p.shutdown(5_000);
        List<AgentHealthEvent> reports = health(sink);
        assertTrue(reports.size() >= 4, "periodic reports, then the final one: " + reports.size());
        for (AgentHealthEvent r : reports) {
            assertEquals(Level.INFO, r.level());
            assertEquals(new AgentHealthEvent.Disk(2, 4096), r.disk().get("file"));
            assertEquals("predlog-dispatcher", r.thread());
        }
        assertFalse(reports.get(0).last());
        assertTrue(reports.get(reports.size() - 1).last());
        assertEquals(1, reports.get(reports.size() - 1).written(), "agent_health does not count itself");
        long events = sink.events.stream().filter(e -> !(e instanceof AgentHealthEvent)).count();
        assertEquals(1, events);
    }

    @Test
    void aFailingSinkIsCountedBothAsDropsAndAsFailures() {
        RecordingSink sink = new RecordingSink("file");
        sink.failing = true;
        EventPipeline p = pipeline(64, 0, UpstreamCounts.NONE, sink);
        for (int i = 0; i < 10; i++) {
            p.offer(SampleEvents.numbered(i));
        }
        p.shutdown(5_000);
        assertEquals(10, p.drops().sinkError("file"));
        assertTrue(p.sinkFailures().get("file") >= 2, "the batch and the health event failed: " + p.sinkFailures());
    }
}
