package io.predlog.benchmarks;

import io.predlog.agent.capture.HashResult;
import io.predlog.agent.novelty.NoveltyFilters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What {@code input_seen_before} adds to a recorded call: {@link NoveltyFilters#seenBefore} on the
 * application's thread, at the default sizing (capacity 1,000,000, fpp 1 %: two generations of 1.26 MB, eight bits
 * an input in one 64-byte block). {@code repeated}: an input the model was given before (reads only); {@code fresh}:
 * a new input each call (sets up to 8 bits by CAS, and rotates a generation every million calls).
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/classes org.openjdk.jmh.Main NoveltyBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NoveltyBenchmark {

    /** Distinct inputs the repeated calls cycle through: from cache-resident to spread over the whole filter. */
    @Param({"1000", "1000000"})
    public int working;

    private NoveltyFilters filters;
    private HashResult[] repeated;

    @Setup(Level.Trial)
    public void fill() {
        filters = new NoveltyFilters(1_000_000, 0.01, 32, null, null);
        SplittableRandom random = new SplittableRandom(7);
        repeated = new HashResult[working];
        for (int i = 0; i < working; i++) {
            repeated[i] = new HashResult(random.nextLong(), 620, false, false);
            filters.seenBefore("fraud-v2", repeated[i]);
        }
    }

    /** Per-thread call position and the source of fresh hashes. */
    @State(Scope.Thread)
    public static class Caller {
        int next;
        final SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
    }

    @Benchmark
    @Threads(1)
    public Boolean repeated(Caller caller) {
        HashResult hash = repeated[caller.next];
        caller.next = caller.next + 1 == repeated.length ? 0 : caller.next + 1;
        return filters.seenBefore("fraud-v2", hash);
    }

    @Benchmark
    @Threads(1)
    public Boolean fresh(Caller caller) {
        return filters.seenBefore("fraud-v2", new HashResult(caller.random.nextLong(), 620, false, false));
    }

    @Benchmark
    @Threads(2)
    public Boolean freshTwoThreads(Caller caller) {
        return fresh(caller);
    }
}
