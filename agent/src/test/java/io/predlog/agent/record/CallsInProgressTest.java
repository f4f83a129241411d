package io.predlog.agent.record;

import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.config.Expression;
import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.Phase;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.RequestEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The calls the JVM's exit waits for: counted from enter until their events are offered. */
class CallsInProgressTest {

    private static final int PREDICT = 0;
    private static final int ENTRY = 1;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final CallsInProgress calls = new CallsInProgress();
    private final Recorder recorder = recorder(events::add);

    private Recorder recorder(Consumer<Event> sink) {
        return new Recorder(List.of(
                new TargetRuntime(new TargetSpec(TargetKind.PREDICT, "score", MethodPattern.parse("x.Model#predict"),
                        null, null, null, null)),
                new TargetRuntime(new TargetSpec(TargetKind.ENTRY, "http", MethodPattern.parse("x.Handler#handle"),
                        null, null, null, Expression.parse("arg0")))),
                Recording.of(new InputCapture(HashSettings.defaults(), true), new ModelRegistry(), sink)
                        .withCalls(calls));
    }

    @Test
    void aCallIsCountedFromItsEnterUntilItsEventIsOffered() {
        Object entry = recorder.enter(ENTRY, "x.Handler#handle", null, new Object[]{"req-1"});
        assertEquals(1, calls.running());
        Object predict = recorder.enter(PREDICT, "x.Model#predict", null, new Object[]{Map.of("a", 1.0)});
        assertEquals(2, calls.running());
        recorder.exit(predict, null, 0.5, null);
        assertEquals(1, calls.running());
        assertTrue(events.get(events.size() - 1) instanceof PredictionEvent);
        recorder.exit(entry, null, null, null);
        assertEquals(0, calls.running());
        assertEquals(Phase.SUCCESS, ((RequestEvent) events.get(events.size() - 1)).phase());
        // a nested call of the same target is part of the outer one: not counted on its own
        Object outer = recorder.enter(PREDICT, "x.Model#predict", null, new Object[]{1.0});
        Object inner = recorder.enter(PREDICT, "x.Model#predict", null, new Object[]{1.0});
        assertEquals(1, calls.running());
        recorder.exit(inner, null, 0.5, null);
        recorder.exit(outer, null, 0.5, null);
        assertEquals(0, calls.running());
    }

    @Test
    void theExitWaitsForACallRunningOnAnotherThreadAndFindsItsEventOffered() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread handler = new Thread(() -> {
            Object entry = recorder.enter(ENTRY, "x.Handler#handle", null, new Object[]{"req-2"});
            entered.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            recorder.exit(entry, null, null, null);
        });
        handler.start();
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        AtomicReference<Long> left = new AtomicReference<>();
        AtomicReference<Integer> eventsWhenDone = new AtomicReference<>();
        Thread exit = new Thread(() -> {
            left.set(calls.awaitEnd(60_000));
            eventsWhenDone.set(events.size());
        });
        exit.start();
        exit.join(200);
        assertTrue(exit.isAlive(), "the exit waits while the request runs");
        finish.countDown();
        exit.join(30_000);
        assertFalse(exit.isAlive());
        assertEquals(0L, left.get());
        assertEquals(2, eventsWhenDone.get(), "the request's end was offered before the wait ended");
        handler.join();
    }

    @Test
    void aCallThatNeverEndsHoldsTheExitOnlyAsLongAsTheBound() {
        Object never = recorder.enter(PREDICT, "x.Model#predict", null, new Object[]{1.0});
        assertEquals(1, calls.awaitEnd(50));
        recorder.exit(never, null, 0.5, null); // it ends after all: counted once, down to none
        assertEquals(0, calls.running());
    }

    @Test
    void callsBegunOnceTheExitBeganAreNotWaitedFor() {
        assertEquals(0, calls.awaitEnd(1_000));
        Object late = recorder.enter(PREDICT, "x.Model#predict", null, new Object[]{1.0});
        assertEquals(0, calls.running());
        assertEquals(0, calls.awaitEnd(60_000), "a service that keeps serving cannot hold the exit");
        recorder.exit(late, null, 0.5, null);
        assertEquals(0, calls.running());
        assertEquals(1, events.size(), "the call is recorded all the same");
    }

    @Test
    void aCallReturningAFutureIsCountedUntilTheFutureCompletes() {
        CompletableFuture<Double> future = new CompletableFuture<>();
        Object scope = recorder.enter(PREDICT, "x.Model#predict", null, new Object[]{1.0});
        recorder.exit(scope, null, future, null);
        assertEquals(1, calls.running());
        future.complete(0.5);
        assertEquals(0, calls.running());
        assertEquals(1, events.size());
    }

    @Test
    void aCallWhoseRecordingFailsStopsBeingCountedOnce() {
        Recorder failing = recorder(event -> {
            throw new IllegalStateException("a consumer that fails");
        });
        Object scope = failing.enter(PREDICT, "x.Model#predict", null, new Object[]{1.0});
        assertEquals(1, calls.running());
        failing.exit(scope, null, 0.5, null);
        assertEquals(0, calls.running());
        Object next = failing.enter(PREDICT, "x.Model#predict", null, new Object[]{1.0});
        assertEquals(1, calls.running(), "counted once more, never below what runs");
        failing.exit(next, null, 0.5, null);
        assertEquals(0, calls.running());
    }
}
