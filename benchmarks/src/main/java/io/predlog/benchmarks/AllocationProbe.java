package io.predlog.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Child-process probe: bytes allocated on the calling (application) thread per predict call, from the JVM's
 * per-thread allocation counter. Run by {@link BenchmarkMain} with and without the agent; prints one number.
 */
public final class AllocationProbe {

    private AllocationProbe() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FeatureModel model = new FeatureModel(Features.weights());
        Map<String, Object> features = Features.eighteen();
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
        System.out.println("bytes_per_call=" + (after - before) / (double) calls + " checksum=" + (sink > 0));
    }
}
