package io.predlog.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.util.Map;

/**
 * Child-process probe for what statistics cost off the application thread: CPU time of the {@code predlog-stats}
 * and {@code predlog-dispatcher} threads per predict call, and heap retained per tracked model. Arguments:
 * calls per model, number of models (each a distinct {@code model_id}). Prints one line:
 * {@code <stats ns/call> <dispatcher ns/call> <heap bytes after GC>}.
 */
public final class StatsCostProbe {

    private StatsCostProbe() {
    }

    /** A model with a name, so that the agent's {@code model_id = this.name} tells models apart. */
    public static final class NamedModel {
        private final String name;
        private final FeatureModel delegate = new FeatureModel(Features.weights());

        public NamedModel(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public double predict(Map<String, Object> features) {
            return delegate.predict(features);
        }
    }

    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[0]);
        int models = Integer.parseInt(args[1]);
        Map<String, Object> features = Features.of("typical");
        NamedModel[] named = new NamedModel[models];
        for (int m = 0; m < models; m++) {
            named[m] = new NamedModel("model-" + m);
        }
        double sink = 0;
        long statsBefore = cpu("predlog-stats");
        long dispatcherBefore = cpu("predlog-dispatcher");
        for (int i = 0; i < calls; i++) {
            for (NamedModel model : named) {
                sink += model.predict(features);
            }
            if ((i & 255) == 0) {
                Thread.sleep(1); // let the background threads keep up, so nothing is dropped
            }
        }
        Thread.sleep(500);
        long total = (long) calls * models;
        double stats = (cpu("predlog-stats") - statsBefore) / (double) total;
        double dispatcher = (cpu("predlog-dispatcher") - dispatcherBefore) / (double) total;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long heap = memory.getHeapMemoryUsage().getUsed();
        System.out.printf("%.1f %.1f %d%n", stats, dispatcher, heap);
        if (sink == 0) {
            System.err.println("checksum 0");
        }
    }

    /** CPU nanoseconds the named thread has used, or 0 when there is no such thread. */
    private static long cpu(String threadName) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            if (info.getThreadName().equals(threadName)) {
                return Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return 0;
    }
}
