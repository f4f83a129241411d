package io.predlog.agent.instrument;

import io.predlog.agent.bootstrap.PredlogBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice woven into the JDK where work changes threads ({@link ThreadHandOffs}). Like all advice it is
 * inlined into the instrumented class, a JDK class here, so it refers only to the bootstrap-defined
 * {@link PredlogBridge}; {@code suppress} keeps any failure of its own from reaching the application.
 */
final class HandOffAdvice {

    private HandOffAdvice() {
    }

    /** {@code ThreadPoolExecutor.execute(Runnable)}, {@code ScheduledThreadPoolExecutor.delayedExecute(task)}. */
    static final class AttachTaskArgument {
        private AttachTaskArgument() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object task) {
            PredlogBridge.attachContext(task);
        }
    }

    /** {@code ForkJoinTask}'s constructor: every task (CompletableFuture's async ones included) is created by the submitter. */
    static final class AttachNewTask {
        private AttachNewTask() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object task) {
            PredlogBridge.attachContext(task);
        }
    }

    /** {@code Thread}'s constructors (platform and virtual threads). */
    static final class AttachNewThread {
        private AttachNewThread() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Thread thread, @Advice.AllArguments Object[] arguments) {
            PredlogBridge.attachThread(thread, arguments);
        }
    }

    /** {@code Thread.run()}, {@code VirtualThread.run(Runnable)}, {@code ForkJoinTask.doExec()}: run with the carried request. */
    static final class RunWithAttached {
        private RunWithAttached() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object carrier) {
            return PredlogBridge.activateContext(carrier);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object previous) {
            PredlogBridge.restoreContext(previous);
        }
    }
}
