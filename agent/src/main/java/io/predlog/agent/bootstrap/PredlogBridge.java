package io.predlog.agent.bootstrap;

import jdk.internal.vm.annotation.DontInline;

/**
 * The only class that advice woven into application classes calls. Served by the bootstrap class loader, so it
 * resolves from every class loader; it knows nothing but {@link CallRecorder}, and it swallows every
 * {@link Throwable} so that nothing the agent does can reach the application.
 *
 * <p>The advice's calls into it ({@link #enter}, {@link #enterOne}, {@link #exit}, {@link #exitNumber}) carry the
 * JDK's {@code @DontInline}, which HotSpot honours for classes the bootstrap loader defines: the JIT compiles them
 * apart from the application's method instead of inlining the whole recorder into it, which used up that method's
 * inlining budget (C2 then left the application's own calls, such as a map's iterator and {@code get}, as calls,
 * and the iterator allocated).
 */
public final class PredlogBridge {

    private static volatile CallRecorder recorder;
    private static volatile ContextPropagator propagator;

    private PredlogBridge() {
    }

    /** Installs the recorder that calls are handed to; null uninstalls (advice then records nothing). */
    public static void install(CallRecorder newRecorder) {
        recorder = newRecorder;
    }

    /** Installs what carries requests across threads; null uninstalls. */
    public static void install(ContextPropagator newPropagator) {
        propagator = newPropagator;
    }

    /** Woven where work is handed off (a task submitted, a thread created). Never throws. */
    public static void attachContext(Object carrier) {
        ContextPropagator p = propagator;
        if (p == null || carrier == null) {
            return;
        }
        try {
            p.attach(carrier);
        } catch (Throwable t) {
            // nothing to propagate is better than a broken hand-off
        }
    }

    /** Woven into {@code Thread}'s constructors. Never throws. */
    public static void attachThread(Thread thread, Object[] constructorArguments) {
        ContextPropagator p = propagator;
        if (p == null || thread == null) {
            return;
        }
        try {
            p.attachThread(thread, constructorArguments);
        } catch (Throwable t) {
            // nothing to propagate is better than a broken thread
        }
    }

    /** Woven where handed-off work starts running. Never throws; returns the token for {@link #restoreContext}. */
    public static Object activateContext(Object carrier) {
        ContextPropagator p = propagator;
        if (p == null || carrier == null) {
            return null;
        }
        try {
            return p.activate(carrier);
        } catch (Throwable t) {
            return null;
        }
    }

    /** Woven where handed-off work ends. Never throws. */
    public static void restoreContext(Object token) {
        ContextPropagator p = propagator;
        if (p == null || token == null) {
            return;
        }
        try {
            p.restore(token);
        } catch (Throwable t) {
            // swallowed: the work's own outcome is what the application sees
        }
    }

    /**
     * Replaces {@code task.run()} in {@code ThreadPoolExecutor.runWorker}: runs the task with the request it
     * was submitted under ({@link ContextPropagator#activateTask}), and ends with no request on the pooled thread.
     * The task's own exceptions pass through untouched.
     */
    public static void runTask(Runnable task) {
        activateTask(task);
        try {
            task.run();
        } finally {
            clearContext();
        }
    }

    private static void activateTask(Runnable task) {
        ContextPropagator p = propagator;
        if (p == null || task == null) {
            return;
        }
        try {
            p.activateTask(task);
        } catch (Throwable t) {
            // the task runs without a request rather than not at all
        }
    }

    private static void clearContext() {
        ContextPropagator p = propagator;
        if (p == null) {
            return;
        }
        try {
            p.clear();
        } catch (Throwable t) {
            // swallowed: the task's own outcome is what the application sees
        }
    }

    /**
     * Entry point of the woven enter advice. Never throws. Never inlined into the application's method, whose
     * inlining budget stays the application's own (see the class comment).
     */
    @DontInline
    public static Object enter(int targetId, String method, Object self, Object[] args) {
        CallRecorder r = recorder;
        if (r == null) {
            return null;
        }
        try {
            return r.enter(targetId, method, self, args);
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * Entry point of the woven enter advice of a method with one parameter: as {@link #enter}, without an argument
     * array for the woven method to allocate. Never throws. Never inlined into the application's method.
     */
    @DontInline
    public static Object enterOne(int targetId, String method, Object self, Object arg) {
        CallRecorder r = recorder;
        if (r == null) {
            return null;
        }
        try {
            return r.enterOne(targetId, method, self, arg);
        } catch (Throwable t) {
            return null;
        }
    }

    /** Woven into instrumented constructors after their {@code super(…)} call. Never throws. */
    public static void constructorInitialised(String method) {
        CallRecorder r = recorder;
        if (r == null) {
            return;
        }
        try {
            r.constructorInitialised(method);
        } catch (Throwable t) {
            // swallowed: the constructor goes on exactly as it would without the agent
        }
    }

    /** Woven into instrumented constructors' exception handler, which rethrows {@code thrown}. Never throws. */
    public static void constructorThrew(Throwable thrown, String method, boolean named) {
        CallRecorder r = recorder;
        if (r == null) {
            return;
        }
        try {
            r.constructorThrew(thrown, method, named);
        } catch (Throwable t) {
            // swallowed: the application sees its own exception, unchanged
        }
    }

    /** Woven into {@code FutureTask}'s completion. Never throws. */
    public static void futureDone(Object future) {
        CallRecorder r = recorder;
        if (r == null) {
            return;
        }
        try {
            r.futureDone(future);
        } catch (Throwable t) {
            // swallowed: the future's waiters are what the application sees
        }
    }

    /**
     * Entry point of the woven exit advice of a method that returns a {@code double}, or when {@code single} a
     * {@code float} (widened): as {@link #exit}, without a box for the woven method to allocate. Never throws. Never
     * inlined, as {@link #enter}.
     */
    @DontInline
    public static void exitNumber(Object scope, Object self, double returned, boolean single, Throwable thrown) {
        if (scope == null) {
            return;
        }
        CallRecorder r = recorder;
        if (r == null) {
            return;
        }
        try {
            r.exitNumber(scope, self, returned, single, thrown);
        } catch (Throwable t) {
            // swallowed: the application's call completes exactly as it would without the agent
        }
    }

    /** Entry point of the woven exit advice. Never throws. Never inlined, as {@link #enter}. */
    @DontInline
    public static void exit(Object scope, Object self, Object returned, Throwable thrown) {
        if (scope == null) {
            return;
        }
        CallRecorder r = recorder;
        if (r == null) {
            return;
        }
        try {
            r.exit(scope, self, returned, thrown);
        } catch (Throwable t) {
            // swallowed: the application's call completes exactly as it would without the agent
        }
    }
}
