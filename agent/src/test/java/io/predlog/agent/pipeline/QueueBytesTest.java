package io.predlog.agent.pipeline;

import io.predlog.agent.event.Event;
import io.predlog.agent.event.SampleEvents;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue bounds the bytes of the lines its callers encode ({@code predlog.queue.max_bytes}) as it bounds its count:
 * routine events stop at the bound, notable ones a sixteenth past it, and the bytes are given back as the dispatcher
 * takes the lines.
 */
class QueueBytesTest {

    private static final int CAPACITY = 1024; // callers encode from 512 queued events on
    private static final int LINE = 1000;
    private static final long MAX_BYTES = 10 * LINE; // notable events up to 10,625 bytes

    /** Encodes every event as a line of {@code bytes} bytes. */
    private static Function<Event, Object> linesOf(int bytes) {
        return event -> new EarlyLine(event, new byte[bytes]);
    }

    /** Fills the queue up to the depth from which callers encode their events; none of these is a line. */
    private static void fillUnencoded(EventQueue queue) {
        for (int i = 0; i < CAPACITY / 2; i++) {
            assertTrue(queue.offer(SampleEvents.numbered(i), linesOf(LINE)));
        }
        assertEquals(0, queue.lineBytes(), "events the dispatcher will encode have no bytes counted");
    }

    @Test
    void routineLinesStopAtTheBytesAndNotableOnesASixteenthPastThem() {
        EventQueue queue = new EventQueue(CAPACITY, MAX_BYTES);
        fillUnencoded(queue);
        for (int i = 0; i < 10; i++) {
            assertTrue(queue.offer(SampleEvents.numbered(1000 + i), linesOf(LINE)), "line " + i + " within the bytes");
        }
        assertEquals(MAX_BYTES, queue.lineBytes());
        assertFalse(queue.offer(SampleEvents.numbered(2000), linesOf(LINE)), "a success at the bytes");
        assertTrue(queue.size() < CAPACITY, "refused by its bytes, not its count: " + queue.size());
        assertTrue(queue.offer(SampleEvents.predictionFailure(), linesOf(LINE)), "a failure a sixteenth past");
        assertFalse(queue.offer(SampleEvents.predictionFailure(), linesOf(LINE)), "and no further");
        assertTrue(queue.offerOwn(SampleEvents.health()), "the agent's own events are not lines");
        assertEquals(2, queue.queueFull());
        assertEquals(MAX_BYTES + LINE, queue.lineBytes());

        List<Object> items = new ArrayList<>();
        assertEquals(CAPACITY / 2 + 12, queue.drain(items::add, Integer.MAX_VALUE));
        assertEquals(0, queue.lineBytes(), "the dispatcher gives back every line's bytes");
        assertInstanceOf(EarlyLine.class, items.get(CAPACITY / 2));
        assertTrue(queue.offer(SampleEvents.numbered(3000), linesOf(LINE)), "room again once drained");
    }

    @Test
    void aPartialDrainGivesBackTheBytesOfTheLinesItTook() {
        EventQueue queue = new EventQueue(4, MAX_BYTES); // callers encode from 2 queued events on
        for (int i = 0; i < 2; i++) {
            assertTrue(queue.offer(SampleEvents.numbered(i), linesOf(300)));
        }
        assertTrue(queue.offer(SampleEvents.numbered(2), linesOf(300)));
        assertTrue(queue.offer(SampleEvents.numbered(3), linesOf(500)));
        assertEquals(800, queue.lineBytes());
        assertEquals(3, queue.drain(item -> { }, 3));
        assertEquals(500, queue.lineBytes(), "the line still queued");
        queue.discardRemaining();
        assertEquals(0, queue.lineBytes(), "discarded at shutdown, its bytes too");
    }

    @Test
    void aLineLargerThanTheBoundIsTakenIntoAnEmptyQueue() {
        EventQueue queue = new EventQueue(8, MAX_BYTES); // callers encode from 4 queued events on
        for (int i = 0; i < 4; i++) {
            assertTrue(queue.offer(SampleEvents.numbered(i), linesOf(10)));
        }
        assertTrue(queue.offer(SampleEvents.numbered(4), linesOf((int) MAX_BYTES * 3)), "no other line waits");
        assertEquals(MAX_BYTES * 3, queue.lineBytes());
        assertFalse(queue.offer(SampleEvents.numbered(5), linesOf(10)), "the queue is past its bytes");
    }

    @Test
    void aLineThatFindsNoSlotLeftHasItsBytesTakenBack() {
        EventQueue queue = new EventQueue(16, MAX_BYTES); // notable events up to 17; callers encode from 8 on
        for (int i = 0; i < 16; i++) {
            assertTrue(queue.offer(SampleEvents.numbered(i), e -> e));
        }
        // the count is checked before the line is made and again as it is queued: here another thread's event takes
        // the last slot while the caller encodes its failure
        Function<Event, Object> lastSlotTaken = event -> {
            queue.offerOwn(SampleEvents.health());
            return new EarlyLine(event, new byte[LINE]);
        };
        assertFalse(queue.offer(SampleEvents.predictionFailure(), lastSlotTaken), "no slot left for the line");
        assertEquals(0, queue.lineBytes(), "a refused line's bytes are not left counted");
        assertEquals(1, queue.queueFull());
    }

    @Test
    void manyCallersAndADispatcherLeaveNoBytesCounted() throws InterruptedException {
        EventQueue queue = new EventQueue(256, 64 * LINE);
        int callers = 8;
        int perCaller = 50_000;
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong taken = new AtomicLong();
        AtomicLong mostBytes = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        Thread dispatcher = new Thread(() -> {
            while (!done.get() || queue.size() > 0) {
                mostBytes.accumulateAndGet(queue.lineBytes(), Math::max);
                taken.addAndGet(queue.drain(item -> { }, 32));
            }
        });
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perCaller; i++) {
                    queue.offer(i % 100 == 0 ? SampleEvents.predictionFailure() : SampleEvents.numbered(i),
                            linesOf(LINE));
                }
            });
            threads.add(t);
            t.start();
        }
        dispatcher.start();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        done.set(true);
        dispatcher.join();

        assertEquals(0, queue.lineBytes(), "every line's bytes given back");
        assertEquals((long) callers * perCaller, taken.get() + queue.queueFull(), "every offer taken or dropped");
        // each caller may pass the check while the others do: the bound plus a line each
        assertTrue(mostBytes.get() <= 64 * LINE + 64 * LINE / EventQueue.NOTABLE_SHARE + callers * LINE,
                "bytes seen queued at most " + mostBytes.get());
    }
}
