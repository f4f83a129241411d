package io.predlog.agent;

import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.record.CallsInProgress;

/**
 * At exit, before anything drains, waits for the recorded calls running when the exit began to end
 * ({@code predlog.shutdown.calls_wait_ms}): a service that stops gracefully finishes its requests while the JVM's
 * shutdown hooks run, and their ends are recorded. Calls still running when the wait ends are named on stderr; they
 * leave no end event, as they would not without the wait.
 */
final class EndingCalls implements Capability {

    private final CallsInProgress calls;
    private final long waitMillis;

    EndingCalls(CallsInProgress calls, long waitMillis) {
        this.calls = calls;
        this.waitMillis = waitMillis;
    }

    @Override
    public String name() {
        return "calls";
    }

    @Override
    public void start() {
    }

    /** Its own bound, not the drain's budget: the wait comes before every other part's. */
    @Override
    public void beforeDrain(long budgetMillis) {
        long left = calls.awaitEnd(waitMillis);
        if (left > 0) {
            Diagnostics.warn(left + " recorded call(s) still running " + waitMillis + " ms after the JVM began to"
                    + " exit; they leave no end event (predlog.shutdown.calls_wait_ms)");
        }
    }
}
