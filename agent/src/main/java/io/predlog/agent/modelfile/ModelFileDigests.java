package io.predlog.agent.modelfile;

import io.predlog.agent.diagnostics.Diagnostics;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code model_sha256}: the SHA-256 of the model file or bytes each load call was given, computed on one thread
 * of its own, {@code predlog-model-sha256} (docs/EVENTS.md, "model_load_success").
 *
 * <p>On the application's thread, {@link #begin} only picks the arguments that may be a model ({@code Path},
 * {@code File}, {@code String}, {@code byte[]}; never a stream, which hashing would consume) and queues them: the
 * file is hashed while the load runs, so the digest is of the bytes that served. The load's success waits for the
 * digest in its {@link PendingDigest}, at most {@link DigestSettings#timeoutMillis()} after the load returned;
 * a file larger than {@link DigestSettings#maxBytes()} is not read. Every bound that stops a digest names itself
 * in {@code model_sha256_skipped}.
 */
public final class ModelFileDigests {

    private final DigestSettings settings;
    private final BlockingQueue<PendingDigest> queue;
    /** Begun and not finished: the ones to settle at shutdown. */
    private final Set<PendingDigest> open = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;
    private volatile Thread thread;

    public ModelFileDigests(DigestSettings settings) {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    }

    /** Starts the hashing thread. */
    public synchronized void start() {
        if (thread == null && settings.enabled()) {
            Thread t = new Thread(this::run, "predlog-model-sha256");
            t.setDaemon(true);
            t.start();
            thread = t;
        }
    }

    /**
     * A load call starts with these arguments: the digest of the first that is a model file or bytes is begun.
     *
     * @return the digest to join with the load's success, or null when no argument could name a model
     */
    public PendingDigest begin(Object[] args) {
        if (!settings.enabled() || thread == null || args == null || args.length == 0) {
            return null;
        }
        Object[] candidates = null;
        int n = 0;
        for (Object arg : args) {
            if (arg instanceof Path || arg instanceof File || arg instanceof String || arg instanceof byte[]) {
                if (candidates == null) {
                    candidates = new Object[args.length];
                }
                candidates[n++] = arg;
            }
        }
        if (candidates == null) {
            return null;
        }
        PendingDigest digest = new PendingDigest(n == candidates.length ? candidates : Arrays.copyOf(candidates, n));
        if (shuttingDown || !queue.offer(digest)) {
            digest.finish(null, shuttingDown ? "shutdown" : "busy");
        } else {
            open.add(digest);
        }
        return digest;
    }

    /**
     * The JVM is exiting: gives the digests that successes wait for up to {@code budgetMillis} to finish, then
     * offers every success still waiting without its digest ({@code shutdown}). Loads still running are not waited
     * for.
     */
    public void finishBeforeExit(long budgetMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        while (anyWaiting() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        shuttingDown = true;
        for (PendingDigest digest : open) {
            digest.finish(null, "shutdown");
        }
        open.clear();
    }

    private boolean anyWaiting() {
        for (PendingDigest digest : open) {
            if (digest.waiting()) {
                return true;
            }
        }
        return false;
    }

    private void run() {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis());
        // made here, not at start-up: its digest and (at the first file) its 1 MiB buffer belong to this thread
        ModelFileHasher hasher = new ModelFileHasher(settings.maxBytes());
        while (true) {
            PendingDigest digest;
            try {
                digest = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                settle(hasher, digest, timeoutNanos);
            } catch (Throwable t) {
                digest.finish(null, "unreadable");
                Diagnostics.failure("modelfile.hash", t);
            } finally {
                open.remove(digest);
            }
        }
    }

    private void settle(ModelFileHasher hasher, PendingDigest digest, long timeoutNanos) {
        if (digest.finished()) {
            return; // cancelled (the load failed) or settled at shutdown
        }
        try {
            ModelFileHasher.Result result = hasher.hash(digest.candidates,
                    () -> shuttingDown || digest.cancelled() || digest.overdue(System.nanoTime(), timeoutNanos));
            digest.finish(result.sha256(), result.skipped());
        } catch (ModelFileHasher.Stopped stopped) {
            digest.finish(null, shuttingDown ? "shutdown" : "timeout");
        }
    }
}
