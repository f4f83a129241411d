package io.predlog.agent.record;

import io.predlog.agent.context.WeakIdentityMap;
import io.predlog.agent.diagnostics.Diagnostics;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asynchronous targets: a predict, load or entry call that returns a {@link CompletionStage} or a
 * {@link FutureTask} is recorded when that completes — latency to completion, success or failure (with the
 * completion's exception) decided by the completion, output hashed from the completed value.
 *
 * <p>A {@code CompletionStage} is observed with {@code whenComplete}; a {@code FutureTask} (what
 * {@code ExecutorService.submit} returns) by the JDK's own completion point, woven by
 * {@code instrument.AsyncCompletionPoints}, which calls {@link #futureDone}. Other {@code Future}s give no way
 * to observe completion without blocking; they are recorded when the call returns, like any value.
 *
 * <p>The exception reported for a failed completion is the cause the future was completed with:
 * {@code CompletionException} and {@code ExecutionException} wrappers are unwrapped.
 */
final class AsyncCompletions {

    private final WeakIdentityMap<Pending> pendingTasks = new WeakIdentityMap<>();

    /**
     * Takes over recording the call if its result is a future it can observe.
     *
     * @return true when the call will be recorded at completion; false to record it now
     */
    boolean defer(Scope scope, Object self, Object returned) {
        if (returned instanceof CompletionStage<?> stage) {
            Pending pending = new Pending(scope, self);
            stage.whenComplete((value, error) -> pending.complete(value, unwrap(error)));
            return true;
        }
        if (returned instanceof FutureTask<?> task) {
            Pending pending = new Pending(scope, self);
            pendingTasks.put(task, pending);
            if (task.isDone()) { // completed before it was registered: its completion point has passed
                futureDone(task);
            }
            return true;
        }
        return false;
    }

    /** A {@code FutureTask} completed; records the call that returned it, if any. */
    void futureDone(Object future) {
        Pending pending = pendingTasks.remove(future);
        if (pending == null) {
            return;
        }
        FutureTask<?> task = (FutureTask<?>) future;
        Object value = null;
        Throwable error = null;
        try {
            if (task.isCancelled()) {
                error = new CancellationException("the returned future was cancelled");
            } else {
                value = task.get(); // done: returns at once
            }
        } catch (ExecutionException e) {
            error = unwrap(e);
        } catch (Throwable t) {
            error = t;
        }
        pending.complete(value, error);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A call waiting for its future; recorded exactly once. */
    private static final class Pending {
        private final Scope scope;
        private final Object self;
        private final AtomicBoolean done = new AtomicBoolean();

        Pending(Scope scope, Object self) {
            this.scope = scope;
            this.self = self;
        }

        void complete(Object value, Throwable error) {
            if (done.compareAndSet(false, true)) {
                try {
                    scope.kind.completed(scope, System.nanoTime(), self, value, error);
                } catch (Throwable t) {
                    Diagnostics.failure("record.completion", t);
                } finally {
                    scope.kind.support.recording.calls().ended(scope);
                }
            }
        }
    }
}
