package io.predlog.benchmarks;

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.langchain4j.data.embedding.Embedding;
import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.FeatureSettings;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What reading an ML library's value costs the capture, against the Java array it holds: a 384-float embedding
 * (one row, {@code [1, 384]}) as a {@code float[1][384]} ({@code array}; {@code fresh}: a new copy of it for every
 * call, made inside the measured call as a library's accessor makes it), an ONNX Runtime {@code OnnxTensor}
 * ({@code onnx}), a DJL {@code NDArray} on its ONNX Runtime engine ({@code djl}), and a langchain4j {@code Embedding}
 * of 384 ({@code embedding}, against {@code vector}, the {@code float[384]} itself). {@code InputCapture.captureValue}
 * (hash, characteristics, features, the agent's default settings) and {@code hashValue} (an output). Run with
 * {@code -prof gc}: the bytes allocated per call show how often the tensor is copied (384 floats are 1,552 bytes).
 *
 * <pre>
 * java -cp "benchmarks/target/predlog-benchmarks.jar:agent/target/classes:benchmarks/target/ml-libs/*" \
 *      org.openjdk.jmh.Main LibraryTypeBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LibraryTypeBenchmark {

    @Param({"array", "fresh", "onnx", "djl", "vector", "embedding"})
    public String input;

    private InputCapture capture;
    private Object value;
    private AutoCloseable resource;

    @Setup
    public void setUp() throws Exception {
        capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256));
        float[] row = new float[384];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) random.nextGaussian();
        }
        float[][] rows = {row};
        switch (input) {
            case "array", "fresh" -> value = rows;
            case "onnx" -> {
                OnnxTensor t = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), rows);
                resource = t;
                value = t;
            }
            case "djl" -> {
                NDManager manager = NDManager.newBaseManager("OnnxRuntime");
                resource = manager;
                value = manager.create(rows);
            }
            case "vector" -> value = row;
            case "embedding" -> value = Embedding.from(row);
            default -> throw new IllegalArgumentException("unknown input '" + input + "'");
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        if (resource != null) {
            resource.close();
        }
    }

    @Benchmark
    public CapturedInput captureInput() {
        return capture.captureValue(input.equals("fresh") ? copy((float[][]) value) : value);
    }

    @Benchmark
    public HashResult hashOnly() {
        return capture.hashValue(input.equals("fresh") ? copy((float[][]) value) : value);
    }

    private static float[][] copy(float[][] rows) {
        float[][] c = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i].clone();
        }
        return c;
    }
}
