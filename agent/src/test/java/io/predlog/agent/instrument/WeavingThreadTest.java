package io.predlog.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.predlog.agent.diagnostics.Diagnostics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The starter waits for the steps marked awaited, and only for them, and never longer than it is allowed to. */
class WeavingThreadTest {

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    private Runnable blocked(String name) {
        return () -> {
            try {
                if (release.await(10, TimeUnit.SECONDS)) {
                    ran.add(name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private Runnable slow(String name) {
        return () -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add(name);
        };
    }

    private void finish() {
        ran.add("finished");
        finished.countDown();
    }

    @Test
    void theWaitEndsOnceTheAwaitedStepRanAndTheLaterStepsRunAfterIt() throws Exception {
        WeavingThread.start(List.of(
                new WeavingThread.Step("targets", slow("targets"), true),
                new WeavingThread.Step("jdk", blocked("jdk"))), this::finish).awaitMarked();
        assertEquals(List.of("targets"), ran, "the awaited step ran; the start did not wait for the next one");
        release.countDown();
        assertTrue(finished.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("targets", "jdk", "finished"), ran);
    }

    @Test
    void withoutAnAwaitedStepTheWaitReturnsAtOnce() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> WeavingThread.start(List.of(
                new WeavingThread.Step("targets", blocked("targets"))), this::finish).awaitMarked());
        assertEquals(List.of(), ran);
        release.countDown();
        assertTrue(finished.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("targets", "finished"), ran);
    }

    @Test
    void theWaitIsBoundedAndTheStepStillRunsAfterIt() throws Exception {
        WeavingThread.Started weaving = WeavingThread.start(
                List.of(new WeavingThread.Step("targets", blocked("targets"), true)), this::finish);
        assertEquals(List.of(), ran, "starting the weaving does not wait");
        long started = System.nanoTime();
        weaving.awaitMarked(200);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(waitedMillis >= 190 && waitedMillis < 5_000, "waited " + waitedMillis + " ms");
        assertEquals(List.of(), ran, "the start gave up waiting; the step had not run");
        release.countDown();
        assertTrue(finished.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("targets", "finished"), ran);
    }

    @Test
    void anAwaitedStepThatFailsEndsTheWaitAndIsReported() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> WeavingThread.start(List.of(
                new WeavingThread.Step("broken-targets", () -> {
                    throw new IllegalStateException("cannot build");
                }, true)), this::finish).awaitMarked());
        assertEquals(1, Diagnostics.failureCount("start:broken-targets"));
    }
}
