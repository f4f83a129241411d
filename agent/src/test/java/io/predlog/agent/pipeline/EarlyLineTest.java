package io.predlog.agent.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.SampleEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Once the dispatcher is behind (half of these small queues), the thread offering an event encodes it itself; the
 * dispatcher writes that line as it is, in the event's place in the queue.
 */
class EarlyLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestPipelines made = new TestPipelines();

    @AfterEach
    void releaseEverything() {
        made.releaseAll();
    }

    private EventPipeline pipeline(int capacity, RecordingSink sink) {
        return made.pipeline(capacity, sink);
    }

    private static long number(Event e) {
        return TestPipelines.number(e);
    }

    @Test
    void pastHalfFullTheOfferingThreadEncodesAndTheLineIsWrittenInItsPlace() throws Exception {
        RecordingSink sink = made.sink("slow").blockingUntilReleased();
        EventPipeline pipeline = pipeline(8, sink);
        pipeline.start();
        assertTrue(pipeline.offer(SampleEvents.numbered(0)));
        assertTrue(sink.entered.await(10, TimeUnit.SECONDS)); // the dispatcher holds event 0, the queue is empty
        for (int i = 1; i <= 8; i++) {
            assertTrue(pipeline.offer(SampleEvents.numbered(i)), "within capacity: " + i);
        }
        sink.release.countDown();
        pipeline.shutdown(10_000);

        assertEquals(9, sink.events.size());
        String prefix = null;
        long[] sequence = new long[9];
        for (int i = 0; i < 9; i++) {
            assertEquals(i, number(sink.events.get(i)), "the queue's order");
            JsonNode line = JSON.readTree(sink.lines.get(i));
            assertEquals(String.format("%032x", i), line.get("request_id").asText(), "each line is its event's");
            String id = line.get("event_id").asText();
            prefix = prefix == null ? id.substring(0, 16) : prefix;
            assertEquals(prefix, id.substring(0, 16), "one event_id prefix in the process");
            sequence[i] = Long.parseLong(id.substring(16), 16);
        }
        // events 1-4 went in below half full and were encoded by the dispatcher after the release; events 5-8 were
        // encoded by this thread as they were offered, so they took their ids first
        assertEquals(Arrays.toString(new long[] {0, 5, 6, 7, 8, 1, 2, 3, 4}), Arrays.toString(sequence));
        assertEquals(0, pipeline.drops().total());
        assertEquals(9, pipeline.written());
    }

    @Test
    void aLineEncodedEarlyIsTheLineTheDispatcherWouldHaveWritten() throws Exception {
        RecordingSink early = made.sink("early").blockingUntilReleased();
        EventPipeline pipeline = pipeline(2, early);
        pipeline.start();
        Event first = SampleEvents.predictionSuccess();
        assertTrue(pipeline.offer(first));
        assertTrue(early.entered.await(10, TimeUnit.SECONDS));
        assertTrue(pipeline.offer(SampleEvents.predictionSuccess())); // half of 2: encoded by this thread
        early.release.countDown();
        pipeline.shutdown(10_000);

        assertEquals(2, early.lines.size());
        assertEquals(withoutId(early.lines.get(0)), withoutId(early.lines.get(1)));
    }

    @Test
    void manyProducersAgainstASmallQueueKeepEachOnesOrderAndTheCountsAddUp() throws Exception {
        RecordingSink sink = made.sink("memory");
        EventPipeline pipeline = pipeline(32, sink);
        pipeline.start();
        int producers = 4;
        int perProducer = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < producers; t++) {
            long base = t * 1_000_000L;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    pipeline.offer(SampleEvents.numbered(base + i));
                }
            });
            threads.add(thread);
            thread.start();
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        pipeline.shutdown(10_000);

        long total = (long) producers * perProducer;
        assertEquals(total, pipeline.written() + pipeline.drops().total(), "written and dropped add up");
        assertEquals(pipeline.written(), sink.lines.size());
        long[] last = new long[producers];
        Arrays.fill(last, -1);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < sink.events.size(); i++) {
            long n = number(sink.events.get(i));
            int producer = (int) (n / 1_000_000);
            assertTrue(n % 1_000_000 > last[producer], "each producer's events once and in order");
            last[producer] = n % 1_000_000;
            JsonNode line = JSON.readTree(sink.lines.get(i));
            assertEquals(String.format("%032x", n), line.get("request_id").asText());
            assertTrue(ids.add(line.get("event_id").asText()), "event ids never repeat");
        }
    }

    private static String withoutId(String line) {
        return line.replaceFirst("\"event_id\":\"[0-9a-f]{32}\"", "\"event_id\":\"-\"");
    }
}
