package io.predlog.agent.record;

import io.predlog.agent.context.RequestContext;
import io.predlog.agent.context.RequestIds;

/**
 * What the recorder keeps between a call's enter and its exit: what every kind of call has. Each kind adds its own
 * fields ({@link PredictCalls.PredictScope}, {@link LoadCalls.LoadScope}, {@link EntryCalls.EntryScope}). Created
 * on the application's thread and handed back to it by the woven advice; never shared, except with the thread
 * that completes a returned future. A kind may keep a scope whose call has ended on its thread to begin the thread's
 * next call in ({@link CallKind#ended}).
 */
abstract class Scope {
    /** The code that handles this kind of call: exit and completion go back to it. */
    CallKind kind;
    TargetRuntime target;
    String method;
    /** The request id's text; null while a generated id ({@link #generatedId}) has not been asked for as text. */
    String requestId;
    /** The request's id is a generated one, held as {@link #idHigh} and {@link #idLow} (see {@link RequestIds}). */
    boolean generatedId;
    long idHigh;
    long idLow;
    /** This call started the thread's request and ends it at exit. */
    boolean ownsRequest;
    long startEpochMillis;
    /** The thread the call ran on: events name it even when a returned future completes elsewhere. */
    String thread;
    long startNanos;
    /** The innermost constructor load open on this thread when this call began ({@link OpenConstructor}). */
    Object constructorMark;
    /** The target's index when this call is the outermost of its target on the thread, else -1. */
    int outermostOf = -1;
    /** predict, load: the call's slot in the in-flight record, or -1. */
    int inflightSlot = -1;
    /** Counted in {@link CallsInProgress} until its events are offered. */
    boolean counted;
    /**
     * The request context of the thread the call runs on, set as the call is entered. The call's exit runs on the
     * same thread and takes the context from here rather than from the thread-local map again.
     */
    RequestContext context;

    Scope(CallKind kind, TargetRuntime target, String method, String requestId, boolean ownsRequest,
          long startEpochMillis) {
        begin(kind, target, method, requestId, ownsRequest, startEpochMillis);
    }

    /** Starts the scope of a call on the current thread: as made, whatever it held for an earlier call. */
    final void begin(CallKind kind, TargetRuntime target, String method, String requestId, boolean ownsRequest,
                     long startEpochMillis) {
        this.kind = kind;
        this.target = target;
        this.method = method;
        this.requestId = requestId;
        this.generatedId = false;
        this.ownsRequest = ownsRequest;
        this.startEpochMillis = startEpochMillis;
        this.thread = currentThreadName();
        this.startNanos = 0;
        this.constructorMark = null;
        this.outermostOf = -1;
        this.inflightSlot = -1;
    }

    /** Takes the id of the thread's request as the context holds it: text, or a generated id's two numbers. */
    final void requestOf(RequestContext context) {
        requestId = context.requestIdText();
        generatedId = context.generatedId();
        idHigh = generatedId ? context.idHigh() : 0;
        idLow = generatedId ? context.idLow() : 0;
    }

    /** The request id as text, made from a generated id's numbers the first time it is asked for. */
    final String requestId() {
        String id = requestId;
        if (id == null && generatedId) {
            id = RequestIds.text(idHigh, idLow);
            requestId = id;
        }
        return id;
    }

    /** The thread's name; virtual threads are usually unnamed, and are then named {@code #<thread id>}. */
    @SuppressWarnings("deprecation") // Thread.getId(): threadId() needs JDK 19
    private static String currentThreadName() {
        Thread thread = Thread.currentThread();
        String name = thread.getName();
        return name.isEmpty() ? "#" + thread.getId() : name;
    }
}
