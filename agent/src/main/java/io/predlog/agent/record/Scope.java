package io.predlog.agent.record;

/**
 * What the recorder keeps between a call's enter and its exit: what every kind of call has. Each kind adds its own
 * fields ({@link PredictCalls.PredictScope}, {@link LoadCalls.LoadScope}, {@link EntryCalls.EntryScope}). Created
 * on the application's thread and handed back to it by the woven advice; never shared, except with the thread
 * that completes a returned future.
 */
abstract class Scope {
    /** The code that handles this kind of call: exit and completion go back to it. */
    final CallKind kind;
    final TargetRuntime target;
    final String method;
    final String requestId;
    /** This call started the thread's request and ends it at exit. */
    final boolean ownsRequest;
    final long startEpochMillis;
    /** The thread the call ran on: events name it even when a returned future completes elsewhere. */
    final String thread;
    long startNanos;
    /** The innermost constructor load open on this thread when this call began ({@link OpenConstructor}). */
    Object constructorMark;
    /** The target's index when this call is the outermost of its target on the thread, else -1. */
    int outermostOf = -1;
    /** predict, load: the call's slot in the in-flight record, or -1. */
    int inflightSlot = -1;

    Scope(CallKind kind, TargetRuntime target, String method, String requestId, boolean ownsRequest,
          long startEpochMillis) {
        this.kind = kind;
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
