package io.predlog.benchmarks;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.DMatrixData;
import io.predlog.agent.capture.FeatureSettings;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the model libraries' adapters cost on the application's thread (docs/HASHING.md, "Model libraries' types"),
 * with the real XGBoost4J and Tribuo classes, and what they are compared with:
 * <ul>
 *   <li>{@code dmatrixSeen}: {@code captureValue} of a 1,000 × 10 {@code DMatrix} whose data was seen when it was
 *       built (one identity lookup, the digest made then, the characteristics from its statistics);</li>
 *   <li>{@code dmatrixUnseen}: the same matrix, its data not seen ({@code rowNum()}, a native call, and
 *       {@code {"rows":1000}});</li>
 *   <li>{@code floatRows}: {@code captureValue} of the {@code float[1000][10]} of the same data (what the
 *       digest at build time costs, once per matrix, plus what a call of a tensor input costs);</li>
 *   <li>{@code buildDMatrix} and {@code buildDMatrixObserved}: {@code new DMatrix(float[10000], 1000, 10, NaN)}
 *       and {@code dispose()}, without and with what the woven constructor adds ({@code DMatrixData.built});</li>
 *   <li>{@code tribuoExample} and {@code featureMap}: an {@code ArrayExample} of 18 features, and the
 *       {@code HashMap} of the same 18 features, which hashes the same.</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/classes org.openjdk.jmh.Main ModelInputBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ModelInputBenchmark {

    static final int ROWS = 1000;
    static final int COLS = 10;

    private InputCapture capture;
    private DMatrixData observer;
    private float[] data;
    private float[][] rows;
    private DMatrix seen;
    private DMatrix unseen;
    private ArrayExample<Label> example;
    private Map<String, Double> featureMap;

    @Setup(Level.Trial)
    public void setUp() throws XGBoostError {
        capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256));
        observer = new DMatrixData(HashSettings.defaults());
        data = new float[ROWS * COLS];
        rows = new float[ROWS][COLS];
        java.util.Random random = new java.util.Random(3);
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                float v = random.nextFloat() * 100 - 50;
                data[r * COLS + c] = v;
                rows[r][c] = v;
            }
        }
        seen = new DMatrix(data, ROWS, COLS, Float.NaN);
        observer.built(seen, new Object[] {data, ROWS, COLS, Float.NaN});
        unseen = new DMatrix(data, ROWS, COLS, Float.NaN);
        Map<String, Object> row = Features.of("typical");
        String[] names = new String[row.size()];
        double[] values = new double[row.size()];
        featureMap = new HashMap<>();
        int i = 0;
        for (Map.Entry<String, Object> e : row.entrySet()) {
            double v = e.getValue() instanceof Number n ? n.doubleValue() : i;
            names[i] = e.getKey();
            values[i++] = v;
            featureMap.put(e.getKey(), v);
        }
        example = new ArrayExample<>(new Label("unknown"), names, values);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        seen.dispose();
        unseen.dispose();
    }

    @Benchmark
    public CapturedInput dmatrixSeen() {
        return capture.captureValue(seen);
    }

    @Benchmark
    public CapturedInput dmatrixUnseen() {
        return capture.captureValue(unseen);
    }

    @Benchmark
    public CapturedInput floatRows() {
        return capture.captureValue(rows);
    }

    @Benchmark
    public long buildDMatrix() throws XGBoostError {
        DMatrix m = new DMatrix(data, ROWS, COLS, Float.NaN);
        long handle = m.getHandle();
        m.dispose();
        return handle;
    }

    @Benchmark
    public long buildDMatrixObserved() throws XGBoostError {
        DMatrix m = new DMatrix(data, ROWS, COLS, Float.NaN);
        observer.built(m, new Object[] {data, ROWS, COLS, Float.NaN});
        long handle = m.getHandle();
        m.dispose();
        return handle;
    }

    @Benchmark
    public CapturedInput tribuoExample() {
        return capture.captureValue(example);
    }

    @Benchmark
    public CapturedInput featureMap() {
        return capture.captureValue(featureMap);
    }
}
