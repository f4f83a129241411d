package io.predlog.benchmarks;

import io.predlog.agent.context.RequestContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What "one call, one event" adds to every recorded call: the recorder already takes the thread's
 * {@link RequestContext} once per enter and once per exit; the rule adds marking the target as in progress on
 * enter (and refusing a nested call of it) and unmarking it on exit. {@code contextOnly} is the lookups the
 * recorder made before; {@code outermostCheck} adds the mark and the unmark; the difference is the rule's cost.
 * {@code nestedRefused} is a nested call of the same target, refused at once.
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/classes org.openjdk.jmh.Main OutermostCallBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class OutermostCallBenchmark {

    private static final int TARGET = 3;

    @Benchmark
    public boolean contextOnly() {
        RequestContext enter = RequestContext.current();
        RequestContext exit = RequestContext.current();
        return enter.active() | exit.active();
    }

    @Benchmark
    public boolean outermostCheck() {
        RequestContext enter = RequestContext.current();
        boolean outermost = enter.enterTarget(TARGET);
        RequestContext exit = RequestContext.current();
        if (outermost) {
            exit.leaveTarget(TARGET);
        }
        return outermost;
    }

    @Benchmark
    public boolean nestedRefused(Outer outer) {
        return RequestContext.current().enterTarget(TARGET);
    }

    /** A call of the target in progress on the benchmark thread. */
    @State(Scope.Thread)
    public static class Outer {
        public Outer() {
            RequestContext.current().enterTarget(TARGET);
        }
    }
}
