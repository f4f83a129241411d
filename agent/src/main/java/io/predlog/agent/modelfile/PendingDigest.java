package io.predlog.agent.modelfile;

import io.predlog.agent.event.Event;
import io.predlog.agent.event.ModelLoadEvent;

import java.util.function.Consumer;

/**
 * The digest of one load call's model file, begun when the load started ({@link ModelFileDigests#begin}) and
 * joined with the load's {@code model_load_success} when it returned. Whichever comes second — the digest or the
 * success — offers the event: the application's thread when the digest was already there, the hashing thread
 * otherwise. The application's thread never waits and never reads the file.
 */
public final class PendingDigest {

    /** The load's arguments that may name its model: {@code Path}, {@code File}, {@code String}, {@code byte[]}. */
    final Object[] candidates;

    private boolean finished;
    private String sha256;
    private String skipped;
    private boolean cancelled;
    private ModelLoadEvent parked;
    private Consumer<Event> out;
    /** {@link System#nanoTime()} when the success was parked to wait for the digest; 0 while it is not. */
    private long parkedAtNanos;

    PendingDigest(Object[] candidates) {
        this.candidates = candidates;
    }

    /**
     * The load returned: offer its success with the digest now if it is there, else when it is (on the hashing
     * thread). Called on the application's thread; never blocks beyond a short lock.
     */
    public void complete(ModelLoadEvent success, Consumer<Event> events) {
        ModelLoadEvent ready;
        synchronized (this) {
            if (!finished) {
                parked = success;
                out = events;
                parkedAtNanos = Math.max(1, System.nanoTime());
                return;
            }
            ready = success.withModelSha256(sha256, skipped);
        }
        events.accept(ready);
    }

    /** The load failed: nobody wants the digest; the hashing thread stops at its next chunk. */
    public synchronized void cancel() {
        cancelled = true;
        finished = true;
    }

    synchronized boolean cancelled() {
        return cancelled;
    }

    /** Whether a parked success has waited longer than {@code timeoutNanos} for the digest. */
    synchronized boolean overdue(long nowNanos, long timeoutNanos) {
        return parkedAtNanos != 0 && nowNanos - parkedAtNanos > timeoutNanos;
    }

    /**
     * The digest is known (either may be null: no file among the arguments gives neither). The first result wins;
     * a parked success is offered with it.
     */
    void finish(String digest, String skipReason) {
        ModelLoadEvent ready;
        Consumer<Event> to;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            sha256 = digest;
            skipped = skipReason;
            ready = parked;
            to = out;
            parked = null;
            out = null;
        }
        if (ready != null) {
            to.accept(ready.withModelSha256(digest, skipReason));
        }
    }

    /** Whether a success is parked here, waiting for the digest. */
    synchronized boolean waiting() {
        return parked != null;
    }

    synchronized boolean finished() {
        return finished;
    }
}
