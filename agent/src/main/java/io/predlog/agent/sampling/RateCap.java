package io.predlog.agent.sampling;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code predlog.sample.max_per_second}: at most so many permits per one-second window, across threads.
 * Lock-free: a window start and a counter; a thread that sees the window expire moves it on with one CAS and
 * resets the count. Threads racing with that reset may be let through or refused at its edge, so the bound
 * holds to within a few permits per window, which is what a safety valve needs.
 */
final class RateCap {

    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long perSecond;
    private final AtomicLong windowStart;
    private final AtomicLong used = new AtomicLong();

    /** Events admitted per second. */
    long perSecond() {
        return perSecond;
    }

    RateCap(long perSecond) {
        this.perSecond = perSecond;
        this.windowStart = new AtomicLong(System.nanoTime());
    }

    /** Takes {@code permits} when the current window has them left. */
    boolean tryAcquire(int permits) {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (now - start >= WINDOW_NANOS && windowStart.compareAndSet(start, now)) {
            used.set(0);
        }
        return used.addAndGet(permits) <= perSecond;
    }
}
