package io.predlog.agent.pipeline;

import io.predlog.agent.event.Event;
import io.predlog.agent.event.Phase;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.SampleEvents;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A queue full of successes still takes the events a diagnosis needs most (failures, slow calls, model loads, the
 * in-flight record at a crash), a sixteenth past its capacity; the agent's own events have their reserve past that;
 * an event the queue refuses is not encoded first.
 */
class FullQueueKeepsTest {

    private static final int CAPACITY = 64; // notable events up to 68, the agent's own up to 68 + 1,024

    /** Counts the events it is asked to encode, and queues each as itself. */
    private static final class CountingEncoder implements Function<Event, Object> {
        final AtomicInteger encoded = new AtomicInteger();

        @Override
        public Object apply(Event event) {
            encoded.incrementAndGet();
            return event;
        }
    }

    private static PredictionEvent slowSuccess(double latencyMs) {
        PredictionEvent s = SampleEvents.numbered(1);
        return new PredictionEvent(s.startEpochMillis(), s.thread(), s.requestId(), s.target(), s.method(),
                s.modelId(), s.modelVersion(), s.inputHashPrefix(), s.inputSize(), s.input(), s.outputHashPrefix(),
                latencyMs, s.errors(), s.sampleRate(), s.outputCharacteristics(), s.outputNumber(), s.flags(),
                s.requestIdHigh(), s.requestIdLow());
    }

    private static List<Object> drainAll(EventQueue queue) {
        List<Object> items = new ArrayList<>();
        queue.drain(items::add, Integer.MAX_VALUE);
        return items;
    }

    @Test
    void successesStopAtTheCapacityAndFailuresLoadsAndSlowCallsGoASixteenthPastIt() {
        EventQueue queue = new EventQueue(CAPACITY);
        queue.slowCalls(() -> 100);
        CountingEncoder early = new CountingEncoder();
        for (int i = 0; i < CAPACITY; i++) {
            assertTrue(queue.offer(SampleEvents.numbered(i), early), "a success within the capacity: " + i);
        }
        assertFalse(queue.offer(SampleEvents.numbered(CAPACITY), early), "a success past the capacity");
        assertFalse(queue.offer(slowSuccess(100), early), "a success exactly as slow as the threshold is routine");
        assertFalse(queue.offer(SampleEvents.request(Phase.START), early), "a request's start is routine");
        assertFalse(queue.offer(SampleEvents.request(Phase.SUCCESS), early), "a request's success in 20.5 ms");

        assertTrue(queue.offer(SampleEvents.predictionFailure(), early), "a failure");
        assertTrue(queue.offer(slowSuccess(100.5), early), "a success slower than predlog.sample.slow_ms");
        assertTrue(queue.offer(SampleEvents.load(Phase.START), early), "a model load's start");
        assertTrue(queue.offer(SampleEvents.request(Phase.FAILURE), early), "a request's failure");
        assertEquals(CAPACITY + CAPACITY / EventQueue.NOTABLE_SHARE, queue.size());
        assertFalse(queue.offer(SampleEvents.load(Phase.SUCCESS), early), "notable events stop a sixteenth past");

        assertTrue(queue.offerOwn(SampleEvents.health()), "the agent's own events have their reserve past that");
        assertEquals(5, queue.queueFull(), "every refusal counted as queue_full");
        assertEquals(CAPACITY + 4 + 1 + 5, queue.offered(), "every offer counted");

        List<Object> items = drainAll(queue);
        assertEquals(CAPACITY + 5, items.size());
        for (int i = 0; i < CAPACITY; i++) {
            assertEquals(i, TestPipelines.number((Event) items.get(i)), "the queue's order is kept");
        }
        assertEquals("prediction_failure", ((Event) items.get(CAPACITY)).name());
        assertEquals("prediction_success", ((Event) items.get(CAPACITY + 1)).name());
        assertEquals("model_load_start", ((Event) items.get(CAPACITY + 2)).name());
        assertEquals("request_failure", ((Event) items.get(CAPACITY + 3)).name());
        assertEquals("agent_health", ((Event) items.get(CAPACITY + 4)).name());
    }

    @Test
    void anEventTheQueueRefusesIsNotEncoded() {
        EventQueue queue = new EventQueue(CAPACITY);
        CountingEncoder early = new CountingEncoder();
        for (int i = 0; i < CAPACITY; i++) {
            assertTrue(queue.offer(SampleEvents.numbered(i), early));
        }
        int encodedWhenFull = early.encoded.get();
        assertEquals(CAPACITY / 2, encodedWhenFull, "past half of a small queue, callers encode their own events");
        for (int i = 0; i < 1000; i++) {
            assertFalse(queue.offer(SampleEvents.numbered(i), early));
        }
        assertEquals(encodedWhenFull, early.encoded.get(), "no success encoded only to be dropped");
        assertTrue(queue.offer(SampleEvents.predictionFailure(), early));
        assertEquals(encodedWhenFull + 1, early.encoded.get(), "a failure the queue takes is encoded as before");
    }

    @Test
    void withoutASlowCallThresholdNoSuccessIsNotable() {
        EventQueue queue = new EventQueue(CAPACITY); // predlog.sample.slow_ms=0, or before the sampler is known
        for (int i = 0; i < CAPACITY; i++) {
            assertTrue(queue.offer(SampleEvents.numbered(i), e -> e));
        }
        assertFalse(queue.offer(slowSuccess(86_400_000), e -> e));
        assertTrue(EventQueue.notable(slowSuccess(2), 1), "the threshold is read from the sampler, as it is now");
        assertFalse(EventQueue.notable(slowSuccess(2), 0), "0: no call is kept for being slow");
        assertTrue(EventQueue.notable(SampleEvents.predictionBare("java.lang.Error"), 0), "a failure");
        assertTrue(EventQueue.notable(SampleEvents.load(Phase.FAILURE), 0));
        assertFalse(EventQueue.notable(SampleEvents.request(Phase.START), 1), "a start has no latency");
    }
}
