package io.predlog.cli.report;

import java.nio.file.Path;

/**
 * Writes the event files docs/PERFORMANCE.md times {@code report} and {@code dashboard} on: an hour of the two
 * models of {@link IncidentLog} with every incident, at a given number of calls a minute per model.
 *
 * <pre>java -cp cli/target/predlog-cli.jar:cli/target/test-classes io.predlog.cli.report.PerformanceEvents FILE CALLS_PER_MINUTE</pre>
 */
public final class PerformanceEvents {

    private PerformanceEvents() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: PerformanceEvents FILE(.jsonl or .jsonl.gz) CALLS_PER_MINUTE_PER_MODEL");
            System.exit(2);
        }
        Path file = IncidentLog.write(Path.of(args[0]), 17, IncidentLog.MINUTES, Integer.parseInt(args[1]),
                IncidentLog.Incident.values());
        System.out.println("wrote " + file);
    }
}
