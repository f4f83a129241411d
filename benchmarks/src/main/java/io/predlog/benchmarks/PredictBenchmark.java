package io.predlog.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One predict call on a map of 18 features, for each kind of input in {@link Features}. {@link BenchmarkMain} runs it twice in one session, in a JVM
 * without the agent and in one with the agent instrumenting {@link FeatureModel#predict}, and prints the
 * difference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PredictBenchmark {

    /** Which input: {@code full} (18 full-precision doubles) or {@code typical} (see {@link Features}). */
    @Param({"full", "typical"})
    public String input;

    private final FeatureModel model = new FeatureModel(Features.weights());
    private Map<String, Object> features;

    @Setup
    public void setUp() {
        features = Features.of(input);
    }

    @Benchmark
    public double predict() {
        return model.predict(features);
    }
}
