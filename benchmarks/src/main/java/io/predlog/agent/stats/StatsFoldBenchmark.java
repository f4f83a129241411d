package io.predlog.agent.stats;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.FeatureSettings;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.drift.BaselineFiles;
import io.predlog.agent.drift.DriftSettings;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the statistics cost per predict call of an 18-feature {@code Map} of doubles, at the defaults (drift on, a
 * baseline learned from the first 5,000 calls):
 * <ul>
 *   <li>{@code fold}: the statistics thread's work for one call ({@code ModelWindow.observe}: histograms, counts,
 *       and every feature's exact figures and sketches);</li>
 *   <li>{@code handOffAndFold}: the application thread's hand-off ({@code StatsRecorder.prediction}: the model's
 *       cell, the record, the queue) and the statistics thread taking it, on one thread.</li>
 * </ul>
 * {@code repeated}: the same input every call (a tight loop over one row); {@code varied}: 4,096 inputs whose
 * features are drawn from normal, log-normal, uniform and small-integer distributions, so the sketches see
 * distinct values. Windows do not close during a run: each measures a long window's steady state.
 *
 * <p>{@link #main} measures the same work in thread CPU time, which a machine shared with other builds disturbs far
 * less than wall time: the first 600,000 calls of a fresh window (a short busy process), then 3,000,000 more (a
 * long busy window).
 *
 * <p>In the statistics package because what it measures is package-private. Run with the agent's classes and
 * their libraries on the class path, alternating two builds to compare them in one session:
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/classes:$(agent libraries) \
 *     org.openjdk.jmh.Main StatsFoldBenchmark -prof gc
 * java -cp (the same) io.predlog.agent.stats.StatsFoldBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StatsFoldBenchmark {

    static final int INPUTS = 4096;
    static final String[] NAMES = {"age", "tenure_months", "monthly_charges", "total_charges", "num_products",
        "support_calls", "late_payments", "logins_30d", "sessions_7d", "avg_session_min", "discount_pct",
        "contract_months", "credit_score", "income_k", "dependents", "devices", "days_since_upgrade", "nps"};

    @Param({"repeated", "varied"})
    public String input;

    private CapturedInput[] captured;
    private Observation[] observations;
    private ModelWindow window;
    private StatsRecorder recorder;
    private StatsThread thread;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        InputCapture capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256));
        StatsSettings settings = new StatsSettings(60_000, 65_536, 64, 64, 50, 256, Set.of());
        SplittableRandom random = new SplittableRandom(11);
        Map<String, Object> one = row(random);
        captured = new CapturedInput[INPUTS];
        observations = new Observation[INPUTS];
        ModelCell cell = new ModelCell(new StatsKey("score", "fraud", "1"));
        for (int i = 0; i < INPUTS; i++) {
            captured[i] = capture.captureValue(input.equals("repeated") ? one : row(random));
            observations[i] = new Observation();
            observations[i].set(cell, 40_000 + random.nextInt(20_000), null, captured[i].hash().size(), (byte) -1,
                    captured[i].features(), io.predlog.agent.capture.Features.NONE);
        }
        window = new ModelWindow(cell, settings, DriftSettings.defaults(), null, value -> value.hashCode(),
                StatsListener.NONE);
        recorder = new StatsRecorder(settings, StatsListener.NONE);
        thread = new StatsThread(recorder, DriftSettings.defaults(), BaselineFiles.NONE, capture, e -> { },
                () -> 1_790_000_010_000L);
    }

    /** One row: each feature from its own distribution, as a tabular model's input. */
    private static Map<String, Object> row(SplittableRandom r) {
        Map<String, Object> m = new HashMap<>();
        for (int f = 0; f < NAMES.length; f++) {
            double v = switch (f % 4) {
                case 0 -> 50 + 12 * gaussian(r);
                case 1 -> Math.exp(3 + 0.8 * gaussian(r));
                case 2 -> r.nextDouble();
                default -> r.nextInt(8);
            };
            m.put(NAMES[f], v);
        }
        return m;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Prints thread CPU nanoseconds per call: {@code <input> fold <first> <next> handOffAndFold <first> <next>}. */
    public static void main(String[] args) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (String kind : new String[] {"repeated", "varied"}) {
            StringBuilder line = new StringBuilder(kind);
            for (boolean handOff : new boolean[] {false, true}) {
                StatsFoldBenchmark warm = fresh(kind);
                run(warm, handOff, 600_000); // compiles the path
                StatsFoldBenchmark b = fresh(kind);
                long t0 = cpu.getCurrentThreadCpuTime();
                run(b, handOff, 600_000);
                long t1 = cpu.getCurrentThreadCpuTime();
                run(b, handOff, 3_000_000);
                long t2 = cpu.getCurrentThreadCpuTime();
                line.append(handOff ? " handOffAndFold " : " fold ").append((t1 - t0) / 600_000)
                        .append(' ').append((t2 - t1) / 3_000_000);
            }
            System.out.println(line);
        }
    }

    private static StatsFoldBenchmark fresh(String kind) {
        StatsFoldBenchmark b = new StatsFoldBenchmark();
        b.input = kind;
        b.setUp();
        return b;
    }

    private static void run(StatsFoldBenchmark b, boolean handOff, int calls) {
        for (int i = 0; i < calls; i++) {
            if (handOff) {
                b.handOffAndFold();
            } else {
                b.fold();
            }
        }
    }

    @Benchmark
    public void fold() {
        window.observe(observations[next++ & (INPUTS - 1)]);
    }

    @Benchmark
    public int handOffAndFold() {
        recorder.prediction("score", "fraud", "1", 50_000, null, captured[next++ & (INPUTS - 1)], null);
        return thread.drain(1);
    }
}
