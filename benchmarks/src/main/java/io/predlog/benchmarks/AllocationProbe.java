package io.predlog.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Child-process probe: bytes allocated on the calling (application) thread per predict call, from the JVM's
 * per-thread allocation counter. Run by {@link BenchmarkMain} with and without the agent, once per input kind ({@code full} or
 * {@code typical}, the first argument); prints one number.
 */
public final class AllocationProbe {

    private AllocationProbe() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "full";
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FeatureModel model = new FeatureModel(Features.weights());
        Map<String, Object> features = Features.of(kind);
        double sink = 0;
        for (int i = 0; i < calls; i++) { // warm-up: JIT and the agent's per-thread state
            sink += model.predict(features);
            if ((i & 1023) == 0) {
                Thread.sleep(1); // let the dispatcher keep up, so the queue never drops
            }
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            sink += model.predict(features);
            if ((i & 1023) == 0) {
                Thread.sleep(1);
            }
        }
        long after = threads.getCurrentThreadAllocatedBytes();
        System.out.printf("%.1f%n", (after - before) / (double) calls);
        if (sink == 0) {
            System.err.println("checksum 0"); // keeps the calls from being optimised away
        }
    }
}
