package io.predlog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.predlog.agent.bootstrap.CallRecorder;
import io.predlog.agent.bootstrap.PredlogBridge;
import io.predlog.agent.record.PendingRecorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundStartTest {

    private static final Object[] ARGS = {"input"};

    private final List<String> steps = new ArrayList<>();
    private final AtomicLong drainBudget = new AtomicLong(-1);

    @AfterEach
    void uninstall() {
        PredlogBridge.install((CallRecorder) null);
    }

    private BackgroundStart.Running running(CallRecorder recorder) {
        Capability part = new Capability() {
            @Override
            public String name() {
                return "part";
            }

            @Override
            public void start() {
            }

            @Override
            public void beforeDrain(long budgetMillis) {
                steps.add("beforeDrain");
            }

            @Override
            public void afterDrain() {
                steps.add("afterDrain");
            }
        };
        return new BackgroundStart.Running(List.of(part), budget -> {
            steps.add("drain");
            drainBudget.set(budget);
        }, recorder);
    }

    @Test
    void theStartRunsOnADaemonThreadOfItsOwnAndThenCallsAreRecorded() throws Exception {
        PendingRecorder pending = new PendingRecorder();
        PredlogBridge.install(pending);
        CallRecorder real = mock(CallRecorder.class);
        Object scope = new Object();
        when(real.enter(0, "A#predict", null, ARGS)).thenReturn(scope);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> startedOn = new AtomicReference<>();
        BackgroundStart.begin(() -> {
            startedOn.set(Thread.currentThread());
            await(release);
            return running(real);
        }, pending, () -> { });

        // the application's first call, made while the agent starts
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> PredlogBridge.enter(0, "A#predict",
                null, ARGS));
        Thread.sleep(200);
        assertFalse(call.isDone(), "it waits for the start");
        release.countDown();
        assertSame(scope, call.get(5, TimeUnit.SECONDS), "and is recorded once the start is done");
        assertEquals(BackgroundStart.THREAD_NAME, startedOn.get().getName());
        assertTrue(startedOn.get().isDaemon(), "never keeps the JVM alive");
    }

    @Test
    void theShutdownWaitsForTheStartThenShutsItsPartsDown() throws Exception {
        PendingRecorder pending = new PendingRecorder();
        CountDownLatch release = new CountDownLatch(1);
        BackgroundStart start = BackgroundStart.begin(() -> {
            await(release);
            return running(mock(CallRecorder.class));
        }, pending, () -> { });
        CompletableFuture<Void> exit = CompletableFuture.runAsync(() -> start.shutDown(10_000));
        Thread.sleep(200);
        assertFalse(exit.isDone(), "the exit waits for the start");
        assertTrue(steps.isEmpty());
        release.countDown();
        exit.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("beforeDrain", "drain", "afterDrain"), steps);
        assertTrue(drainBudget.get() >= 5_000 && drainBudget.get() <= 10_000,
                "the drain gets what is left of the budget: " + drainBudget.get());
    }

    @Test
    void aStartThatThrowsIsReportedAndLeavesTheApplicationUnrecorded() {
        PendingRecorder pending = new PendingRecorder();
        PredlogBridge.install(pending);
        BackgroundStart start = BackgroundStart.begin(() -> {
            throw new IllegalStateException("no space left on device");
        }, pending, () -> { });
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertNull(PredlogBridge.enter(0, "A#predict", null, ARGS), "nothing recorded, nothing thrown");
            start.shutDown(1_000);
        });
        assertTrue(pending.isReady());
        assertTrue(steps.isEmpty(), "nothing to shut down");
    }

    @Test
    void aStartThatOutlastsTheShutdownBudgetIsLeftAlone() {
        CountDownLatch late = new CountDownLatch(1);
        PendingRecorder pending = new PendingRecorder();
        BackgroundStart start = BackgroundStart.begin(() -> {
            await(late);
            return running(mock(CallRecorder.class));
        }, pending, () -> { });
        try {
            long begun = System.nanoTime();
            start.shutDown(100);
            assertTrue(System.nanoTime() - begun >= TimeUnit.MILLISECONDS.toNanos(100), "waited its budget");
            assertTrue(steps.isEmpty(), "nothing half-started is shut down");
        } finally {
            late.countDown(); // the start ends, installing its recorder in the bridge before the next test
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                while (!pending.isReady()) {
                    Thread.sleep(10);
                }
            });
        }
    }

    @Test
    void withoutAThreadTheStartRunsOnTheCallingThread() {
        PendingRecorder pending = new PendingRecorder();
        CallRecorder real = mock(CallRecorder.class);
        AtomicReference<Thread> startedOn = new AtomicReference<>();
        BackgroundStart start = BackgroundStart.begin(() -> {
            startedOn.set(Thread.currentThread());
            return running(real);
        }, pending, () -> { }, work -> new Thread(work) {
            @Override
            public synchronized void start() {
                throw new OutOfMemoryError("unable to create native thread");
            }
        });
        assertSame(Thread.currentThread(), startedOn.get());
        assertTrue(pending.isReady());
        start.shutDown(1_000);
        assertEquals(List.of("beforeDrain", "drain", "afterDrain"), steps);
    }

    @Test
    void afterAStartThatSucceededTheThreadGoesOnWithWhatItWasGivenOnceTheCallsHaveGone() throws Exception {
        PendingRecorder pending = new PendingRecorder();
        CallRecorder real = mock(CallRecorder.class);
        CompletableFuture<String> after = new CompletableFuture<>();
        BackgroundStart start = BackgroundStart.begin(() -> running(real), pending, () -> after.complete(
                Thread.currentThread().getName() + (pending.isReady() ? " after the calls went on" : " too early")));
        assertEquals(BackgroundStart.THREAD_NAME + " after the calls went on", after.get(5, TimeUnit.SECONDS));
        start.shutDown(1_000);
        assertEquals(List.of("beforeDrain", "drain", "afterDrain"), steps, "the exit does not wait for it");
    }

    @Test
    void afterAStartThatFailedNothingMoreRunsAndAFailureAfterwardsIsOnlyCounted() throws Exception {
        PendingRecorder pending = new PendingRecorder();
        List<String> ran = new ArrayList<>();
        AtomicReference<Thread> thread = new AtomicReference<>();
        BackgroundStart.begin(() -> {
            throw new IllegalStateException("no sinks");
        }, pending, () -> ran.add("after"), work -> {
            thread.set(new Thread(work, BackgroundStart.THREAD_NAME));
            return thread.get();
        });
        thread.get().join(5_000);
        assertFalse(thread.get().isAlive());
        assertTrue(pending.isReady());
        assertTrue(ran.isEmpty(), "a start that failed has nothing to prepare for");

        PendingRecorder other = new PendingRecorder();
        CountDownLatch thrown = new CountDownLatch(1);
        BackgroundStart.begin(() -> running(mock(CallRecorder.class)), other, () -> {
            thrown.countDown();
            throw new IllegalStateException("no SHA-256");
        });
        assertTrue(thrown.await(5, TimeUnit.SECONDS));
        assertTrue(other.isReady(), "the calls went on all the same");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
