package io.predlog.agent.record;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What counting the calls in progress (for the exit's wait, {@link CallsInProgress}) adds to every recorded call:
 * one {@code begun} at enter and one {@code ended} when the events are offered. {@code oneThread} is a service
 * calling from one thread; {@code twoThreads} has both cores' threads counting into the same counter, where a
 * plain atomic counter would bounce its cache line between them.
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/classes org.openjdk.jmh.Main CallsInProgressBenchmark
 * </pre>
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CallsInProgressBenchmark {

    private final CallsInProgress calls = new CallsInProgress();

    /** A call's scope, one per benchmark thread as the recorder keeps one per application thread. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Call {
        final Scope scope = new Scope(null, null, "x.Model#predict", null, false, 0) {
        };
    }

    @Benchmark
    @Threads(1)
    public boolean oneThread(Call call) {
        calls.begun(call.scope);
        calls.ended(call.scope);
        return call.scope.counted;
    }

    @Benchmark
    @Threads(2)
    public boolean twoThreads(Call call) {
        calls.begun(call.scope);
        calls.ended(call.scope);
        return call.scope.counted;
    }
}
