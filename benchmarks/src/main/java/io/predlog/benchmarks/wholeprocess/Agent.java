package io.predlog.benchmarks.wholeprocess;

/** The three ways each case's JVM runs: without an agent, with predlog, with the OpenTelemetry Java agent. */
enum Agent {
    NONE("no agent"),
    PREDLOG("predlog"),
    OTEL("OpenTelemetry");

    private final String title;

    Agent(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }
}
