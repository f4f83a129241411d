package io.predlog.benchmarks;

import io.predlog.agent.capture.FeatureSettings;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * {@link CaptureBenchmark}'s inputs on two builds of the agent's classes in one JVM, side by side: each build is
 * loaded by its own class loader, and short batches of the two alternate (the first of each pair swapping every
 * round), so that the load of a shared machine falls on both alike. Prints, per input, the 10th percentile (the
 * cost when the thread was not preempted) and the median ns per call of each, and the median of the per-round
 * ratios. All inputs run through the same call sites in one JVM, as in an
 * application that captures several input shapes (JMH's forks, one per input, see one shape each).
 *
 * <pre>
 * java -cp benchmarks/target/predlog-benchmarks.jar io.predlog.benchmarks.CaptureSideBySide \
 *      before-classes.jar after-classes.jar [rounds]
 * </pre>
 * where each jar holds a build's {@code agent/target/classes} ({@code jar cf before-classes.jar -C agent/target/classes .}).
 */
public final class CaptureSideBySide {

    private static final String[] INPUTS = {"full", "typical", "object", "record", "tensor", "rows"};
    private static final String[] MODES = {"captureInput", "hashOnly"};
    private static final long BATCH_NANOS = 2_000_000;

    private CaptureSideBySide() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: CaptureSideBySide <before-classes.jar> <after-classes.jar> [rounds]");
        }
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        ToLongFunction<Object[]> before = driver(Path.of(args[0]));
        ToLongFunction<Object[]> after = driver(Path.of(args[1]));
        Map<String, Integer> batch = new HashMap<>();
        for (int warm = 0; warm < 40; warm++) { // warm both up, and size each batch to about BATCH_NANOS
            for (String input : INPUTS) {
                for (String mode : MODES) {
                    int n = batch.getOrDefault(input + mode, 1_000);
                    long t = before.applyAsLong(new Object[] {input, mode, n});
                    after.applyAsLong(new Object[] {input, mode, n});
                    batch.put(input + mode, (int) Math.max(100, Math.min(1_000_000, n * (double) BATCH_NANOS / t)));
                }
            }
        }
        Map<String, List<double[]>> results = new HashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String input : INPUTS) {
                for (String mode : MODES) {
                    int n = batch.get(input + mode);
                    Object[] call = {input, mode, n};
                    double b;
                    double a;
                    if (r % 2 == 0) {
                        b = before.applyAsLong(call) / (double) n;
                        a = after.applyAsLong(call) / (double) n;
                    } else {
                        a = after.applyAsLong(call) / (double) n;
                        b = before.applyAsLong(call) / (double) n;
                    }
                    results.computeIfAbsent(input + " " + mode, k -> new ArrayList<>()).add(new double[] {b, a});
                }
            }
        }
        System.out.printf("%d cores, %s %s; %d rounds of ~%.1f ms batches per build and case%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), rounds, BATCH_NANOS / 1e6);
        System.out.printf("%-22s %19s %19s %14s %16s%n", "case", "before ns p10/p50", "after ns p10/p50",
                "after/before", "ratio p25-p75");
        for (String mode : MODES) {
            for (String input : INPUTS) {
                List<double[]> rows = results.get(input + " " + mode);
                double[] b = rows.stream().mapToDouble(x -> x[0]).toArray();
                double[] a = rows.stream().mapToDouble(x -> x[1]).toArray();
                double[] ratio = rows.stream().mapToDouble(x -> x[1] / x[0]).toArray();
                System.out.printf("%-22s %9.0f /%8.0f %9.0f /%8.0f %14.3f %10.3f-%.3f%n", input + " " + mode,
                        percentile(b, 10), percentile(b, 50), percentile(a, 10), percentile(a, 50),
                        percentile(ratio, 50), percentile(ratio, 25), percentile(ratio, 75));
            }
        }
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.round((sorted.length - 1) * p / 100.0)];
    }

    @SuppressWarnings("unchecked")
    private static ToLongFunction<Object[]> driver(Path agentClasses) throws Exception {
        if (!Files.isRegularFile(agentClasses)) {
            throw new IllegalArgumentException("no such jar: " + agentClasses);
        }
        URL self = CaptureSideBySide.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader loader = new ChildFirst(new URL[] {agentClasses.toUri().toURL(), self});
        return (ToLongFunction<Object[]>) loader.loadClass(Driver.class.getName()).getConstructor().newInstance();
    }

    /** Loads the agent's classes and this module's own from its URLs first: one copy of each per build. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] urls) {
            super(urls, CaptureSideBySide.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.predlog.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    /** Runs one batch in its build's loader: {input, mode, calls} to elapsed nanoseconds. */
    public static final class Driver implements ToLongFunction<Object[]> {
        private final InputCapture capture = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256));
        private final Map<String, Object> values = new HashMap<>();
        /** Folded results, so the calls cannot be optimised away. */
        public volatile long sink;

        @Override
        public long applyAsLong(Object[] call) {
            Object value = values.computeIfAbsent((String) call[0], CaptureBenchmark::input);
            boolean hashOnly = call[1].equals("hashOnly");
            int n = (Integer) call[2];
            long folded = 0;
            long start = System.nanoTime();
            if (hashOnly) {
                for (int i = 0; i < n; i++) {
                    folded += capture.hashValue(value).prefix();
                }
            } else {
                for (int i = 0; i < n; i++) {
                    folded += capture.captureValue(value).hash().prefix();
                }
            }
            long elapsed = System.nanoTime() - start;
            sink = folded;
            return elapsed;
        }
    }
}
