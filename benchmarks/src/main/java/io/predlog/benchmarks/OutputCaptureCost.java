package io.predlog.benchmarks;

import io.predlog.agent.capture.FeatureSettings;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.capture.OutputSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What characterising an output adds to hashing it, measured so that a shared machine's load falls on both alike:
 * for each of {@link CaptureBenchmark}'s output shapes, short batches of three modes alternate in one JVM, their
 * order rotating every round: {@code hashValue} (an output hashed only, {@code predlog.output.enabled=false}),
 * {@code captureOutput} without statistics (hash and characteristics in one walk) and with them (hash,
 * characteristics and features, the default). Prints, per value and mode, the 10th percentile (the cost when the
 * thread was not preempted) and the median ns per call, and the median of the per-round differences from
 * {@code hashValue}.
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/classes io.predlog.benchmarks.OutputCaptureCost [rounds]
 * </pre>
 */
public final class OutputCaptureCost {

    private static final String[] VALUES = {"score", "probabilities", "embedding", "typical", "tensor"};
    private static final long BATCH_NANOS = 2_000_000;

    private OutputCaptureCost() {
    }

    /** Folded results, so the calls cannot be optimised away. */
    public static volatile long sink;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        InputCapture[] modes = {
            new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256), OutputSettings.HASH_ONLY),
            new InputCapture(HashSettings.defaults(), true),
            new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256))};
        String[] names = {"hashValue", "characterised", "+ features"};
        Map<String, Integer> batch = new HashMap<>();
        for (int warm = 0; warm < 40; warm++) { // warm up, and size each batch to about BATCH_NANOS
            for (String v : VALUES) {
                int n = batch.getOrDefault(v, 1_000);
                long t = 0;
                for (InputCapture mode : modes) {
                    t = Math.max(t, run(mode, v, n));
                }
                batch.put(v, (int) Math.max(100, Math.min(1_000_000, n * (double) BATCH_NANOS / t)));
            }
        }
        Map<String, List<double[]>> results = new HashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String v : VALUES) {
                int n = batch.get(v);
                double[] ns = new double[modes.length];
                for (int k = 0; k < modes.length; k++) {
                    int m = (k + r) % modes.length;
                    ns[m] = run(modes[m], v, n) / (double) n;
                }
                results.computeIfAbsent(v, key -> new ArrayList<>()).add(ns);
            }
        }
        System.out.printf("%d cores, %s %s; %d rounds of ~%.1f ms batches per mode and value%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), rounds, BATCH_NANOS / 1e6);
        System.out.printf("%-14s %-14s %18s %16s%n", "output", "mode", "ns p10 / p50", "added ns p50");
        for (String v : VALUES) {
            List<double[]> rows = results.get(v);
            for (int m = 0; m < modes.length; m++) {
                int mode = m;
                double[] ns = rows.stream().mapToDouble(x -> x[mode]).toArray();
                double[] added = rows.stream().mapToDouble(x -> x[mode] - x[0]).toArray();
                System.out.printf("%-14s %-14s %8.0f /%8.0f %16s%n", v, names[m], percentile(ns, 10),
                        percentile(ns, 50), m == 0 ? "" : String.format("%.0f", percentile(added, 50)));
            }
        }
    }

    /** Elapsed nanoseconds of {@code n} calls: {@code captureOutput}, or {@code hashValue} when outputs are hashed only. */
    private static long run(InputCapture capture, String kind, int n) {
        Object value = CaptureBenchmark.input(kind);
        boolean hashOnly = !capture.gathersOutputFeatures() && capture.featureSettings() != null;
        long folded = 0;
        long start = System.nanoTime();
        if (hashOnly) {
            for (int i = 0; i < n; i++) {
                folded += capture.hashValue(value).prefix();
            }
        } else {
            for (int i = 0; i < n; i++) {
                folded += capture.captureOutput(value).hash().prefix();
            }
        }
        long elapsed = System.nanoTime() - start;
        sink = folded;
        return elapsed;
    }

    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.round((sorted.length - 1) * p / 100.0)];
    }
}
