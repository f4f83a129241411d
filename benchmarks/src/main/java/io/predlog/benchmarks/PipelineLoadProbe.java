package io.predlog.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Map;
import java.util.TreeMap;

/**
 * Child-process probe for what the whole process pays per predict call: one application thread calls
 * {@link FeatureModel#predict} on a map of 18 features, as fast as it can or paced at a given rate, and the probe
 * prints the CPU time of the process and of each thread group (the application thread, each {@code predlog-*}
 * thread, the JVM's other Java threads, and GC with the VM's own threads) per call over the measured calls. Run by {@link BenchmarkMain}'s {@code load} mode with and
 * without the agent.
 *
 * <p>Arguments: input kind ({@code full} or {@code typical}), calls, calls per second (0: as fast as it can).
 * Warms up with a fifth of the calls, measures the rest, then waits {@value #SETTLE_MILLIS} ms for the agent's
 * threads to finish the work the calls left them before reading the clocks. Prints one line of
 * {@code group=ns/call} pairs, {@code process} and {@code wall} first.
 */
public final class PipelineLoadProbe {

    static final long SETTLE_MILLIS = 3_000;

    private PipelineLoadProbe() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> features = Features.of(args[0]);
        long calls = Long.parseLong(args[1]);
        double rate = Double.parseDouble(args[2]);
        FeatureModel model = new FeatureModel(Features.weights());
        double sink = run(model, features, calls / 5, rate);
        Thread.sleep(SETTLE_MILLIS);
        Map<String, Long> before = cpuByGroup();
        long wallStart = System.nanoTime();
        sink += run(model, features, calls, rate);
        long wall = System.nanoTime() - wallStart;
        Thread.sleep(SETTLE_MILLIS);
        Map<String, Long> after = cpuByGroup();
        StringBuilder line = new StringBuilder();
        line.append(String.format("process=%.0f wall=%.0f", (after.get("process") - before.get("process"))
                / (double) calls, wall / (double) calls));
        long threadsTotal = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            if (!e.getKey().equals("process")) {
                long spent = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                threadsTotal += spent;
                line.append(String.format(" %s=%.0f", e.getKey(), spent / (double) calls));
            }
        }
        // GC and the VM's own threads are not Java threads: what the process spent outside the listed ones
        line.append(String.format(" gc+vm=%.0f", (after.get("process") - before.get("process") - threadsTotal)
                / (double) calls));
        System.out.println(line);
        if (sink == 0) {
            System.err.println("checksum 0"); // keeps the calls from being optimised away
        }
    }

    /** {@code calls} predict calls, at {@code rate} per second (0: back to back). */
    private static double run(FeatureModel model, Map<String, Object> features, long calls, double rate) {
        double sink = 0;
        if (rate <= 0) {
            for (long i = 0; i < calls; i++) {
                sink += model.predict(features);
            }
            return sink;
        }
        double interval = 1e9 / rate;
        long start = System.nanoTime();
        for (long i = 0; i < calls; i++) {
            long due = start + (long) (i * interval);
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            sink += model.predict(features);
        }
        return sink;
    }

    /** CPU nanoseconds so far: the process's, and per group of threads (live threads only). */
    private static Map<String, Long> cpuByGroup() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new TreeMap<>();
        byGroup.put("process", os.getProcessCpuTime());
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                byGroup.merge(group(info.getThreadName()), cpu, Long::sum);
            }
        }
        return byGroup;
    }

    private static String group(String name) {
        if (name.equals("main")) {
            return "app";
        }
        if (name.startsWith("predlog-")) {
            return name.substring("predlog-".length());
        }
        return "jvm";
    }
}
