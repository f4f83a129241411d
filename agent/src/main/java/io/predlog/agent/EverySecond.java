package io.predlog.agent;

import io.predlog.agent.diagnostics.Diagnostics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A daemon thread that runs one task once a second until {@link #stop}: the agent's periodic looks (the
 * configuration file, self-protection's pressure). A failure of the task is reported under its name and the next
 * second runs as usual.
 */
final class EverySecond {

    private final String threadName;
    private final String failureName;
    private final Runnable first;
    private final Runnable task;
    private volatile boolean stopped;
    private Thread thread;

    EverySecond(String threadName, String failureName, Runnable task) {
        this(threadName, failureName, () -> { }, task);
    }

    /** @param first run once on the thread as it starts, before the first second: work kept off the starter */
    EverySecond(String threadName, String failureName, Runnable first, Runnable task) {
        this.threadName = threadName;
        this.failureName = failureName;
        this.first = first;
        this.task = task;
    }

    void start() {
        Thread t = new Thread(this::run, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Ends the thread: the task is not run again. */
    void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void run() {
        try {
            first.run();
        } catch (Throwable t) {
            Diagnostics.failure(failureName, t);
        }
        while (!stopped) {
            LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
            if (stopped) {
                return;
            }
            try {
                task.run();
            } catch (Throwable t) {
                Diagnostics.failure(failureName, t);
            }
        }
    }
}
