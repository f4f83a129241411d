package io.predlog.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One predict call on a map of 18 features. {@link BenchmarkMain} runs it twice in one session, in a JVM
 * without the agent and in one with the agent instrumenting {@link FeatureModel#predict}, and prints the
 * difference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PredictBenchmark {

    private final FeatureModel model = new FeatureModel(Features.weights());
    private final Map<String, Object> features = Features.eighteen();

    @Benchmark
    public double predict() {
        return model.predict(features);
    }
}
