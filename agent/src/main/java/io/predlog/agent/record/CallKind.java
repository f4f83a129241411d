package io.predlog.agent.record;

import io.predlog.agent.context.RequestContext;

/**
 * The code for one kind of target's calls (predict, load, entry): what happens when a call starts, when it returns
 * or throws, and when a future it returned completes. The {@link Recorder} routes each call to one.
 */
interface CallKind {

    /**
     * A call starts, on the application's thread.
     *
     * @return its scope, or null to record nothing for it
     */
    Scope enter(RequestContext context, TargetRuntime target, String method, Object self, Object[] args);

    /** The call returned or threw, on the thread it ran on. */
    void exit(RequestContext context, Scope scope, long endNanos, Object self, Object returned, Throwable thrown);

    /** A future the call returned completed ({@link AsyncCompletions}), on the completing thread. */
    void completed(Scope scope, long endNanos, Object self, Object value, Throwable error);
}
