package io.predlog.benchmarks;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.CapturedOutput;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The capture on the application's thread by itself, without an agent or a call around it: what
 * {@code InputCapture.captureValue} (canonical hash, characteristics and features in one walk, the agent's default
 * settings), {@code captureOutput} (an output's hash, characteristics and features in one walk) and
 * {@code hashValue} (the hash alone, what an output cost before outputs were characterised) cost for the shapes a
 * model receives and returns. Only the package's public entry points are used.
 *
 * <ul>
 *   <li>{@code full}, {@code typical}: the maps of 18 features of {@link PredictBenchmark} ({@link Features}).</li>
 *   <li>{@code full-parsed}, {@code typical-parsed}: the same maps made anew for each call, as a request's parser
 *   makes them ({@link Features#asParsed}; the making is in the figure): values that are young objects.</li>
 *   <li>{@code object}: a plain object of 18 primitive fields (read by reflection).</li>
 *   <li>{@code record}: a record holding a string, a boxed double, a {@code List<Double>} of 16 and a nested map.</li>
 *   <li>{@code tensor}: a {@code float[2][384]} (a typed tensor: the header and raw little-endian bytes).</li>
 *   <li>{@code rows}: a {@code List} of 8 maps of 4 entries (nested maps, key orders remembered per depth).</li>
 *   <li>Outputs: {@code score} (a {@code Double}), {@code probabilities} (a {@code double[10]} softmax),
 *   {@code embedding} (a {@code float[384]}).</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/classes org.openjdk.jmh.Main CaptureBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CaptureBenchmark {

    @Param({"full", "typical", "full-parsed", "typical-parsed", "object", "record", "tensor", "rows", "score",
        "probabilities", "embedding"})
    public String input;

    private InputCapture capture;
    private Object value;
    /** Whether {@link #value} is a map made anew for each call ({@link Features#asParsed}). */
    private boolean parsed;

    /** Eighteen primitive fields, as a hand-written feature class holds them. */
    static final class Row {
        int age = 42;
        int tenureMonths = 18;
        double monthlyCharges = 79.85;
        double totalCharges = 1436.3;
        int numProducts = 3;
        int supportCalls = 1;
        int latePayments;
        long logins30d = 27;
        int sessions7d = 9;
        double avgSessionMin = 12.5;
        double discountPct = 0.15;
        int contractMonths = 12;
        int creditScore = 712;
        double incomeK = 85.4;
        short dependents = 2;
        byte devices = 3;
        int daysSinceUpgrade = 210;
        boolean premium = true;
    }

    /** A record with a string, a boxed number, a list of numbers and a nested map. */
    public record Request(String customer, Double amount, List<Double> history, Map<String, Object> context) {
    }

    @Setup
    public void setUp() {
        capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256));
        parsed = madeForEachCall(input);
        value = input(input);
    }

    /** Whether the input named {@code kind} is a map made anew for each call from {@link #input}'s: {@code -parsed}. */
    static boolean madeForEachCall(String kind) {
        return kind.endsWith("-parsed");
    }

    @SuppressWarnings("unchecked")
    private Object value() {
        return parsed ? Features.asParsed((Map<String, Object>) value) : value;
    }

    /**
     * The value named {@code kind}, one of the {@code input} parameters; for a {@code -parsed} one, the map that
     * {@link Features#asParsed} copies for each call.
     */
    static Object input(String kind) {
        return switch (kind) {
            case "full", "typical" -> Features.of(kind);
            case "full-parsed", "typical-parsed" -> Features.of(kind.substring(0, kind.indexOf('-')));
            case "object" -> new Row();
            case "record" -> {
                List<Double> history = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    history.add(i * 1.25);
                }
                yield new Request("c-1029", 129.99, history, Map.of("channel", "web", "attempt", 2));
            }
            case "tensor" -> {
                float[][] t = new float[2][384];
                for (int i = 0; i < 384; i++) {
                    t[0][i] = i / 384f;
                    t[1][i] = -i / 7f;
                }
                yield t;
            }
            case "rows" -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    rows.add(Map.of("id", i, "score", i * 0.5, "label", "r" + i, "ok", i % 2 == 0));
                }
                yield rows;
            }
            case "score" -> 0.8731;
            case "probabilities" -> {
                double[] p = new double[10];
                double sum = 0;
                for (int i = 0; i < p.length; i++) {
                    p[i] = Math.exp(Math.sin(i * 1.7));
                    sum += p[i];
                }
                for (int i = 0; i < p.length; i++) {
                    p[i] /= sum;
                }
                yield p;
            }
            case "embedding" -> {
                float[] e = new float[384];
                for (int i = 0; i < e.length; i++) {
                    e[i] = (float) Math.cos(i * 0.37) / 20;
                }
                yield e;
            }
            default -> throw new IllegalArgumentException("unknown input: " + kind);
        };
    }

    /** The input of one predict call: hash, characteristics and features. */
    @Benchmark
    public CapturedInput captureInput() {
        return capture.captureValue(value());
    }

    /** The value as an output is captured: hash, characteristics and features (named {@code output…}). */
    @Benchmark
    public CapturedOutput captureOutput() {
        return capture.captureOutput(value());
    }

    /** The value hashed alone, no characteristics or features: an output with {@code predlog.output.enabled=false}. */
    @Benchmark
    public HashResult hashOnly() {
        return capture.hashValue(value());
    }
}
