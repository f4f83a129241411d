package io.predlog.cli.inflight;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import io.predlog.agent.capture.HashResult;
import io.predlog.agent.inflight.InflightFile;
import io.predlog.cli.NothingReadException;
import io.predlog.cli.ReadOptions;
import io.predlog.cli.output.Format;
import io.predlog.cli.output.Table;
import io.predlog.cli.output.Values;
import io.predlog.cli.query.EventFilter;
import io.predlog.cli.query.EventStore;
import io.predlog.cli.query.LoadReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predlog inflight}: what dead processes were running when they died. Two sources: the
 * {@code inflight_at_crash} events that a restarted agent wrote, and in-flight files ({@code inflight-<pid>.bin})
 * still on disk because no agent has started in that directory since the crash (docs/EVENTS.md).
 */
@Command(name = "inflight", description = "What dead processes were running: inflight_at_crash events and "
        + "in-flight files (inflight-<pid>.bin) not yet recovered.")
public final class InflightCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ReadOptions read;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(paramLabel = "PATH", description = "Event files, in-flight files and directories (default: ./predlog-logs).")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventFilter filter = read.filter(Instant.now());
        List<Path> roots = paths.isEmpty() ? List.of(io.predlog.cli.query.InputFiles.DEFAULT_DIR) : paths;
        List<InflightFiles.Found> files = InflightFiles.under(roots);
        int events;
        try (EventStore store = EventStore.open(filter)) {
            LoadReport report = store.load(paths, null);
            report.warnings().forEach(w -> err.println("predlog: " + w));
            if (report.nothingRead() && files.isEmpty()) {
                throw new NothingReadException(report.nothingReadReason() + ", and no in-flight files (inflight-<pid>.bin), in "
                        + roots + "; give the directories the agent writes (predlog.file.dir, by default ./predlog-logs "
                        + "where the application runs)");
            }
            events = printEvents(store, out);
        }
        int raw = printFiles(files, filter, out);
        if (events == 0 && raw == 0) {
            out.println("no calls were in flight in a process that died");
        }
        out.flush();
        return 0;
    }

    private static int printEvents(EventStore store, PrintWriter out) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = store.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT crashed_pid, service, host, \"timestamp\", thread, call, target, "
                     + "model_id, model_version, request_id, input_hash, raw->>'method', pid FROM events "
                     + "WHERE event = 'inflight_at_crash' ORDER BY crashed_pid, \"timestamp\", file, line")) {
            while (r.next()) {
                rows.add(Arrays.asList(r.getLong(1), r.getString(2) + "@" + r.getString(3),
                        Values.plain(r.getObject(4)), r.getString(5), r.getString(6), r.getString(7),
                        model(r.getString(8), r.getString(9)), r.getString(10), r.getString(11), r.getString(12),
                        r.getLong(13)));
            }
        }
        if (!rows.isEmpty()) {
            out.println("inflight_at_crash events (written by the next agent to start in the same directory):");
            Format.TABLE.write(new Table(List.of("crashed pid", "service@host", "call started (UTC)", "thread", "call",
                    "target", "model", "request_id", "input_hash", "method", "reported by pid"), rows), out);
            out.println(rows.stream().map(r -> r.get(0)).distinct().count() + " dead process(es), " + rows.size()
                    + " call(s) in flight when they died");
        }
        return rows.size();
    }

    private static int printFiles(List<InflightFiles.Found> files, EventFilter filter, PrintWriter out) {
        int calls = 0;
        for (InflightFiles.Found f : files) {
            if (f.record() == null) {
                out.println();
                out.println("in-flight file " + f.path() + ": unreadable (" + f.error() + ")");
                continue;
            }
            InflightFile record = f.record();
            List<List<Object>> rows = new ArrayList<>();
            for (InflightFile.InflightCall c : record.calls()) {
                if (!accepts(filter, c)) {
                    continue;
                }
                rows.add(Arrays.asList(Instant.ofEpochMilli(c.startEpochMillis()).toString(), c.thread(),
                        c.kind() == io.predlog.agent.inflight.InflightTable.LOAD ? "load" : "predict", c.target(),
                        model(blank(c.modelId()), blank(c.modelVersion())), c.requestId(),
                        c.hasHash() ? HashResult.hexOf(c.inputHash()) : null, c.method()));
            }
            out.println();
            out.println("in-flight file " + f.path() + ": pid " + record.pid() + (f.alive()
                    ? " is still running; these calls are running now"
                    : " is dead and no agent has recovered the file yet; these calls were running when it died"));
            if (rows.isEmpty()) {
                out.println("(no calls in flight)");
            } else {
                Format.TABLE.write(new Table(List.of("call started (UTC)", "thread", "call", "target", "model",
                        "request_id", "input_hash", "method"), rows), out);
            }
            calls += f.alive() ? 0 : rows.size();
        }
        return calls;
    }

    private static boolean accepts(EventFilter filter, InflightFile.InflightCall c) {
        Instant start = Instant.ofEpochMilli(c.startEpochMillis());
        return (filter.since() == null || !start.isBefore(filter.since()))
                && (filter.until() == null || start.isBefore(filter.until()))
                && (filter.models().isEmpty() || filter.models().contains(c.modelId()))
                && (filter.versions().isEmpty() || filter.versions().contains(c.modelVersion()))
                && (filter.targets().isEmpty() || filter.targets().contains(c.target()));
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String model(String id, String version) {
        if (id == null && version == null) {
            return "";
        }
        return (id == null ? "" : id) + (version == null ? "" : "@" + version);
    }
}
