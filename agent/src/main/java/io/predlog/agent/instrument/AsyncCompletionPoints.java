package io.predlog.agent.instrument;

import io.predlog.agent.bootstrap.PredlogBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;

import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Weaves {@code FutureTask}'s completion point ({@code finishCompletion()}, reached when it is set, fails or is
 * cancelled) so that a target returning a {@code FutureTask} is recorded when it completes
 * ({@code record.AsyncCompletions}). {@code CompletionStage}s need no weaving: they are observed through their
 * own API.
 */
public final class AsyncCompletionPoints {

    private static final String FUTURE_TASK = "java.util.concurrent.FutureTask";
    /** The classes woven here, by name. */
    static final Set<String> TYPES = Set.of(FUTURE_TASK);

    private AsyncCompletionPoints() {
    }

    /** Adds {@code FutureTask} to what is woven into the JDK's classes, by class name ({@link JdkInstrumentation}). */
    static void weave(Map<String, UnaryOperator<DynamicType.Builder<?>>> weaves) {
        Advice completed = Advice.to(AdviceTypes.of(FutureCompleted.class), AdviceTypes.LOCATOR);
        weaves.put(FUTURE_TASK, builder -> builder
                .visit(completed.on(named("finishCompletion").and(takesArguments(0)))));
    }

    /** Inlined at the end of {@code FutureTask.finishCompletion()}. */
    static final class FutureCompleted {
        private FutureCompleted() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object future) {
            PredlogBridge.futureDone(future);
        }
    }
}
