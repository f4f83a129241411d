package io.predlog.agent.record;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.predlog.agent.bootstrap.CallRecorder;
import io.predlog.agent.bootstrap.PredlogBridge;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PendingRecorderTest {

    private static final Object[] ARGS = {"input"};

    @AfterEach
    void uninstall() {
        PredlogBridge.install((CallRecorder) null);
    }

    @Test
    void aCallMadeBeforeTheStartWaitsAndIsRecordedByTheRealRecorder() throws Exception {
        PendingRecorder pending = new PendingRecorder();
        CallRecorder real = mock(CallRecorder.class);
        Object scope = new Object();
        when(real.enter(3, "A#predict", null, ARGS)).thenReturn(scope);
        when(real.enterOne(4, "A#score", null, "x")).thenReturn(scope);
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> pending.enter(3, "A#predict", null, ARGS));
        CompletableFuture<Object> one = CompletableFuture.supplyAsync(() -> pending.enterOne(4, "A#score", null, "x"));
        Thread.sleep(200);
        assertFalse(call.isDone(), "the call waits while the agent starts");
        assertFalse(one.isDone());
        verifyNoInteractions(real);

        pending.ready(real);
        assertSame(scope, call.get(5, TimeUnit.SECONDS), "the real recorder's scope");
        assertSame(scope, one.get(5, TimeUnit.SECONDS));
        assertTrue(pending.isReady());
    }

    @Test
    void onceReadyTheBridgeHandsCallsToTheRealRecorderAndTheRestIsForwarded() {
        PendingRecorder pending = new PendingRecorder();
        PredlogBridge.install(pending);
        CallRecorder real = mock(CallRecorder.class);
        Object scope = new Object();
        when(real.enter(0, "A#predict", null, ARGS)).thenReturn(scope);
        pending.ready(real);

        assertSame(scope, PredlogBridge.enter(0, "A#predict", null, ARGS), "the bridge calls the real recorder");
        // calls already on their way through the pending recorder reach the real one
        pending.exit(scope, null, "out", null);
        pending.exitNumber(scope, null, 0.5, true, null);
        pending.constructorInitialised("A#<init>");
        IllegalStateException thrown = new IllegalStateException("bad model file");
        pending.constructorThrew(thrown, "A#<init>", true);
        pending.futureDone("future");
        verify(real).exit(scope, null, "out", null);
        verify(real).exitNumber(scope, null, 0.5, true, null);
        verify(real).constructorInitialised("A#<init>");
        verify(real).constructorThrew(thrown, "A#<init>", true);
        verify(real).futureDone("future");
    }

    @Test
    void beforeTheStartNothingButACallsBeginningWaits() {
        PendingRecorder pending = new PendingRecorder(60_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            pending.exit(new Object(), null, "out", null);
            pending.exitNumber(new Object(), null, 1.0, false, null);
            pending.constructorInitialised("A#<init>");
            pending.constructorThrew(new RuntimeException(), "A#<init>", false);
            pending.futureDone("future");
        }, "without a scope from the real recorder there is nothing to wait for");
    }

    @Test
    void aStartThatFailsLetsTheWaitingCallsGoOnUnrecorded() throws Exception {
        PendingRecorder pending = new PendingRecorder();
        PredlogBridge.install(pending);
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> pending.enter(0, "A#predict", null, ARGS));
        Thread.sleep(100);
        pending.ready(null);
        assertNull(call.get(5, TimeUnit.SECONDS));
        assertNull(PredlogBridge.enter(0, "A#predict", null, ARGS), "the bridge records nothing");
        assertNull(pending.enterOne(0, "A#predict", null, "x"));
    }

    @Test
    void onlyTheFirstReadyCounts() {
        PendingRecorder pending = new PendingRecorder();
        CallRecorder first = mock(CallRecorder.class);
        CallRecorder second = mock(CallRecorder.class);
        pending.ready(first);
        pending.ready(second);
        pending.enter(0, "A#predict", null, ARGS);
        verify(first).enter(0, "A#predict", null, ARGS);
        verify(second, never()).enter(any(Integer.class), any(), any(), any());
    }

    @Test
    void theThreadDoingTheStartNeverWaitsForItself() throws Exception {
        PendingRecorder pending = new PendingRecorder(60_000);
        AtomicReference<Object> result = new AtomicReference<>("not called");
        Thread starter = new Thread(() -> result.set(pending.enter(0, "A#predict", null, ARGS)));
        pending.startedBy(starter);
        starter.start();
        starter.join(5_000);
        assertFalse(starter.isAlive(), "the start's own call to a target returned at once");
        assertNull(result.get(), "and was not recorded");
        assertFalse(pending.isReady());
    }

    @Test
    void oneCallThatTimesOutStopsEveryLaterCallFromWaiting() {
        PendingRecorder pending = new PendingRecorder(100);
        long start = System.nanoTime();
        assertNull(pending.enter(0, "A#predict", null, ARGS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100), "waited its bound");
        // twenty more calls: had each waited its bound, this would take two seconds
        assertTimeoutPreemptively(Duration.ofMillis(1_500), () -> {
            for (int i = 0; i < 20; i++) {
                assertNull(pending.enterOne(0, "A#predict", null, "x"));
            }
        }, "later calls do not wait");

        CallRecorder real = mock(CallRecorder.class);
        Object scope = new Object();
        when(real.enter(0, "A#predict", null, ARGS)).thenReturn(scope);
        pending.ready(real);
        assertSame(scope, pending.enter(0, "A#predict", null, ARGS), "calls are recorded once the start finishes");
    }

    @Test
    void anInterruptedCallGoesOnAndKeepsItsInterrupt() {
        PendingRecorder pending = new PendingRecorder(60_000);
        Thread.currentThread().interrupt();
        // on this thread (a preemptive timeout would run it on another, without the interrupt)
        assertTimeout(Duration.ofSeconds(5), () -> assertNull(pending.enter(0, "A#predict", null, ARGS)));
        assertTrue(Thread.interrupted(), "the application's interrupt is kept (and cleared here)");
    }
}
