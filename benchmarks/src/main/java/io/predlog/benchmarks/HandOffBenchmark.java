package io.predlog.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A request handing one task to a pool and waiting for it: what carrying the request id across the hand-off
 * costs. {@link BenchmarkMain} runs it without the agent, with the agent and propagation off
 * ({@code predlog.context.threads=false}), and with it on; {@link #handle} is an entry target, so each
 * operation is one request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HandOffBenchmark {

    private ExecutorService pool;

    @Setup(Level.Trial)
    public void start() {
        pool = Executors.newFixedThreadPool(1);
    }

    @TearDown(Level.Trial)
    public void stop() {
        pool.shutdownNow();
    }

    /** The entry target: a request whose work runs on the pool. */
    public static int handle(ExecutorService pool, int x) throws Exception {
        return pool.submit(() -> x + 1).get();
    }

    /** The same through {@code CompletableFuture.supplyAsync} on the pool. */
    public static int handleAsync(ExecutorService pool, int x) {
        return CompletableFuture.supplyAsync(() -> x + 1, pool).join();
    }

    @Benchmark
    public int executorSubmit() throws Exception {
        return handle(pool, 1);
    }

    @Benchmark
    public int completableFutureAsync() {
        return handleAsync(pool, 1);
    }
}
