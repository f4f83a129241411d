package io.predlog.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.predlog.cli.query.EventFilter;
import io.predlog.cli.query.EventStore;
import io.predlog.cli.query.LoadReport;
import io.predlog.cli.query.TimeBound;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every reading subcommand shares: the time range and the field filters. Mixed into each command
 * with {@code @Mixin}; {@link #open} reads the paths into an {@link EventStore} and reports on standard error
 * what could not be read.
 */
public final class ReadOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only events at or after TIME: ISO-8601 (2026-11-27T02:48:00Z) or back from now (90m, 2h, 7d).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only events before TIME (same forms as --since).")
    String until;

    @Option(names = "--service", split = ",", paramLabel = "NAME", description = "Only these services.")
    List<String> services = new ArrayList<>();

    @Option(names = "--model", split = ",", paramLabel = "ID", description = "Only these model ids.")
    List<String> models = new ArrayList<>();

    @Option(names = "--version", split = ",", paramLabel = "V", description = "Only these model versions.")
    List<String> versions = new ArrayList<>();

    @Option(names = "--target", split = ",", paramLabel = "NAME", description = "Only these targets.")
    List<String> targets = new ArrayList<>();

    /** The filter these options describe, durations counted back from {@code now}. */
    public EventFilter filter(Instant now) {
        Instant from = bound("--since", since, now);
        Instant to = bound("--until", until, now);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new UsageException("--since " + since + " is not before --until " + until
                    + ": give the earlier time to --since");
        }
        return new EventFilter(from, to, services, models, versions, targets, List.of());
    }

    /** The model ids asked for. */
    public List<String> models() {
        return List.copyOf(models);
    }

    /** The targets asked for. */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    /** The model versions asked for. */
    public List<String> versions() {
        return List.copyOf(versions);
    }

    /**
     * Reads {@code paths} into a new store filtered by {@code filter}, warns on standard error about what
     * could not be read, and fails with exit 1 when no event could be read at all.
     */
    public static EventStore open(EventFilter filter, List<Path> paths, PrintWriter err) throws SQLException {
        return open(filter, paths, err, EventStore.Content.WHOLE);
    }

    /** As {@link #open(EventFilter, List, PrintWriter)}, storing {@code content} of each event. */
    public static EventStore open(EventFilter filter, List<Path> paths, PrintWriter err, EventStore.Content content)
            throws SQLException {
        EventStore store = EventStore.open(filter);
        try {
            LoadReport report = store.load(paths, ConsoleProgress.forTerminal(), content);
            report.warnings().forEach(w -> err.println("predlog: " + w));
            err.flush();
            if (report.nothingRead()) {
                throw new NothingReadException(report.nothingReadReason() + " in " + where(paths)
                        + "; give the files or directories the agent writes (predlog.file.dir, by default "
                        + "./predlog-logs where the application runs)");
            }
            return store;
        } catch (RuntimeException | SQLException e) {
            store.close();
            throw e;
        }
    }

    /** {@link #open(EventFilter, List, PrintWriter)} with these options' filter. */
    public EventStore open(List<Path> paths) throws SQLException {
        return open(filter(Instant.now()), paths, spec.commandLine().getErr());
    }

    /** {@link #open(List)}, storing {@code content} of each event. */
    public EventStore open(List<Path> paths, EventStore.Content content) throws SQLException {
        return open(filter(Instant.now()), paths, spec.commandLine().getErr(), content);
    }

    /** The paths read, as the user gave them. */
    static String where(List<Path> paths) {
        return paths == null || paths.isEmpty() ? "./predlog-logs"
                : String.join(", ", paths.stream().map(Path::toString).toList());
    }

    private static Instant bound(String option, String text, Instant now) {
        if (text == null) {
            return null;
        }
        try {
            return TimeBound.parse(text, now);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage() + "; e.g. " + option + " 2h or " + option
                    + " 2026-11-27T02:48:00Z");
        }
    }
}
