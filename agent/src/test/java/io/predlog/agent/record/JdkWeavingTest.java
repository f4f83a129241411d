package io.predlog.agent.record;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class JdkWeavingTest {

    @Test
    void aCallWaitsUntilTheWeavingFinishes() throws Exception {
        JdkWeaving weaving = JdkWeaving.pending();
        AtomicBoolean finishedFirst = new AtomicBoolean();
        AtomicBoolean sawFinished = new AtomicBoolean();
        CountDownLatch returned = new CountDownLatch(1);
        Thread call = new Thread(() -> {
            weaving.awaitBeforeRecording();
            sawFinished.set(finishedFirst.get());
            returned.countDown();
        });
        call.start();
        assertFalse(returned.await(200, TimeUnit.MILLISECONDS), "the call waits while the JDK is being woven");
        finishedFirst.set(true);
        weaving.finished();
        assertTrue(returned.await(5, TimeUnit.SECONDS));
        assertTrue(sawFinished.get(), "it returned only once the weaving had finished");
        assertTrue(weaving.isDone());
    }

    @Test
    void oneCallThatTimesOutStopsEveryLaterCallFromWaiting() {
        JdkWeaving weaving = JdkWeaving.pending();
        long start = System.nanoTime();
        weaving.await(100);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100), "waited its bound");
        assertTrue(weaving.isDone(), "given up on");
        long again = System.nanoTime();
        weaving.awaitBeforeRecording();
        assertTrue(System.nanoTime() - again < TimeUnit.MILLISECONDS.toNanos(JdkWeaving.MAX_WAIT_MILLIS / 2),
                "later calls do not wait");
    }

    @Test
    void anInterruptedCallGoesOnAndKeepsItsInterrupt() {
        JdkWeaving weaving = JdkWeaving.pending();
        Thread.currentThread().interrupt();
        weaving.awaitBeforeRecording();
        assertTrue(Thread.interrupted(), "the application's interrupt is kept (and cleared here)");
    }

    @Test
    void doneNeverWaits() {
        assertTrue(JdkWeaving.DONE.isDone());
        long start = System.nanoTime();
        JdkWeaving.DONE.awaitBeforeRecording();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
    }
}
