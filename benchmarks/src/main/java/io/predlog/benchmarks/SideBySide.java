package io.predlog.benchmarks;

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
 * Two builds of the agent's classes in one JVM, side by side: each build is loaded by its own class loader with a
 * driver of this module, and short batches of the two alternate (the first of each pair swapping every round), so
 * that the load of a shared machine falls on both alike. Prints, per case, the 10th percentile (the cost when the
 * thread was not preempted) and the median ns per call of each, and the median of the per-round ratios.
 *
 * <p>A driver is a public class with a no-argument constructor, a {@code ToLongFunction<Object[]>} that runs
 * {@code {case, calls}} and returns the elapsed nanoseconds; it is loaded once per build.
 */
final class SideBySide {

    private static final long BATCH_NANOS = 2_000_000;

    private SideBySide() {
    }

    /** Warms both builds up, sizes each case's batch to about 2 ms, then runs {@code rounds} alternated rounds. */
    static void compare(Path before, Path after, Class<?> driver, List<String> cases, int rounds) throws Exception {
        ToLongFunction<Object[]> b = driver(before, driver);
        ToLongFunction<Object[]> a = driver(after, driver);
        Map<String, Integer> batch = new HashMap<>();
        for (int warm = 0; warm < 40; warm++) {
            for (String c : cases) {
                int n = batch.getOrDefault(c, 1_000);
                long t = b.applyAsLong(new Object[] {c, n});
                a.applyAsLong(new Object[] {c, n});
                batch.put(c, (int) Math.max(100, Math.min(1_000_000, n * (double) BATCH_NANOS / Math.max(1, t))));
            }
        }
        Map<String, List<double[]>> results = new HashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String c : cases) {
                int n = batch.get(c);
                Object[] call = {c, n};
                double nb;
                double na;
                if (r % 2 == 0) {
                    nb = b.applyAsLong(call) / (double) n;
                    na = a.applyAsLong(call) / (double) n;
                } else {
                    na = a.applyAsLong(call) / (double) n;
                    nb = b.applyAsLong(call) / (double) n;
                }
                results.computeIfAbsent(c, k -> new ArrayList<>()).add(new double[] {nb, na});
            }
        }
        System.out.printf("%d cores, %s %s; %d rounds of ~%.1f ms batches per build and case%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), rounds, BATCH_NANOS / 1e6);
        System.out.printf("%-22s %19s %19s %14s %16s%n", "case", "before ns p10/p50", "after ns p10/p50",
                "after/before", "ratio p25-p75");
        for (String c : cases) {
            List<double[]> rows = results.get(c);
            double[] nb = rows.stream().mapToDouble(x -> x[0]).toArray();
            double[] na = rows.stream().mapToDouble(x -> x[1]).toArray();
            double[] ratio = rows.stream().mapToDouble(x -> x[1] / x[0]).toArray();
            System.out.printf("%-22s %9.0f /%8.0f %9.0f /%8.0f %14.3f %10.3f-%.3f%n", c, percentile(nb, 10),
                    percentile(nb, 50), percentile(na, 10), percentile(na, 50), percentile(ratio, 50),
                    percentile(ratio, 25), percentile(ratio, 75));
        }
    }

    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.round((sorted.length - 1) * p / 100.0)];
    }

    @SuppressWarnings("unchecked")
    private static ToLongFunction<Object[]> driver(Path agentClasses, Class<?> driver) throws Exception {
        if (!Files.isRegularFile(agentClasses)) {
            throw new IllegalArgumentException("no such jar: " + agentClasses);
        }
        URL self = SideBySide.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader loader = new ChildFirst(new URL[] {agentClasses.toUri().toURL(), self});
        return (ToLongFunction<Object[]>) loader.loadClass(driver.getName()).getConstructor().newInstance();
    }

    /** Loads the agent's classes and this module's own from its URLs first: one copy of each per build. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] urls) {
            super(urls, SideBySide.class.getClassLoader());
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
}
