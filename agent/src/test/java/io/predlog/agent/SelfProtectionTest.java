package io.predlog.agent;

import io.predlog.agent.capture.ByteCap;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.event.DerivedEvent;
import io.predlog.agent.event.Event;
import io.predlog.agent.sampling.Sampler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The steps of self-protection, second by second, from readings given here. */
class SelfProtectionTest {

    private final List<Event> events = new ArrayList<>();
    private final Sampler sampler = new Sampler(1.0, 1000, 0);
    private final InputCapture capture = new InputCapture(HashSettings.defaults(), true);
    private long offered;
    private long queueFull;
    private double heap;
    private final SelfProtection protection = new SelfProtection(
            () -> new SelfProtection.Reading(offered, queueFull, heap), capture.byteCap(), sampler, events::add,
            0.9, 2, 3);

    /** One second: {@code offers} events offered, {@code drops} of them dropped. */
    private void second(long offers, long drops) {
        offered += offers;
        queueFull += drops;
        protection.tick();
    }

    private String lastStep() {
        return (String) ((DerivedEvent) events.get(events.size() - 1)).fields().get("step_name");
    }

    /** The share of 10,000 request ids whose routine events are kept. */
    private double kept() {
        int kept = 0;
        for (int i = 0; i < 10_000; i++) {
            kept += sampler.decide(Long.toHexString(i * 0x9E3779B97F4A7C15L) + "0000000000000000", Double.NaN, 1)
                    == Sampler.KEPT ? 1 : 0;
        }
        return kept / 10_000.0;
    }

    @Test
    void theFirstReadingIsTheBaselineWithoutTheHeapWhichIsReadFromTheFirstSecondOn() throws InterruptedException {
        AtomicInteger full = new AtomicInteger();
        CountDownLatch baseline = new CountDownLatch(1);
        List<Event> seen = new CopyOnWriteArrayList<>();
        SelfProtection started = new SelfProtection(() -> {
            full.incrementAndGet();
            return new SelfProtection.Reading(0, 0, 0.95);
        }, () -> {
            baseline.countDown();
            return new SelfProtection.Reading(0, 0, Double.NaN);
        }, capture.byteCap(), sampler, seen::add, 0.9, 1, 3);
        started.start();
        try {
            assertTrue(baseline.await(5, TimeUnit.SECONDS), "the thread takes the baseline as it starts");
            assertEquals(0, full.get(), "the full reading (with the heap) waits for the first second");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(seen.isEmpty(), "the first second's reading is a full one: the heap is 95 % full");
            assertEquals("big_inputs", ((DerivedEvent) seen.get(0)).fields().get("step_name"));
        } finally {
            started.beforeDrain(0);
        }
    }

    @Test
    void sustainedDropsTakeOneStepEveryUpSecondsAndCalmUndoesThemOneByOne() {
        second(1000, 0);
        assertEquals(0, protection.step());
        second(1000, 500);
        assertEquals(0, protection.step(), "one second of drops is not yet sustained");
        second(1000, 500);
        assertEquals(1, protection.step());
        assertEquals("big_inputs", lastStep());
        HashResult big = capture.hashValue(new byte[200_000]);
        assertTrue(big.truncated());
        assertEquals(SelfProtection.SMALL_BYTES, big.size());
        assertEquals(1.0, kept());

        second(1000, 500);
        second(1000, 500);
        assertEquals(2, protection.step());
        assertEquals(0.1, kept(), 0.02);
        second(1000, 500);
        second(1000, 500);
        assertEquals(3, protection.step());
        assertEquals(0.0, kept());
        assertEquals(1.0, sampler.sampleRate(Sampler.SHED, Double.NaN, true, 1), "failures are still kept");
        assertEquals(1.0, sampler.sampleRate(Sampler.KEPT, Double.NaN, false, 1),
                "a call kept before this step ends with the rate it was kept at, not 0");
        second(1000, 500);
        second(1000, 500);
        assertEquals(3, protection.step(), "the last step is the last");

        second(1000, 0);
        second(1000, 0);
        assertEquals(3, protection.step());
        second(1000, 0);
        assertEquals(2, protection.step());
        assertEquals("down", ((DerivedEvent) events.get(events.size() - 1)).fields().get("direction"));
        for (int i = 0; i < 6; i++) {
            second(1000, 0);
        }
        assertEquals(0, protection.step());
        assertEquals("normal", lastStep());
        assertEquals(1.0, kept());
        assertFalse(capture.hashValue(new byte[200_000]).truncated());
        assertEquals(6, events.size(), "three steps up, three down");
    }

    @Test
    void aFewDropsAmongManyEventsAreNoPressureAndTheHeapIs() {
        for (int i = 0; i < 5; i++) {
            second(100_000, 10); // 0.01 %
        }
        assertEquals(0, protection.step());
        heap = 0.95;
        second(100, 0);
        second(100, 0);
        assertEquals(1, protection.step());
        assertTrue(((String) ((DerivedEvent) events.get(0)).fields().get("reason")).contains("95 % full after a collection"));
        assertEquals("agent_protection", ((DerivedEvent) events.get(0)).name());
    }

    @Test
    void theOldGenerationIsReadFromTheJvm() {
        double share = SelfProtection.oldGenAfterGc();
        assertTrue(share >= 0 && share < 1, "a share of the old generation: " + share);
    }

    @Test
    void aByteCapCannotBeBelowOneByte() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ByteCap().set(0));
    }
}
