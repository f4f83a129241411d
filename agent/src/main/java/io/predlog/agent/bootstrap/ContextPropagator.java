package io.predlog.agent.bootstrap;

/**
 * Carries the current request from the thread that hands work off to the thread that runs it. Implemented in
 * the agent's isolated class loader; served here, by the bootstrap class loader, because the advice that calls
 * it is woven into JDK classes ({@code Thread}, {@code ThreadPoolExecutor}, {@code ForkJoinTask}).
 */
public interface ContextPropagator {

    /** On the handing-off thread: remembers the current request, if any, for this task. */
    void attach(Object carrier);

    /**
     * On the creating thread: remembers the current request, if any, for a new thread, unless the thread is
     * a pool's worker (its tasks carry requests, not the worker).
     *
     * @param constructorArguments the arguments of the {@code Thread} constructor, where the task is
     */
    void attachThread(Thread thread, Object[] constructorArguments);

    /**
     * On the running thread: makes the request attached to the carrier current (or none, when nothing was
     * attached), and returns what was current before, for {@link #restore}.
     */
    Object activate(Object carrier);

    /**
     * On a pool's worker thread, about to run a task it took from its queue: makes the request attached to the
     * task current (or none), which the worker clears after the task ({@link #clear}), and forgets the task's
     * request unless the task may run again (a scheduled task may be periodic). A task submitted again is attached
     * again.
     */
    void activateTask(Runnable task);

    /** Puts back what {@link #activate} replaced. */
    void restore(Object previous);

    /** Leaves the current thread with no request (a pooled thread between tasks). */
    void clear();
}
