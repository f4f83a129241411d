package io.predlog.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunnableCallReplacementTest {

    /** Stands in for the bridge: records the tasks it is given, then runs them. */
    public static final class Hook {
        public static final List<String> CALLS = new ArrayList<>();

        public static void runTask(Runnable task) {
            CALLS.add("hook");
            task.run();
        }

        public static void wrongShape(Runnable task, int extra) {
        }
    }

    /** What the test calls on the woven class, which its own class loader defines. */
    public interface Work {
        void runWorker(Runnable first, Runnable second);

        void elsewhere(Runnable task);

        void threadRun(Thread thread);
    }

    /** A stand-in for {@code ThreadPoolExecutor}: a loop that runs tasks, and other calls of {@code run}. */
    public static class Worker implements Work {
        @Override
        public void runWorker(Runnable first, Runnable second) {
            first.run();
            Hook.CALLS.add("between");
            second.run();
        }

        @Override
        public void elsewhere(Runnable task) {
            task.run();
        }

        @Override
        public void threadRun(Thread thread) {
            thread.run(); // invokevirtual Thread.run: not a Runnable interface call
        }
    }

    @BeforeEach
    void clear() {
        Hook.CALLS.clear();
    }

    private static Work woven() throws Exception {
        Class<?> type = new ByteBuddy().redefine(Worker.class)
                .visit(RunnableCallReplacement.replacing(named("runWorker").or(named("threadRun")),
                        Type.getInternalName(Hook.class), "runTask", "(Ljava/lang/Runnable;)V"))
                .make()
                .load(new ClassLoader(Worker.class.getClassLoader()) { }, ClassLoadingStrategy.Default.CHILD_FIRST)
                .getLoaded();
        return (Work) type.getConstructor().newInstance();
    }

    @Test
    void eachRunnableRunCallInTheMatchedMethodGoesThroughTheHookWhichGetsTheTask() throws Exception {
        woven().runWorker(() -> Hook.CALLS.add("first"), () -> Hook.CALLS.add("second"));
        assertEquals(List.of("hook", "first", "between", "hook", "second"), Hook.CALLS);
    }

    @Test
    void otherMethodsAndOtherRunMethodsAreLeftAlone() throws Exception {
        Work worker = woven();
        worker.elsewhere(() -> Hook.CALLS.add("task"));
        worker.threadRun(new Thread(() -> Hook.CALLS.add("thread")));
        assertEquals(List.of("task", "thread"), Hook.CALLS);
    }

    @Test
    void aReplacementOfAnotherShapeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunnableCallReplacement.replacing(named("runWorker"), Type.getInternalName(Hook.class),
                        "wrongShape", "(Ljava/lang/Runnable;I)V"));
        assertEquals("not a static void method of one Runnable: (Ljava/lang/Runnable;I)V", e.getMessage());
    }
}
