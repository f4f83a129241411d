package io.predlog.benchmarks;

import java.util.List;

/**
 * One way of running the same JVM: without an agent, with predlog, or with a peer agent instrumenting the same
 * methods. Benchmarks run every variant in one session and print them side by side.
 *
 * @param name       column title
 * @param jvmOptions options that attach (and configure) the agent; empty for the baseline
 */
record Variant(String name, List<String> jvmOptions) {

    static Variant none() {
        return new Variant("no agent", List.of());
    }

    boolean isBaseline() {
        return jvmOptions.isEmpty();
    }
}
