package io.predlog.agent.stats;

import io.predlog.agent.capture.Features;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObservationRingTest {

    static final ModelCell CELL = new ModelCell(new StatsKey("score", "m", "1"));

    static boolean offer(ObservationRing ring, long latency) {
        return ring.offer(CELL, latency, null, -1, (byte) -1, Features.NONE, Features.NONE);
    }

    @Test
    void callsComeOutInTheOrderTheyWentInAndAFullRingRefusesTheNext() {
        ObservationRing ring = ObservationRing.holding(4);
        for (int i = 0; i < 4; i++) {
            assertTrue(offer(ring, i));
        }
        assertFalse(offer(ring, 99), "four slots, all taken");
        for (int i = 0; i < 4; i++) {
            Observation o = ring.peek();
            assertEquals(i, o.latencyNanos());
            ring.release();
        }
        assertNull(ring.peek(), "empty");
        assertTrue(offer(ring, 5), "released slots take calls again");
        assertEquals(5, ring.peek().latencyNanos());
    }

    @Test
    void theConsumerSleepsUntilAQuarterOfTheRingIsOfferedOrItsTimeIsUp() throws Exception {
        ObservationRing ring = ObservationRing.holding(64);
        sleepsUntilPosition(ring, 16); // the second quarter's first position
        long start = System.nanoTime();
        ring.await(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100));
        assertTrue(System.nanoTime() - start >= java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(80),
                "no offers: the sleep lasts its time");
    }

    @Test
    void inALargeRingTheConsumerIsWokenEveryFewHundredCallsNotAQuarter() throws Exception {
        ObservationRing ring = ObservationRing.holding(65_536);
        sleepsUntilPosition(ring, ObservationRing.WAKE_EVERY);
    }

    /**
     * Position 0 offered, the consumer parked: positions before {@code wakeAt} leave it asleep, {@code wakeAt} wakes
     * it.
     */
    private static void sleepsUntilPosition(ObservationRing ring, int wakeAt) throws Exception {
        offer(ring, 0); // position 0: a wake-up's, with nobody asleep
        java.util.concurrent.CountDownLatch woke = consumerSleeping(
                () -> ring.await(java.util.concurrent.TimeUnit.SECONDS.toNanos(30)));
        Thread.sleep(100); // into its park
        for (int i = 1; i < wakeAt; i++) {
            offer(ring, i);
        }
        assertFalse(woke.await(300, java.util.concurrent.TimeUnit.MILLISECONDS),
                "positions 1-" + (wakeAt - 1) + ": still asleep");
        offer(ring, wakeAt);
        assertTrue(woke.await(10, java.util.concurrent.TimeUnit.SECONDS), "woken by position " + wakeAt);
    }

    @Test
    void aConsumerSleepingThroughAQuietSpellIsWokenByTheNextCallWhateverItsPosition() throws Exception {
        ObservationRing ring = ObservationRing.holding(65_536);
        offer(ring, 0); // position 0, a wake-up's anyway: the call tested is position 1
        ring.peek();
        ring.release();
        java.util.concurrent.CountDownLatch woke = consumerSleeping(
                () -> ring.awaitFirst(java.util.concurrent.TimeUnit.SECONDS.toNanos(30)));
        assertFalse(woke.await(300, java.util.concurrent.TimeUnit.MILLISECONDS), "nothing offered: asleep");
        offer(ring, 1);
        assertTrue(woke.await(10, java.util.concurrent.TimeUnit.SECONDS), "woken by position 1");

        long start = System.nanoTime();
        offer(ring, 2);
        ring.awaitFirst(java.util.concurrent.TimeUnit.SECONDS.toNanos(30));
        assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(10),
                "calls not taken yet: no sleep at all");
    }

    /** Starts a consumer thread that runs {@code sleep}; the latch opens when the sleep returns. */
    private static java.util.concurrent.CountDownLatch consumerSleeping(Runnable sleep) {
        java.util.concurrent.CountDownLatch woke = new java.util.concurrent.CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            sleep.run();
            woke.countDown();
        }, "test-consumer");
        consumer.setDaemon(true);
        consumer.start();
        return woke;
    }

    @Test
    void aReleasedSlotIsReusedAndLetsGoOfTheCallsObjects() {
        ObservationRing ring = ObservationRing.holding(1);
        offer(ring, 1);
        Observation first = ring.peek();
        ring.release();
        assertNull(first.cell(), "the folded call's objects are not kept");
        offer(ring, 2);
        assertSame(first, ring.peek(), "the same slot, nothing allocated");
    }

    @Test
    void theFirstLapMakesSlotsSixteenAtATimeAndLaterLapsNone() {
        ObservationRing ring = ObservationRing.holding(64);
        offer(ring, 0);
        assertEquals(ObservationRing.MADE_TOGETHER, ring.slotsMade());
        for (int call = 1; call < ObservationRing.MADE_TOGETHER; call++) {
            offer(ring, call);
        }
        assertEquals(ObservationRing.MADE_TOGETHER, ring.slotsMade(), "the next fifteen found theirs made");
        offer(ring, 16);
        assertEquals(2 * ObservationRing.MADE_TOGETHER, ring.slotsMade());
        for (int call = 0; call < 17; call++) {
            ring.release();
        }
        for (int call = 17; call < 17 + 64; call++) {
            assertTrue(offer(ring, call), "call " + call);
            ring.release();
        }
        assertEquals(64, ring.slotsMade());
        ObservationRing small = ObservationRing.holding(4);
        offer(small, 0);
        assertEquals(4, small.slotsMade(), "never past the ring's end");
    }

    @Test
    void theCapacityIsRoundedUpToAPowerOfTwoAndMustBePositive() {
        ObservationRing ring = ObservationRing.holding(3);
        int taken = 0;
        while (offer(ring, taken)) {
            taken++;
        }
        assertEquals(4, taken);
        assertThrows(IllegalArgumentException.class, () -> ObservationRing.holding(0));
    }

    @Test
    void callsFromManyThreadsAreEachTakenExactlyOnce() throws Exception {
        ObservationRing ring = ObservationRing.holding(256);
        int threads = 4;
        int perThread = 100_000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long base = (long) t * perThread;
            Thread w = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    while (!offer(ring, base + i)) {
                        Thread.onSpinWait(); // full: wait for the consumer, so that every call goes through
                    }
                }
            });
            workers.add(w);
            w.start();
        }
        boolean[] seen = new boolean[threads * perThread];
        long[] lastOfThread = new long[threads];
        java.util.Arrays.fill(lastOfThread, -1);
        int taken = 0;
        while (taken < seen.length) {
            Observation o = ring.peek();
            if (o == null) {
                Thread.onSpinWait();
                continue;
            }
            int v = (int) o.latencyNanos();
            ring.release();
            assertFalse(seen[v], "taken twice: " + v);
            seen[v] = true;
            int t = v / perThread;
            assertTrue(v > lastOfThread[t], "one thread's calls stay in order");
            lastOfThread[t] = v;
            taken++;
        }
        for (Thread w : workers) {
            w.join();
        }
        assertNull(ring.peek());
    }
}
