package io.predlog.agent.context;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The propagator as the woven hand-off points drive it, on one thread for clarity. */
class ContextPropagationTest {

    private final ContextPropagation propagation = new ContextPropagation();
    private final RequestContext context = RequestContext.current();

    @AfterEach
    void noRequestLeftBehind() {
        context.replace(null);
    }

    @Test
    void aTaskRunsWithTheRequestItWasSubmittedUnderAndPutsBackWhatWasThere() {
        Runnable task = () -> { };
        context.begin("req-1");
        propagation.attach(task);
        context.end();

        context.begin("other");
        Object previous = propagation.activate(task);
        assertEquals("req-1", context.requestId());
        propagation.restore(previous);
        assertEquals("other", context.requestId());
    }

    @Test
    void aTaskSubmittedOutsideAnyRequestRunsWithoutOne() {
        Runnable task = () -> { };
        propagation.attach(task);
        context.begin("stale");
        Object previous = propagation.activate(task);
        assertNull(context.requestId(), "the running thread's own id must not leak into the task");
        propagation.restore(previous);
        assertEquals("stale", context.requestId());
    }

    @Test
    void clearLeavesThePooledThreadWithoutARequest() {
        context.begin("req-2");
        propagation.clear();
        assertNull(context.requestId());
    }

    @Test
    void poolWorkerThreadsDoNotCarryTheRequestThatHappenedToCreateThem() throws Exception {
        context.begin("req-3");
        Thread plain = new Thread(() -> { });
        propagation.attachThread(plain, new Object[] {null});
        Thread worker = new Thread(() -> { });
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(1, 1, 1,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                r -> {
                    propagation.attachThread(worker, new Object[] {r}); // r is the pool's Worker
                    return worker;
                });
        pool.prestartCoreThread();
        pool.shutdownNow();
        context.end();

        assertEquals(1, propagation.carried(), "only the plain thread carries req-3");
        propagation.activate(plain);
        assertEquals("req-3", context.requestId());
    }

    @Test
    void aPoolsTaskIsForgottenAsItStartsAndCarriesItsRequestAgainWhenSubmittedAgain() {
        Runnable task = () -> { };
        context.begin("req-4");
        propagation.attach(task);
        context.end();
        assertEquals(1, propagation.carried());

        propagation.activateTask(task);
        assertEquals("req-4", context.requestId());
        assertEquals(0, propagation.carried(), "nothing kept for a task that has started");
        propagation.clear();

        propagation.activateTask(task);
        assertNull(context.requestId(), "run again without a submission: no request");
        context.begin("req-5");
        propagation.attach(task);
        context.end();
        propagation.activateTask(task);
        assertEquals("req-5", context.requestId());
    }

    @Test
    void aScheduledTaskKeepsItsRequestForEveryRun() throws Exception {
        java.util.concurrent.ScheduledThreadPoolExecutor pool = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        try {
            java.util.concurrent.ScheduledFuture<?> periodic = pool.scheduleAtFixedRate(() -> { }, 1, 1,
                    java.util.concurrent.TimeUnit.HOURS);
            Runnable task = (Runnable) periodic; // the pool's own RunnableScheduledFuture, as runWorker runs it
            context.begin("req-6");
            propagation.attach(task);
            context.end();
            for (int run = 0; run < 3; run++) {
                propagation.activateTask(task);
                assertEquals("req-6", context.requestId(), "run " + run);
                propagation.clear();
            }
            assertEquals(1, propagation.carried());
        } finally {
            pool.shutdownNow();
        }
    }
}
