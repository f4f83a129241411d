package io.predlog.agent.sink.file;

import io.predlog.agent.diagnostics.Diagnostics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The file sink's background work, on one daemon thread ({@value #THREAD_NAME}) so that the dispatcher only ever
 * appends: compresses each file the sink closes, and sweeps the directory (leftovers, retention) at start, at
 * least every {@value #SWEEP_INTERVAL_MS} ms, and after compressing (at most every {@value #MIN_SWEEP_GAP_MS} ms).
 *
 * <p>Threads: {@link #fileClosed} from the dispatcher; {@link #runPending} from this thread, or from a test
 * whose maintenance was never started. Failures are reported through {@link Diagnostics#failure} and the file is
 * left for the next sweep.
 */
final class FileMaintenance {

    static final String THREAD_NAME = "predlog-file-maintenance";
    static final long SWEEP_INTERVAL_MS = 60_000;
    static final long MIN_SWEEP_GAP_MS = 1_000;

    private static final Path STOP = Path.of("");

    private final LinkedBlockingQueue<Path> closed = new LinkedBlockingQueue<>();
    private final GzipCompressor compressor;
    private final RetentionSweep sweep;
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile boolean idle = true;

    FileMaintenance(GzipCompressor compressor, RetentionSweep sweep) {
        this.compressor = compressor;
        this.sweep = sweep;
    }

    /** The sink's files and bytes on disk as of the last sweep (at most a minute old), or null before it. */
    io.predlog.agent.sink.Sink.DiskUsage diskUsage() {
        return sweep.lastUsage();
    }

    /** Starts the thread, which begins with a sweep; idempotent. */
    synchronized void start() {
        if (thread == null) {
            Thread t = new Thread(this::loop, THREAD_NAME);
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1); // compression yields to the application and the dispatcher
            thread = t;
            t.start();
        }
    }

    /** The sink closed a file: compress it soon. */
    void fileClosed(Path file) {
        idle = false;
        closed.add(file);
    }

    /**
     * Ends the thread: a compression in progress gives up (its temporary file removed, the source kept), and what
     * is left is done by the next start. Waits for that at most {@code maxWaitMillis}.
     */
    void stop(long maxWaitMillis) {
        stopping = true;
        compressor.cancel();
        closed.add(STOP);
        try {
            awaitStopped(maxWaitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the thread to end after {@link #stop}; true when it has (or never started). For tests. */
    boolean awaitStopped(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(millis);
        }
        return t == null || !t.isAlive();
    }

    /** Whether everything handed over so far is done (for tests and benchmarks). */
    boolean idle() {
        return idle && closed.isEmpty();
    }

    /** Compresses every closed file handed over, then sweeps. For the thread, and for tests without it. */
    void runPending() {
        compressQueued();
        sweepNow();
    }

    private void loop() {
        long lastSweep = System.nanoTime();
        sweepNow();
        boolean compressedSinceSweep = false;
        while (!stopping) {
            try {
                long sinceSweep = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastSweep);
                long wait = compressedSinceSweep ? Math.max(0, MIN_SWEEP_GAP_MS - sinceSweep)
                        : Math.max(0, SWEEP_INTERVAL_MS - sinceSweep);
                Path next = closed.poll(wait, TimeUnit.MILLISECONDS);
                if (next != null && next != STOP) {
                    compress(next);
                    compressQueued();
                    compressedSinceSweep = true;
                }
                sinceSweep = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastSweep);
                if (!stopping && (sinceSweep >= SWEEP_INTERVAL_MS || compressedSinceSweep && sinceSweep >= MIN_SWEEP_GAP_MS)) {
                    sweepNow();
                    lastSweep = System.nanoTime();
                    compressedSinceSweep = false;
                }
                if (closed.isEmpty() && !compressedSinceSweep) {
                    idle = true;
                }
            } catch (InterruptedException e) {
                Thread.interrupted(); // nobody but stop() ends this thread
            } catch (Throwable t) {
                Diagnostics.failure("file-maintenance", t);
            }
        }
    }

    private void compressQueued() {
        Path next;
        while ((next = closed.poll()) != null) {
            if (next != STOP) {
                compress(next);
            }
        }
    }

    private void compress(Path file) {
        try {
            compressor.compress(file);
        } catch (GzipCompressor.Cancelled e) {
            // closing: the next start compresses it
        } catch (IOException | RuntimeException e) {
            Diagnostics.failure("file-compress", e); // left as .jsonl; the next sweep tries again
        }
    }

    private void sweepNow() {
        try {
            sweep.run();
        } catch (IOException | RuntimeException e) {
            Diagnostics.failure("file-retention", e);
        }
    }
}
