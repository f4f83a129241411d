package io.predlog.cli.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.predlog.cli.ReadOptions;
import io.predlog.cli.UsageException;
import io.predlog.cli.query.EventFilter;
import io.predlog.cli.query.EventStore;
import io.predlog.cli.query.FileFollower;
import io.predlog.cli.query.LoadReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predlog tail}: the latest events as one readable line each; with {@code --follow}, keeps printing new
 * lines of growing files and of new files until interrupted.
 */
@Command(name = "tail", description = "The latest events as readable lines; --follow keeps printing new ones.")
public final class TailCommand implements Callable<Integer> {

    private static final String ORDER = "ORDER BY \"timestamp\", file, line";

    @Spec
    CommandSpec spec;

    @Mixin
    ReadOptions read;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "20",
            description = "Print the last N events (default ${DEFAULT-VALUE}; 0 with --follow: only new ones).")
    int count;

    @Option(names = {"-f", "--follow"}, description = "Keep reading new events of growing and new files until interrupted.")
    boolean follow;

    @Option(names = "--level", split = ",", paramLabel = "LEVEL", description = "Only these levels: INFO, WARN, ERROR.")
    List<String> levels = new ArrayList<>();

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "With --follow: how often to look for new lines (default ${DEFAULT-VALUE} s).")
    double interval;

    @Parameters(paramLabel = "PATH", description = "Event files and directories (default: ./predlog-logs).")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (count < 0) {
            throw new UsageException("--lines " + count + " is negative: give a count of events, e.g. -n 50");
        }
        if (!(interval > 0 && interval <= 3600)) {
            throw new UsageException("--interval " + interval + " is not between 0 and 3600 seconds, e.g. --interval 0.5");
        }
        List<String> upper = new ArrayList<>();
        for (String level : levels) {
            String l = level.trim().toUpperCase(Locale.ROOT);
            if (!List.of("INFO", "WARN", "ERROR").contains(l)) {
                throw new UsageException("--level " + level + " is not a level: use INFO, WARN or ERROR (--level WARN,ERROR)");
            }
            upper.add(l);
        }
        EventFilter filter = read.filter(Instant.now()).withLevels(upper);
        PrintWriter out = spec.commandLine().getOut();
        if (!follow) {
            try (EventStore store = ReadOptions.open(filter, paths, spec.commandLine().getErr())) {
                print(EventRow.query(store.connection(), last(count) + ORDER), out);
            }
            return 0;
        }
        return follow(filter, out);
    }

    private int follow(EventFilter filter, PrintWriter out) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        FileFollower follower = new FileFollower(paths);
        try (EventStore store = EventStore.open(filter)) {
            boolean first = true;
            while (!Thread.currentThread().isInterrupted()) {
                List<LoadReport> reports = new ArrayList<>();
                Map<Path, String> problems = follower.poll((file, firstLine, lines) ->
                        reports.add(store.append(file, firstLine, lines)));
                problems.forEach((p, why) -> err.println("predlog: could not read " + p + ": " + why));
                for (LoadReport r : reports) {
                    r.warnings().forEach(w -> err.println("predlog: " + w));
                }
                print(EventRow.query(store.connection(), (first ? last(count) : "FROM events ") + ORDER), out);
                store.clear();
                first = false;
                err.flush();
                try {
                    Thread.sleep((long) (interval * 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return 0;
    }

    /** A FROM clause of the last {@code n} events. */
    private static String last(int n) {
        return "FROM (SELECT * FROM events ORDER BY \"timestamp\" DESC, file DESC, line DESC LIMIT " + n + ") ";
    }

    private static void print(List<EventRow> rows, PrintWriter out) throws SQLException {
        for (EventRow row : rows) {
            out.println(EventSummary.line(row));
        }
        out.flush();
    }
}
