package io.predlog.agent.pipeline;

import io.predlog.agent.event.SampleEvents;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the dispatcher sleeps: until half a batch waits (the first event, in a quiet spell), the queue closes, or its
 * time is up.
 */
class EventQueueSleepTest {

    private static final long LONG_SLEEP = TimeUnit.SECONDS.toNanos(30);

    /** A thread in {@code awaitEvents}: {@code woke} counts down when it returns, {@code slept} says how long. */
    private record Sleeper(Thread thread, CountDownLatch woke, AtomicLong slept) {
    }

    /** Starts a thread sleeping in {@code awaitEvents} for up to {@code nanos}, once it has begun. */
    private static Sleeper sleeping(EventQueue queue, long nanos) throws InterruptedException {
        return sleeping(queue, nanos, false);
    }

    /** As above; {@code quiet}: in {@code awaitFirstEvent}. */
    private static Sleeper sleeping(EventQueue queue, long nanos, boolean quiet) throws InterruptedException {
        CountDownLatch asleep = new CountDownLatch(1);
        CountDownLatch woke = new CountDownLatch(1);
        AtomicLong slept = new AtomicLong();
        Thread t = new Thread(() -> {
            asleep.countDown();
            long start = System.nanoTime();
            if (quiet) {
                queue.awaitFirstEvent(nanos);
            } else {
                queue.awaitEvents(nanos);
            }
            slept.set(System.nanoTime() - start);
            woke.countDown();
        }, "test-dispatcher");
        t.setDaemon(true);
        t.start();
        assertTrue(asleep.await(10, TimeUnit.SECONDS));
        return new Sleeper(t, woke, slept);
    }

    private static void offer(EventQueue queue, int n) {
        for (int i = 0; i < n; i++) {
            assertTrue(queue.offer(SampleEvents.numbered(i), e -> e));
        }
    }

    @Test
    void theOfferThatBringsTheQueueToTheWakeDepthWakesTheDispatcherAndNoneBefore() throws Exception {
        EventQueue queue = new EventQueue(65_536);
        Sleeper s = sleeping(queue, LONG_SLEEP);
        offer(queue, EventQueue.WAKE_DEPTH - 1);
        assertFalse(s.woke().await(300, TimeUnit.MILLISECONDS), "fewer than the wake depth: still asleep");
        offer(queue, 1);
        assertTrue(s.woke().await(10, TimeUnit.SECONDS), "the offer that reached the depth woke it");
        s.thread().join(10_000);
        assertEquals(EventQueue.WAKE_DEPTH, queue.size());
    }

    @Test
    void inAQuietSpellTheFirstOfferWakesTheDispatcherAndAnEventAlreadyQueuedKeepsItAwake() throws Exception {
        EventQueue queue = new EventQueue(65_536);
        Sleeper s = sleeping(queue, LONG_SLEEP, true);
        assertFalse(s.woke().await(300, TimeUnit.MILLISECONDS), "nothing offered: asleep");
        offer(queue, 1);
        assertTrue(s.woke().await(10, TimeUnit.SECONDS), "the first event woke it");
        s.thread().join(10_000);

        long start = System.nanoTime();
        queue.awaitFirstEvent(LONG_SLEEP);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "an event waits: no sleep");
    }

    @Test
    void aQueueAlreadyAtTheWakeDepthOrClosedIsNotSleptOn() {
        EventQueue deep = new EventQueue(65_536);
        offer(deep, EventQueue.WAKE_DEPTH);
        long start = System.nanoTime();
        deep.awaitEvents(LONG_SLEEP);
        EventQueue closed = new EventQueue(16);
        closed.close();
        closed.awaitEvents(LONG_SLEEP);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "neither slept its 30 s");
    }

    @Test
    void closingTheQueueWakesTheDispatcher() throws Exception {
        EventQueue queue = new EventQueue(65_536);
        Sleeper s = sleeping(queue, LONG_SLEEP);
        Thread.sleep(100); // into its park
        queue.close();
        assertTrue(s.woke().await(10, TimeUnit.SECONDS));
    }

    @Test
    void aSmallQueueWakesItsDispatcherAtAQuarterOfItsCapacity() throws Exception {
        EventQueue queue = new EventQueue(16);
        Sleeper s = sleeping(queue, LONG_SLEEP);
        offer(queue, 3);
        assertFalse(s.woke().await(300, TimeUnit.MILLISECONDS));
        offer(queue, 1);
        assertTrue(s.woke().await(10, TimeUnit.SECONDS));
    }

    @Test
    void withoutOffersTheSleepEndsWhenItsTimeIsUp() throws Exception {
        EventQueue queue = new EventQueue(65_536);
        Sleeper s = sleeping(queue, TimeUnit.MILLISECONDS.toNanos(200));
        assertTrue(s.woke().await(10, TimeUnit.SECONDS));
        assertTrue(s.slept().get() >= TimeUnit.MILLISECONDS.toNanos(150), "slept " + s.slept().get() + " ns");
    }

    @Test
    void theDispatcherSleepsUntilTheFlushOrTheHealthIsDueAndNeverMoreThanItsLongestSleep() {
        long ms = TimeUnit.MILLISECONDS.toNanos(1);
        long now = 5_000 * ms;
        long busy = Dispatcher.MAX_PARK_NANOS;
        assertEquals(Dispatcher.MAX_PARK_NANOS, Dispatcher.sleepNanos(now, busy, false, now - 50 * ms, null),
                "nothing to flush, no health: the longest sleep");
        assertEquals(60 * ms, Dispatcher.sleepNanos(now, busy, true, now - 40 * ms, null),
                "events written 40 ms after the last flush: the flush is due in 60 ms");
        assertEquals(ms, Dispatcher.sleepNanos(now, busy, true, now - 500 * ms, null), "an overdue flush: 1 ms");
        HealthSchedule health = new HealthSchedule(null, 30, now - 10 * ms);
        assertEquals(20 * ms, Dispatcher.sleepNanos(now, busy, false, now, health), "health due in 20 ms");
        HealthSchedule none = new HealthSchedule(null, 0, now);
        assertEquals(Dispatcher.MAX_PARK_NANOS, Dispatcher.sleepNanos(now, busy, false, now, none));
        assertEquals(Dispatcher.MAX_PARK_NANOS, Dispatcher.sleepNanos(-now, busy, false, -now, none),
                "nanoTime may be negative");
    }

    @Test
    void aQuietSpellIsSleptUntilTheHealthIsDueAndNeverMoreThanTheQuietSleep() {
        long ms = TimeUnit.MILLISECONDS.toNanos(1);
        long now = 5_000 * ms;
        long quiet = Dispatcher.QUIET_PARK_NANOS;
        assertEquals(quiet, Dispatcher.sleepNanos(now, quiet, false, now - 5_000 * ms, null));
        assertEquals(quiet, Dispatcher.sleepNanos(now, quiet, false, now, new HealthSchedule(null, 0, now)),
                "health only at shutdown");
        HealthSchedule soon = new HealthSchedule(null, 30, now - 10 * ms);
        assertEquals(20 * ms, Dispatcher.sleepNanos(now, quiet, false, now, soon), "health due in 20 ms");
        HealthSchedule overdue = new HealthSchedule(null, 30, now - 40 * ms);
        assertEquals(ms, Dispatcher.sleepNanos(now, quiet, false, now, overdue), "health overdue: 1 ms");
        assertTrue(quiet > Dispatcher.MAX_PARK_NANOS, "a quiet spell sleeps longer");
    }
}
