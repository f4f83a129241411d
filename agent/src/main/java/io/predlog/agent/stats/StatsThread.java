package io.predlog.agent.stats;

import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.drift.BaselineFiles;
import io.predlog.agent.drift.DriftSettings;
import io.predlog.agent.event.Event;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The statistics thread ({@code predlog-stats}): takes the calls {@link StatsRecorder} queued, folds each into its
 * model's window, and when a window ends (aligned to multiples of {@code predlog.stats.window_s} in UTC) writes one
 * {@code model_stats} per tracked model, and the drift events, into the event pipeline. At shutdown it takes what
 * is left and writes the cut-short window ({@code "partial": true}) before the pipeline drains.
 *
 * <p>A call is counted in the window during which this thread takes it. Each wake takes everything queued; then the
 * thread sleeps until the current window ends, at most {@value #MAX_PARK_MILLIS} ms, or until a few hundred calls
 * have been queued (the call that brings the count there wakes the thread). It so takes the calls of a window at the
 * window's end, and a call is counted in the window it ended in unless it ended in the instant between that last
 * take and the window's close. Under light traffic it wakes about ten times a second, under heavy traffic once per
 * few hundred calls: every wake is microseconds of the CPU the application shares, and the calls' features go back
 * to the threads that lent them only once folded. Once {@value #QUIET_AFTER_MILLIS} ms have passed without a call it
 * sleeps until the next call (whose thread wakes it) or the window's end, at most {@value #QUIET_PARK_MILLIS} ms: an
 * idle service costs it one wake-up a second.
 */
public final class StatsThread {

    static final int BATCH = 1024;
    static final long MAX_PARK_MILLIS = 100;
    /** Time without a call after which the thread sleeps until the next one. */
    static final long QUIET_AFTER_MILLIS = 1_000;
    /** The longest sleep of a quiet spell (a wall clock set back cannot hold the window's close longer). */
    static final long QUIET_PARK_MILLIS = 1_000;

    private final StatsRecorder recorder;
    private final DriftSettings drift;
    private final BaselineFiles baselines;
    private final ValueHasher hasher;
    private final Consumer<Event> events;
    private final LongSupplier clock;
    private final long windowMillis;
    private final String threadName;
    private long windowStart;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param drift     drift settings, or null when drift detection is off
     * @param baselines baselines given in files
     * @param capture   hashes string values the way {@code input_hash} would ({@link ValueHasher})
     * @param events    where {@code model_stats} and drift events go (the pipeline's offer)
     * @param clock     wall-clock milliseconds
     */
    public StatsThread(StatsRecorder recorder, DriftSettings drift, BaselineFiles baselines, InputCapture capture,
                       Consumer<Event> events, LongSupplier clock) {
        this(recorder, drift, baselines, value -> capture.hashValue(value).prefix(), events, clock, "predlog-stats");
    }

    StatsThread(StatsRecorder recorder, DriftSettings drift, BaselineFiles baselines, ValueHasher hasher,
                Consumer<Event> events, LongSupplier clock, String threadName) {
        this.recorder = recorder;
        this.drift = drift;
        this.baselines = baselines;
        this.hasher = hasher;
        this.events = events;
        this.clock = clock;
        this.windowMillis = recorder.settings().windowMillis();
        this.threadName = threadName;
        this.windowStart = floor(clock.getAsLong());
    }

    /** Starts the daemon thread. */
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the thread, takes the calls still queued and writes the current window, cut short. Waits at most
     * {@code maxWaitMillis} for the thread to stop.
     */
    public void shutdown(long maxWaitMillis) {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(Math.max(1, maxWaitMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                Diagnostics.warn("statistics thread did not stop within " + maxWaitMillis + " ms; its last window"
                        + " is not written");
                return;
            }
        }
        finish();
    }

    private void run() {
        long lastCalls = clock.getAsLong();
        while (running) {
            try {
                int taken = drain(BATCH);
                tick();
                long now = clock.getAsLong();
                if (taken > 0) {
                    lastCalls = now;
                }
                if (taken < BATCH) { // the queue is empty
                    if (quiet(now, lastCalls)) {
                        recorder.awaitFirstCall(sleepMillis(now, QUIET_PARK_MILLIS) * 1_000_000L);
                    } else {
                        recorder.awaitCalls(sleepMillis(now, MAX_PARK_MILLIS) * 1_000_000L);
                    }
                    Thread.interrupted(); // an interrupt must not turn sleeping into spinning
                }
            } catch (Throwable t) {
                Diagnostics.failure("stats.thread", t);
                LockSupport.parkNanos(MAX_PARK_MILLIS * 1_000_000L); // never a spin on a failure that repeats
            }
        }
    }

    /**
     * Whether {@code now} (wall-clock ms) is in a quiet spell: {@value #QUIET_AFTER_MILLIS} ms or more since the last
     * call was taken at {@code lastCalls} (a wall clock set back counts as quiet, for one sleep of a second at most).
     */
    static boolean quiet(long now, long lastCalls) {
        return now - lastCalls >= QUIET_AFTER_MILLIS || now < lastCalls;
    }

    /** How long to sleep at {@code now} (wall-clock ms): until the window ends, from 1 to {@code maxMillis} ms. */
    long sleepMillis(long now, long maxMillis) {
        return Math.max(1, Math.min(maxMillis, windowStart + windowMillis - now));
    }

    /** Folds up to {@code max} queued calls into their windows; returns how many. */
    int drain(int max) {
        int n = 0;
        Observation o;
        while (n < max && (o = recorder.peek()) != null) {
            n++;
            try {
                window(o.cell()).observe(o);
            } catch (Throwable t) {
                Diagnostics.failure("stats.observe", t);
            } finally {
                recorder.release();
            }
        }
        return n;
    }

    /** Closes the current window if its end has passed. */
    void tick() {
        closeIfEnded(clock.getAsLong());
    }

    private void closeIfEnded(long now) {
        long end = windowStart + windowMillis;
        if (now >= end) {
            closeAll(windowStart, end, false, now);
            windowStart = floor(now);
        }
    }

    /** Takes every queued call and writes the current window, cut short at now. */
    void finish() {
        while (drain(Integer.MAX_VALUE) > 0) {
            // until empty
        }
        long now = clock.getAsLong();
        closeIfEnded(now);
        closeAll(windowStart, Math.max(now, windowStart), true, now);
        windowStart = now;
    }

    private void closeAll(long start, long end, boolean partial, long now) {
        List<ModelCell> cells = recorder.cells();
        for (ModelCell cell : cells) {
            try {
                for (Event e : window(cell).close(start, end, partial, now)) {
                    events.accept(e);
                }
            } catch (Throwable t) {
                Diagnostics.failure("stats.window", t);
            }
        }
    }

    private ModelWindow window(ModelCell cell) {
        ModelWindow w = cell.window;
        if (w == null) {
            StatsKey key = cell.key;
            w = new ModelWindow(cell, recorder.settings(), drift,
                    drift == null ? null : baselines.find(key.target(), key.modelId(), key.modelVersion()),
                    drift == null ? null : baselines.findOutput(key.target(), key.modelId(), key.modelVersion()),
                    hasher, recorder.listener());
            cell.window = w;
        }
        return w;
    }

    private long floor(long millis) {
        return Math.floorDiv(millis, windowMillis) * windowMillis;
    }
}
