package io.predlog.agent.instrument;

import io.predlog.agent.bootstrap.PredlogBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;

import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Where the JDK hands work from one thread to another, and what predlog weaves there so that a request's id
 * follows its work: the id current at submission is attached to the task (or the new thread) and made
 * current while it runs, then removed.
 *
 * <table>
 *   <caption>hand-off points</caption>
 *   <tr><th>class</th><th>attach (submitting thread)</th><th>activate (running thread)</th></tr>
 *   <tr><td>{@code ThreadPoolExecutor}</td><td>{@code execute(Runnable)}</td>
 *       <td>{@code runWorker}: each {@code task.run()} becomes {@link PredlogBridge#runTask}</td></tr>
 *   <tr><td>{@code ScheduledThreadPoolExecutor}</td><td>{@code delayedExecute(task)}</td><td>as above</td></tr>
 *   <tr><td>{@code ForkJoinTask} (ForkJoinPool, CompletableFuture's *Async on the common pool, parallel
 *       streams)</td><td>constructor</td><td>{@code doExec()}</td></tr>
 *   <tr><td>{@code Thread} (platform; CompletableFuture's thread-per-task fallback)</td><td>constructors</td>
 *       <td>{@code run()}</td></tr>
 *   <tr><td>{@code VirtualThread} (JDK 21+)</td><td>{@code Thread} constructors</td><td>{@code run(Runnable)}</td></tr>
 * </table>
 *
 * <p>These classes are loaded before the agent starts, so they are retransformed ({@link JdkInstrumentation});
 * no class format changes.
 * Tasks are never wrapped: the application's executors see and return its own objects.
 */
public final class ThreadHandOffs {

    private static final String THREAD = "java.lang.Thread";
    private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";
    private static final String POOL = "java.util.concurrent.ThreadPoolExecutor";
    private static final String SCHEDULED_POOL = "java.util.concurrent.ScheduledThreadPoolExecutor";
    private static final String FORK_JOIN_TASK = "java.util.concurrent.ForkJoinTask";
    /** The classes woven here, by name. */
    static final Set<String> TYPES = Set.of(THREAD, VIRTUAL_THREAD, POOL, SCHEDULED_POOL, FORK_JOIN_TASK);

    private ThreadHandOffs() {
    }

    /** Adds the hand-off points to what is woven into the JDK's classes, by class name ({@link JdkInstrumentation}). */
    static void weave(Map<String, UnaryOperator<DynamicType.Builder<?>>> weaves) {
        ClassFileLocator locator = AdviceTypes.LOCATOR;
        Advice attachArgument = Advice.to(AdviceTypes.of(HandOffAdvice.AttachTaskArgument.class), locator);
        Advice attachTask = Advice.to(AdviceTypes.of(HandOffAdvice.AttachNewTask.class), locator);
        Advice attachThread = Advice.to(AdviceTypes.of(HandOffAdvice.AttachNewThread.class), locator);
        Advice runWithAttached = Advice.to(AdviceTypes.of(HandOffAdvice.RunWithAttached.class), locator);
        AsmVisitorWrapper runTask = RunnableCallReplacement.withRunTask(named("runWorker"));

        weaves.put(THREAD, builder -> builder
                .visit(attachThread.on(isConstructor()))
                .visit(runWithAttached.on(named("run").and(takesArguments(0)))));
        weaves.put(VIRTUAL_THREAD, builder -> builder
                .visit(runWithAttached.on(named("run").and(takesArguments(1)).and(takesArgument(0, Runnable.class)))));
        weaves.put(POOL, builder -> builder
                .visit(attachArgument.on(named("execute").and(takesArguments(Runnable.class))))
                .visit(runTask));
        weaves.put(SCHEDULED_POOL, builder -> builder
                .visit(attachArgument.on(named("delayedExecute").and(takesArguments(1)))));
        weaves.put(FORK_JOIN_TASK, builder -> builder
                .visit(attachTask.on(isConstructor()))
                .visit(runWithAttached.on(named("doExec").and(takesArguments(0)))));
    }
}
