package io.predlog.agent.record;

import io.predlog.agent.bootstrap.CallRecorder;
import io.predlog.agent.bootstrap.PredlogBridge;

/**
 * The bridge's recorder while the agent's parts (sinks, pipeline, statistics, …) start on a thread of their own
 * beside the application: a call that begins then waits until the real recorder is {@link #ready}, bounded by
 * {@link #MAX_WAIT_MILLIS}, and is recorded by it, so that nothing the application calls early is lost. Once ready
 * the bridge holds the real recorder, and this one only serves the calls that were already on their way through it.
 * A start that does not finish in time stops the waiting (reported once): calls then go unrecorded until it
 * finishes. The thread doing the start never waits for itself. Thread-safe.
 */
public final class PendingRecorder implements CallRecorder {

    /** How long the first recorded calls wait for the agent's start at most. */
    static final long MAX_WAIT_MILLIS = 10_000;

    private final BoundedWait start = new BoundedWait(false);
    private final long maxWaitMillis;
    private volatile CallRecorder recorder;
    private volatile Thread starter;

    public PendingRecorder() {
        this(MAX_WAIT_MILLIS);
    }

    PendingRecorder(long maxWaitMillis) {
        this.maxWaitMillis = maxWaitMillis;
    }

    /** The thread that does the start: its own calls to a target never wait (they would wait for themselves). */
    public void startedBy(Thread thread) {
        starter = thread;
    }

    /**
     * The start finished: {@code real} records every call from now on, and the bridge hands calls to it directly.
     * Null when the start failed: calls go unrecorded. Only the first call counts.
     */
    public void ready(CallRecorder real) {
        if (start.hasEnded()) {
            return;
        }
        recorder = real;
        PredlogBridge.install(real);
        start.end();
    }

    /** Whether the start finished (with a recorder or without). */
    public boolean isReady() {
        return start.hasEnded();
    }

    private CallRecorder awaitRecorder() {
        CallRecorder real = recorder;
        if (real != null || start.isOver() || Thread.currentThread() == starter) {
            return real;
        }
        start.await(maxWaitMillis, ms -> "the agent had not started within " + ms + " ms of the first recorded"
                + " call; calls go unrecorded until it has");
        return recorder;
    }

    @Override
    public Object enter(int targetId, String method, Object self, Object[] args) {
        CallRecorder real = awaitRecorder();
        return real == null ? null : real.enter(targetId, method, self, args);
    }

    @Override
    public Object enterOne(int targetId, String method, Object self, Object arg) {
        CallRecorder real = awaitRecorder();
        return real == null ? null : real.enterOne(targetId, method, self, arg);
    }

    // a scope exists only where the real recorder made it: the calls below never wait

    @Override
    public void exit(Object scope, Object self, Object returned, Throwable thrown) {
        CallRecorder real = recorder;
        if (real != null) {
            real.exit(scope, self, returned, thrown);
        }
    }

    @Override
    public void exitNumber(Object scope, Object self, double returned, boolean single, Throwable thrown) {
        CallRecorder real = recorder;
        if (real != null) {
            real.exitNumber(scope, self, returned, single, thrown);
        }
    }

    @Override
    public void constructorInitialised(String method) {
        CallRecorder real = recorder;
        if (real != null) {
            real.constructorInitialised(method);
        }
    }

    @Override
    public void constructorThrew(Throwable thrown, String method, boolean named) {
        CallRecorder real = recorder;
        if (real != null) {
            real.constructorThrew(thrown, method, named);
        }
    }

    @Override
    public void futureDone(Object future) {
        CallRecorder real = recorder;
        if (real != null) {
            real.futureDone(future);
        }
    }
}
