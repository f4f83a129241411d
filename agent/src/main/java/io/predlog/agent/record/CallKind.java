package io.predlog.agent.record;

import io.predlog.agent.context.RequestContext;

/**
 * The code for one kind of target's calls (predict, load, entry): what happens when a call starts, when it returns
 * or throws, and when a future it returned completes. The {@link Recorder} routes each call to one. How a call
 * ends is the same for every kind: constructor loads it began and never saw return are failed, a returned future
 * defers the record to its completion, and the request the call began ends.
 */
abstract class CallKind {

    final CallSupport support;

    CallKind(CallSupport support) {
        this.support = support;
    }

    /**
     * A call starts, on the application's thread.
     *
     * @return its scope, or null to record nothing for it
     */
    abstract Scope enter(RequestContext context, TargetRuntime target, String method, Object self, Object[] args);

    /** A call of a method with one parameter starts: as {@link #enter} with {@code {arg}} as its arguments. */
    Scope enterOne(RequestContext context, TargetRuntime target, String method, Object self, Object arg) {
        return enter(context, target, method, self, new Object[] {arg});
    }

    /** A call of this kind, or a future it returned, completed: record it. */
    abstract void completed(Scope scope, long endNanos, Object self, Object value, Throwable error);

    /** The constructor loads of the thread, whose orphans a call's end fails. */
    abstract LoadCalls loads();

    /** The call returned or threw, on the thread it ran on. */
    final void exit(RequestContext context, Scope scope, long endNanos, Object self, Object returned,
                    Throwable thrown) {
        loads().failOrphanedConstructors(context, scope, thrown);
        try {
            if (thrown == null && support.completions.defer(scope, self, returned)) {
                return;
            }
            try {
                completed(scope, endNanos, self, returned, thrown);
            } finally {
                support.recording.calls().ended(scope);
            }
        } finally {
            CallSupport.close(context, scope);
        }
        ended(context, scope);
    }

    /**
     * The call was recorded on the thread it ran on, and nothing refers to {@code scope} any more (a call whose
     * returned future completes later never gets here): the kind may keep it for the thread's next call.
     */
    void ended(RequestContext context, Scope scope) {
    }
}
