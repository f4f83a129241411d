package io.predlog.cli.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.predlog.cli.NothingReadException;
import io.predlog.cli.ReadOptions;
import io.predlog.cli.UsageException;
import io.predlog.cli.query.EventStore;
import io.predlog.cli.query.InputFiles;
import io.predlog.cli.report.Detectors;
import io.predlog.cli.report.Report;
import io.predlog.cli.report.Scope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predlog dashboard -o file.html}: one self-contained HTML file (charts and the report's findings, no
 * network needed) of aggregates over the events; prints where it wrote it (docs/CLI.md).
 */
@Command(name = "dashboard", description = "Writes one self-contained HTML dashboard (volume, error rate by version with "
        + "model loads, latency by input size, drift, the report's findings); prints where.")
public final class DashboardCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ReadOptions read;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The HTML file to write.")
    Path output;

    @Parameters(paramLabel = "PATH", description = "Event files and directories (default: ./predlog-logs).")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() throws SQLException, IOException {
        if (Files.isDirectory(output)) {
            throw new UsageException("-o " + output + " is a directory: give a file name, e.g. -o " + output.resolve("dashboard.html"));
        }
        try (EventStore store = read.open(paths, EventStore.Content.REPORT)) {
            Scope scope = Scope.of(store.connection(), paths.isEmpty() ? List.of(InputFiles.DEFAULT_DIR) : paths);
            if (scope == null) {
                throw new NothingReadException("no events passed the filters; nothing written. Widen or drop "
                        + "--since, --until, --service, --model, --version or --target");
            }
            Report report = Report.of(scope, Detectors.ALL);
            String html = DashboardPage.html(DashboardData.read(scope, report));
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output, html, StandardCharsets.UTF_8);
        }
        spec.commandLine().getOut().println("wrote " + output.toAbsolutePath() + " (" + Files.size(output) / 1024 + " KiB)");
        return 0;
    }
}
