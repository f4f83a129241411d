package io.predlog.agent.event;

import io.predlog.agent.capture.HashResult;

/**
 * {@code inflight_at_crash}: a predict or load call that was running when its process died without exiting
 * (kill -9, the OOM killer, a JVM crash), read from the in-flight record the dead process left behind by the
 * agent that started next to it. One event per call; level ERROR.
 *
 * @param startEpochMillis when the call started (the event's {@code timestamp})
 * @param thread           the thread the call ran on, in the dead process
 * @param crashedPid       the dead process's pid
 * @param call             {@code predict} or {@code load}
 * @param requestId        the call's request id
 * @param target           the target name
 * @param method           {@code Class#method} that ran
 * @param modelId          the model id, when known at the call's start; else null
 * @param modelVersion     the model version, when known at the call's start; else null
 * @param input            the input's hash and size, when captured at the call's start; else null
 */
public record InflightAtCrashEvent(long startEpochMillis, String thread, long crashedPid, String call,
                                   String requestId, String target, String method, String modelId,
                                   String modelVersion, HashResult input) implements Event {

    @Override
    public String name() {
        return "inflight_at_crash";
    }

    @Override
    public Level level() {
        return Level.ERROR;
    }
}
