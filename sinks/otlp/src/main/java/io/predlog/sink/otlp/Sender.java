package io.predlog.sink.otlp;

import io.predlog.agent.diagnostics.Diagnostics;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The sink's thread ({@code predlog-otlp-sender}): takes the oldest events from the {@link Backlog}, maps and encodes
 * them, posts them, and settles the batch by the {@link Outcome}: delivered, or refused and counted lost, are removed;
 * one to retry stays the oldest (in the spool), and the next request waits for the {@link Backoff}. The only thread
 * that waits on the network: the dispatcher only adds to the backlog.
 *
 * <p>While no request succeeds for {@value #WARN_AFTER_MILLIS} ms it says so once on stderr, and again once the endpoint
 * takes events again.
 */
final class Sender {

    /** A run of failures this long is reported on stderr. */
    static final long WARN_AFTER_MILLIS = 5_000;
    /** The longest the thread sleeps when idle (it forces the spool's appends meanwhile). */
    static final long IDLE_MILLIS = 500;

    private final Backlog backlog;
    private final EventMapping mapping;
    private final LogsEncoder encoder;
    private final OtlpHttp http;
    private final Backoff backoff;
    private final Losses losses;
    private final int batchEvents;
    private final long lingerNanos;
    private final Thread thread;
    private volatile boolean closing;
    private volatile long closeDeadline;
    private long retryAtNanos = System.nanoTime();
    private long failingSince = -1;
    private boolean warned;

    Sender(Backlog backlog, EventMapping mapping, LogsEncoder encoder, OtlpHttp http, Backoff backoff, Losses losses,
            int batchEvents, Duration linger) {
        this.backlog = backlog;
        this.mapping = mapping;
        this.encoder = encoder;
        this.http = http;
        this.backoff = backoff;
        this.losses = losses;
        this.batchEvents = batchEvents;
        this.lingerNanos = linger.toNanos();
        this.thread = new Thread(this::run, "predlog-otlp-sender");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Has the thread look at the backlog now. */
    void wake() {
        LockSupport.unpark(thread);
    }

    /**
     * Sends what waits, oldest first (the spool, then memory), for at most {@code timeout} and while the endpoint
     * answers, then stops the thread (a request still running is interrupted). What is left stays in the backlog.
     */
    void stop(Duration timeout) {
        closeDeadline = System.nanoTime() + timeout.toNanos();
        closing = true;
        wake();
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            try {
                long now = System.nanoTime();
                if (closing && (now - closeDeadline >= 0 || now - retryAtNanos < 0)) {
                    return; // what is left waits in the spool for the next start; a failing endpoint is not waited for
                }
                if (now - retryAtNanos < 0) {
                    LockSupport.parkNanos(retryAtNanos - now);
                    continue;
                }
                Backlog.Batch batch = backlog.next(batchEvents, lingerNanos, closing);
                if (batch == null) {
                    if (closing) {
                        return;
                    }
                    backlog.sync();
                    idle(now);
                    continue;
                }
                send(batch);
            } catch (Exception | LinkageError e) {
                Diagnostics.failure("sink:otlp:sender", e);
                retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
            }
        }
    }

    /** Sleeps until the oldest event's linger ends, at most {@link #IDLE_MILLIS}, or until woken. */
    private void idle(long now) {
        long wait = TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
        Optional<Long> lingerEnds = backlog.lingerEnds(lingerNanos);
        if (lingerEnds.isPresent()) {
            wait = Math.min(wait, Math.max(0, lingerEnds.get() - now));
        }
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private void send(Backlog.Batch batch) throws IOException {
        List<OtlpLogRecord> records = new ArrayList<>(batch.events().size());
        for (PendingEvent event : batch.events()) {
            try {
                records.add(mapping.map(event.line(), 0, event.line().length, event.observedUnixNano()));
            } catch (IllegalArgumentException e) {
                losses.lost(1, "unreadable_event");
            }
        }
        if (records.isEmpty()) {
            backlog.settled(batch);
            return;
        }
        Outcome outcome = http.post(encoder.encode(records));
        if (outcome instanceof Outcome.Retry retry) {
            backlog.failed(batch);
            retryAtNanos = System.nanoTime() + backoff.failedNanos(retry.retryAfter());
            failing(retry.reason());
            return;
        }
        backlog.settled(batch);
        backoff.succeeded();
        if (outcome instanceof Outcome.Refused refused) {
            losses.lost(records.size(), refused.reason());
        } else if (outcome instanceof Outcome.Accepted accepted && accepted.rejected() > 0) {
            losses.lost(Math.min(accepted.rejected(), records.size()), "partial_success" + (accepted.message()
                    .isEmpty() ? "" : ": " + Diagnostics.printable(truncate(accepted.message()))));
        }
        answered();
    }

    private void failing(String reason) {
        long now = System.nanoTime();
        if (failingSince < 0) {
            failingSince = now;
        }
        if (!warned && now - failingSince >= TimeUnit.MILLISECONDS.toNanos(WARN_AFTER_MILLIS)) {
            warned = true;
            String dir = backlog.spoolDir();
            Diagnostics.warn("otlp sink: " + http.endpoint() + " has taken no events for " + WARN_AFTER_MILLIS / 1000
                    + " s (last: " + Diagnostics.printable(truncate(reason)) + "); keeping them "
                    + (dir == null ? "in memory (no spool)" : "in " + dir) + " until it does");
        }
    }

    private void answered() {
        if (warned) {
            Diagnostics.info("otlp sink: " + http.endpoint() + " takes events again");
        }
        failingSince = -1;
        warned = false;
    }

    private static String truncate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
