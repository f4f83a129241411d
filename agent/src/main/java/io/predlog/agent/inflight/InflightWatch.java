package io.predlog.agent.inflight;

import io.predlog.agent.diagnostics.Diagnostics;

/**
 * Keeps the in-flight file on disk while the process runs: every {@value #INTERVAL_MS} ms, on a daemon thread
 * ({@value #THREAD_NAME}), checks that the file's path still names the mapped file, and when it does not (a
 * clean-up job removed the directory) has the table recreate it with the calls running now, and says so on
 * stderr. Ends when the table is closed.
 */
final class InflightWatch implements Runnable {

    static final String THREAD_NAME = "predlog-inflight-watch";
    static final long INTERVAL_MS = 1_000;

    private final InflightTable table;

    private InflightWatch(InflightTable table) {
        this.table = table;
    }

    /** Starts watching {@code table} on a thread of its own. */
    static void start(InflightTable table) {
        Thread t = new Thread(new InflightWatch(table), THREAD_NAME);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        while (!table.isClosed()) {
            try {
                Thread.sleep(INTERVAL_MS);
                checkOnce(table);
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                Diagnostics.failure("inflight.watch", t);
            }
        }
    }

    /** One check: recreates the file when it is gone and reports that; true when it did. */
    static boolean checkOnce(InflightTable table) throws java.io.IOException {
        int carried = table.recreateIfGone();
        if (carried < 0) {
            return false;
        }
        Diagnostics.warn("in-flight record: " + table.path() + " was deleted while in use; recreated it with the "
                + carried + " call(s) running now");
        return true;
    }
}
