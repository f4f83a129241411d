package io.predlog.agent.record;

import java.util.ArrayList;
import java.util.List;

/**
 * Static initialisers that the first construction of a load target's class runs, counted in that load
 * (docs/CONFIGURATION.md, "Which calls a target records").
 *
 * <p>The JVM initialises a class when {@code new} first meets it, before the constructor is called: the
 * constructor's advice starts too late to see it. So the static initialiser of each class whose constructors a load
 * target instruments is observed too. When it has run on a thread, its {@link Run} (when it started, the memory
 * then, and the frame that caused it) waits on that thread for the next constructor of a load target. That
 * constructor takes it when it is called from the very frame that caused the initialisation (same method, same
 * depth of the stack): a {@code new} whose class was not initialised yet. An initialisation caused elsewhere —
 * {@code Class.forName}, a static method or field used from another frame, another thread — is dropped. One case
 * is counted that is not a {@code new}: a static member used in the same method just before it constructs the
 * class; that initialisation was then part of the work leading to the construction.
 *
 * <p>The stack is walked once when a class initialises and once when a construction finds a run waiting: a
 * class initialises once, so that is once per class.
 */
final class ClassInitRuns {

    /** Runs kept per thread at most; initialisations nested deeper than this are not counted. */
    private static final int MAX_WAITING = 8;
    private static final StackWalker WALKER = StackWalker.getInstance();

    /**
     * A static initialiser that is running or ran.
     *
     * @param className      the class initialised
     * @param callerClass    the frame that caused it: class name
     * @param callerMethod   its method name
     * @param callerDepth    its depth, counted from the bottom of the stack
     */
    record Run(String className, String callerClass, String callerMethod, int callerDepth, long startEpochMillis,
               long startNanos, LoadMemory memoryBefore) {
    }

    private final ThreadLocal<List<Run>> waiting = new ThreadLocal<>();

    /** A static initialiser starts: the frame that caused it, and the clock and memory before it. */
    Run begin(String method) {
        String className = className(method);
        Frame caller = callerOf(className, "<clinit>");
        return new Run(className, caller == null ? null : caller.className, caller == null ? null : caller.method,
                caller == null ? -1 : caller.depth, System.currentTimeMillis(), System.nanoTime(), LoadMemory.now());
    }

    /** It returned: the run waits for the construction it may belong to. (One that threw is forgotten.) */
    void ran(Run run) {
        if (run.callerClass == null) {
            return;
        }
        List<Run> runs = waiting.get();
        if (runs == null) {
            runs = new ArrayList<>(2);
            waiting.set(runs);
        }
        if (runs.size() < MAX_WAITING) {
            runs.add(run);
        }
    }

    /**
     * A load target's construction starts on this thread: the earliest waiting run that this construction caused,
     * or null. Every waiting run is dropped: a later construction cannot have caused them.
     *
     * @param method {@code Class#<init>} of the constructor being entered
     */
    Run takeFor(String method) {
        List<Run> runs = waiting.get();
        if (runs == null) {
            return null;
        }
        waiting.remove();
        Frame caller = callerOf(className(method), "<init>");
        if (caller == null) {
            return null;
        }
        Run earliest = null;
        for (Run run : runs) {
            if (caller.depth == run.callerDepth && caller.method.equals(run.callerMethod)
                    && caller.className.equals(run.callerClass)
                    && (earliest == null || run.startNanos - earliest.startNanos < 0)) {
                earliest = run;
            }
        }
        return earliest;
    }

    private record Frame(String className, String method, int depth) {
    }

    /** The frame below the topmost frame of {@code className}'s {@code methodName}. */
    private static Frame callerOf(String className, String methodName) {
        return WALKER.walk(frames -> {
            List<StackWalker.StackFrame> all = frames.toList();
            for (int i = 0; i + 1 < all.size(); i++) {
                StackWalker.StackFrame frame = all.get(i);
                if (frame.getMethodName().equals(methodName) && frame.getClassName().equals(className)) {
                    StackWalker.StackFrame caller = all.get(i + 1);
                    return new Frame(caller.getClassName(), caller.getMethodName(), all.size() - (i + 1));
                }
            }
            return null;
        });
    }

    /** The class of {@code fully.qualified.Class#method}. */
    static String className(String method) {
        int hash = method.indexOf('#');
        return hash < 0 ? method : method.substring(0, hash);
    }
}
