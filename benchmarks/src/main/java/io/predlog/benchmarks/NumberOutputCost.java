package io.predlog.benchmarks;

import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.FeatureSettings;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.capture.NumberHash;
import io.predlog.agent.capture.OutputSettings;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What the application's thread pays for an output that is a {@code double} (a model's score), with the hash made by
 * the capture and with it left to the encoder, and what the encoder then pays for it: short batches of the three
 * alternate in one JVM, their order rotating every round, so that a shared machine's load falls on all alike. The
 * defaults' capture (statistics on: the number is also the feature {@code output}). Prints the 10th percentile (the
 * cost when the thread was not preempted) and the median ns per call of each, and the median of the per-round
 * differences from the first.
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/classes io.predlog.benchmarks.NumberOutputCost [rounds]
 * </pre>
 */
public final class NumberOutputCost {

    private static final long BATCH_NANOS = 2_000_000;
    private static final String[] NAMES = {"hashed by the capture", "left to the encoder", "the encoder's hash"};

    /** Folded results, so the calls cannot be optimised away. */
    public static volatile long sink;

    private NumberOutputCost() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        FeatureSettings features = new FeatureSettings(64, 256);
        InputCapture hashing = new InputCapture(HashSettings.defaults(), true, features, OutputSettings.DEFAULTS);
        InputCapture leaving = new InputCapture(HashSettings.defaults(), true, features, OutputSettings.DEFAULTS,
                List.of(), () -> true);
        NumberHash encoderHash = new NumberHash(HashSettings.defaults());
        double[] scores = new SplittableRandom(3).doubles(1024).toArray();
        int n = 1_000;
        for (int warm = 0; warm < 60; warm++) { // warm up, and size the batch to about BATCH_NANOS
            long t = Math.max(run(0, hashing, leaving, encoderHash, scores, n),
                    run(1, hashing, leaving, encoderHash, scores, n));
            n = (int) Math.max(100, Math.min(1_000_000, n * (double) BATCH_NANOS / t));
        }
        double[][] ns = new double[NAMES.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < NAMES.length; k++) {
                int mode = (k + r) % NAMES.length;
                ns[mode][r] = run(mode, hashing, leaving, encoderHash, scores, n) / (double) n;
            }
        }
        System.out.printf("%d cores, %s %s; %d rounds of %d calls per mode%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), rounds, n);
        System.out.printf("%-24s %18s %22s%n", "a double output", "ns p10 / p50", "minus the first, p50");
        for (int m = 0; m < NAMES.length; m++) {
            double[] diff = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                diff[r] = ns[m][r] - ns[0][r];
            }
            System.out.printf("%-24s %8.1f /%8.1f %22s%n", NAMES[m], OutputCaptureCost.percentile(ns[m], 10),
                    OutputCaptureCost.percentile(ns[m], 50),
                    m == 0 ? "" : String.format("%.1f", OutputCaptureCost.percentile(diff, 50)));
        }
    }

    /** Elapsed nanoseconds of {@code n} calls of {@code mode} ({@link #NAMES}). */
    private static long run(int mode, InputCapture hashing, InputCapture leaving, NumberHash encoderHash,
                            double[] scores, int n) {
        CapturedOutput holder = new CapturedOutput();
        long folded = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            double score = scores[i & 1023];
            if (mode == 2) {
                folded += encoderHash.prefix(score, false);
                continue;
            }
            CapturedOutput output = (mode == 0 ? hashing : leaving).captureOutputNumber(score, false, holder);
            folded += output.hashPrefix() + output.features().size();
            output.features().release(); // as the statistics thread gives the storage back
            holder.clear();
        }
        long elapsed = System.nanoTime() - start;
        sink = folded;
        return elapsed;
    }
}
