package io.predlog.cli.report;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.predlog.cli.ReadOptions;
import io.predlog.cli.query.EventStore;
import io.predlog.cli.query.InputFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predlog report}: the diagnosis from the logs alone: findings with their evidence and the commands that
 * show more, or a clean bill (docs/CLI.md). Exits 0 whatever it finds.
 */
@Command(name = "report", description = "The diagnosis: findings with evidence (error-rate onsets, what separates failing "
        + "calls, data quality, latency by input size, drift, stopped or unfinished calls), or a clean bill.")
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ReadOptions read;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--json", description = "Write the report as one JSON object (docs/CLI.md).")
    boolean json;

    @Parameters(paramLabel = "PATH", description = "Event files and directories (default: ./predlog-logs).")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() throws SQLException {
        try (EventStore store = read.open(paths, EventStore.Content.REPORT)) {
            Report report = Report.of(store.connection(), paths.isEmpty() ? List.of(InputFiles.DEFAULT_DIR) : paths,
                    Detectors.ALL);
            if (json) {
                ReportWriter.json(report, spec.commandLine().getOut());
            } else {
                ReportWriter.text(report, spec.commandLine().getOut());
            }
        }
        return 0;
    }
}
