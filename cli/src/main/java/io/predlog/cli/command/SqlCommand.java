package io.predlog.cli.command;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.predlog.cli.ReadOptions;
import io.predlog.cli.UsageException;
import io.predlog.cli.output.Format;
import io.predlog.cli.output.Table;
import io.predlog.cli.query.EventStore;
import io.predlog.cli.query.QueryContent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code predlog sql}: runs one SQL query over the {@code events} view and prints its result. */
@Command(name = "sql", description = "Runs a SQL query (DuckDB) over the view 'events' and prints the result.",
        usageHelpAutoWidth = true)
public final class SqlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ReadOptions read;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (aligned), csv or json (one object per line). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The query, e.g. \"SELECT event, count(*) FROM events GROUP BY ALL\".")
    String query;

    @Parameters(index = "1..*", paramLabel = "PATH", description = "Event files and directories (default: ./predlog-logs).")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() throws SQLException {
        try (EventStore store = read.open(paths, QueryContent.of(query)); Statement s = store.connection().createStatement()) {
            Table table;
            try (ResultSet r = s.executeQuery(query)) {
                table = Table.of(r);
            } catch (SQLException e) {
                String m = e.getMessage().strip();
                int at = m.indexOf("\nError: ");
                throw new UsageException("the query failed: " + (at >= 0 ? m.substring(at + 8) : m)
                        + "\n  (the view is 'events'; its columns: ./predlog sql \"DESCRIBE events\", or docs/CLI.md)");
            }
            format.write(table, spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
