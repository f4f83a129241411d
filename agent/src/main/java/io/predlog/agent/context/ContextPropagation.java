package io.predlog.agent.context;

import io.predlog.agent.bootstrap.ContextPropagator;

import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RunnableScheduledFuture;

/**
 * Carries request ids across thread hand-offs: the id current when a task is submitted or a thread created is
 * attached to that task or thread ({@link WeakIdentityMap}, so nothing is kept alive or added to the
 * application's objects), made current while it runs, and removed again afterwards, so a pooled thread never
 * carries an id into its next task, and a task submitted outside any request runs without one. A pool's task is
 * forgotten as it starts ({@link #activateTask}).
 *
 * <p>Pool worker threads are not carriers: a {@code ThreadPoolExecutor} or {@code ForkJoinPool} that happens to
 * create a worker while serving a request must not give that worker the request's id for life. Their tasks
 * carry ids instead.
 */
public final class ContextPropagation implements ContextPropagator {

    /** The token for "no request was current", since null means "nothing to restore". */
    private static final Object NONE = new Object();
    private static final String POOL_WORKER = "java.util.concurrent.ThreadPoolExecutor$Worker";

    private final WeakIdentityMap<String> attached = new WeakIdentityMap<>();

    @Override
    public void attach(Object carrier) {
        String id = RequestContext.current().requestId();
        if (id != null) {
            attached.put(carrier, id);
        }
    }

    @Override
    public void attachThread(Thread thread, Object[] constructorArguments) {
        String id = RequestContext.current().requestId();
        if (id == null || thread instanceof ForkJoinWorkerThread || runsPoolWorker(constructorArguments)) {
            return;
        }
        attached.put(thread, id);
    }

    @Override
    public Object activate(Object carrier) {
        String previous = RequestContext.current().replace(attached.get(carrier));
        return previous == null ? NONE : previous;
    }

    /**
     * A pool's task runs once per submission, so its entry goes as it starts: the map then holds the tasks waiting
     * in queues, not every task run since the last collection, and a task's key is garbage before a collection
     * has to process it. A scheduled pool's task keeps its entry: a periodic one runs again without being
     * submitted again.
     */
    @Override
    public void activateTask(Runnable task) {
        String id = task instanceof RunnableScheduledFuture<?> ? attached.get(task) : attached.remove(task);
        RequestContext.current().replace(id);
    }

    @Override
    public void restore(Object previous) {
        RequestContext.current().replace(previous == NONE ? null : (String) previous);
    }

    @Override
    public void clear() {
        RequestContext.current().replace(null);
    }

    /** How many live tasks and threads carry an id (for tests). */
    int carried() {
        return attached.size();
    }

    private static boolean runsPoolWorker(Object[] constructorArguments) {
        if (constructorArguments != null) {
            for (Object argument : constructorArguments) {
                if (argument instanceof Runnable && argument.getClass().getName().equals(POOL_WORKER)) {
                    return true;
                }
            }
        }
        return false;
    }
}
