package io.predlog.agent.record;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.context.RequestContext;
import io.predlog.agent.context.RequestIdSource;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.inflight.InflightTable;

/**
 * What the three kinds of call share: the {@link Recording}, returned futures waiting to complete, the thread's
 * request (joined or begun), the in-flight record, the observers, and the heap reserve that lets a call failing
 * with {@code OutOfMemoryError} still be recorded.
 */
final class CallSupport {

    static final double NANOS_PER_MS = 1_000_000.0;

    final Recording recording;
    final AsyncCompletions completions = new AsyncCompletions();
    /** Whether every predict call's input is captured, sampled or not. */
    final boolean captureAll;
    /**
     * Whether every successful predict call's output is captured, sampled or not: the statistics of outputs need it
     * (a sampled-out call's output is otherwise not walked at all).
     */
    final boolean captureEveryOutput;
    private final CallObserver[] observers;
    /** Heap given back when a call throws OutOfMemoryError, so that its failure event can be built. */
    private byte[] reserve = new byte[64 * 1024];

    CallSupport(Recording recording) {
        this.recording = recording;
        this.captureAll = recording.capturesEveryInput();
        this.captureEveryOutput = captureAll && recording.capture().gathersOutputFeatures();
        this.observers = recording.observers().toArray(new CallObserver[0]);
    }

    /**
     * The id of the call's request: the thread's, or a new one, which the call begins on the thread when
     * {@code owns} (and must then {@link #close}).
     */
    static String requestId(RequestContext context, boolean owns) {
        if (owns) {
            String id = RequestIdSource.newRequestId(context.idScratch());
            context.begin(id);
            return id;
        }
        return context.active() ? context.requestId() : RequestIdSource.newRequestId(context.idScratch());
    }

    /** Ends the request the call began, if it did. */
    static void close(RequestContext context, Scope scope) {
        if (scope.ownsRequest) {
            context.end();
        }
    }

    /** Keeps the call in the in-flight record while it runs. */
    void inflightBegin(Scope scope, int kind, String modelId, String modelVersion, CapturedInput input) {
        InflightTable table = recording.inflight();
        if (table != null) {
            boolean h = input != null && input.hashed();
            int bits = h ? input.hashBits() : 0;
            scope.inflightSlot = table.begin(kind, scope.startEpochMillis, scope.requestId,
                    scope.generatedId ? scope.idHigh : 0, scope.generatedId ? scope.idLow : 0, scope.target.name(),
                    scope.method, modelId, modelVersion, h ? input.hashPrefix() : 0,
                    h ? InflightTable.flags((bits & HashResult.TRUNCATED) != 0, (bits & HashResult.PARTIAL) != 0) : 0,
                    h ? input.hashSize() : -1, scope.thread);
        }
        if (reserve == null) {
            rearm();
        }
    }

    /** The call is over: its in-flight slot is free. Allocates nothing. */
    void inflightEnd(Scope scope) {
        int slot = scope.inflightSlot;
        if (slot >= 0) {
            scope.inflightSlot = -1;
            recording.inflight().end(slot);
        }
    }

    /** A call threw {@code OutOfMemoryError}: the reserve goes, so that recording it finds room. */
    void outOfMemory() {
        reserve = null;
    }

    private void rearm() {
        try {
            reserve = new byte[64 * 1024];
        } catch (Throwable t) {
            // still short of memory: try again on a later call
        }
    }

    void predicted(String target, String modelId, String modelVersion, long latencyNanos, String errorType,
                   CapturedInput input, CapturedOutput output, Boolean seenBefore) {
        for (CallObserver observer : observers) {
            try {
                observer.predicted(target, modelId, modelVersion, latencyNanos, errorType, input, output,
                        seenBefore);
            } catch (Throwable t) {
                Diagnostics.failure("record.observer", t);
            }
        }
    }

    void loaded(String target, String modelId, String modelVersion, long loadNanos, boolean succeeded) {
        for (CallObserver observer : observers) {
            try {
                observer.loaded(target, modelId, modelVersion, loadNanos, succeeded);
            } catch (Throwable t) {
                Diagnostics.failure("record.observer", t);
            }
        }
    }

    static String errorType(Throwable thrown) {
        return thrown == null ? null : thrown.getClass().getName();
    }

    static String errorMessage(Throwable thrown) {
        if (thrown == null) {
            return null;
        }
        try {
            return thrown.getMessage();
        } catch (Throwable t) {
            return null;
        }
    }
}
