package io.predlog.benchmarks.wholeprocess;

/**
 * The ways each case's JVM runs: without an agent, with predlog, with the OpenTelemetry Java agent, and, when one is
 * given, with another build of predlog to compare this one with (a baseline: the build before a change).
 */
enum Agent {
    NONE("no agent"),
    PREDLOG("predlog"),
    OTEL("OpenTelemetry"),
    BASELINE("predlog baseline");

    private final String title;

    Agent(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }

    /** Whether this is a build of predlog, configured and counted alike. */
    boolean predlog() {
        return this == PREDLOG || this == BASELINE;
    }
}
