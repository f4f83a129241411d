package io.predlog.benchmarks;

import io.predlog.agent.inflight.InflightTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the in-flight record adds to a recorded call: {@code begin} (take a slot, write the
 * call's fields into the mapped file, publish) plus {@code end} (free it), with the strings of a typical call.
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/classes org.openjdk.jmh.Main InflightBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InflightBenchmark {

    private static final String REQUEST_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TARGET = "fraud";
    private static final String METHOD = "io.predlog.benchmarks.FeatureModel#predict";
    private static final String THREAD = "http-nio-8080-exec-7";

    private Path file;
    private InflightTable table;

    @Setup
    public void open() throws Exception {
        file = Files.createTempFile("inflight-bench", ".bin");
        table = InflightTable.create(file, 1024, ProcessHandle.current().pid(), -1);
    }

    @TearDown
    public void close() throws Exception {
        table.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    @Threads(1)
    public int beginEnd() {
        int slot = table.begin(InflightTable.PREDICT, 1_764_000_000_000L, REQUEST_ID, TARGET, METHOD, "fraud-v2",
                "2026-11-01", 0x0123456789abcdefL, InflightTable.flags(false, false), 620, THREAD);
        table.end(slot);
        return slot;
    }

    @Benchmark
    @Threads(2)
    public int beginEndTwoThreads() {
        return beginEnd();
    }
}
