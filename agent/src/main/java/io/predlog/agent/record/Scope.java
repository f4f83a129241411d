package io.predlog.agent.record;

import io.predlog.agent.capture.CapturedInput;

/**
 * What the recorder keeps between a call's enter and its exit. Created on the application's thread and
 * handed back to it by the woven advice; never shared.
 */
final class Scope {
    final TargetRuntime target;
    final String method;
    final String requestId;
    /** This call started the thread's request and ends it at exit. */
    final boolean ownsRequest;
    final long startEpochMillis;
    /** The thread the call ran on: events name it even when a returned future completes elsewhere. */
    final String thread;
    long startNanos;

    /** predict, entry: what the sampler decided for the call's routine events at enter ({@code Sampler.KEPT}…). */
    byte sampling;
    /** predict: the input captured at enter; null when capture failed. */
    CapturedInput input;
    /** load: identity known at enter (from arguments or {@code this}); may be completed at exit. */
    String modelId;
    String modelVersion;
    /** load: heap in use at enter, for {@code memory_mb}. */
    long heapBefore;
    /**
     * load: the call's arguments, for identity expressions that can only be evaluated at exit; predict: the
     * arguments of a call sampled out at enter, captured at exit only if it is kept after all (failed or slow).
     */
    Object[] args;
    /** The innermost constructor load open on this thread when this call began ({@link OpenConstructor}). */
    Object constructorMark;
    /** The target's index when this call is the outermost of its target on the thread, else -1. */
    int outermostOf = -1;
    /** predict, load: the call's slot in the in-flight record, or -1. */
    int inflightSlot = -1;

    Scope(TargetRuntime target, String method, String requestId, boolean ownsRequest, long startEpochMillis) {
        this.target = target;
        this.method = method;
        this.requestId = requestId;
        this.ownsRequest = ownsRequest;
        this.startEpochMillis = startEpochMillis;
        this.thread = currentThreadName();
    }

    /** The thread's name; virtual threads are usually unnamed, and are then named {@code #<thread id>}. */
    @SuppressWarnings("deprecation") // Thread.getId(): threadId() needs JDK 19
    private static String currentThreadName() {
        Thread thread = Thread.currentThread();
        String name = thread.getName();
        return name.isEmpty() ? "#" + thread.getId() : name;
    }
}
