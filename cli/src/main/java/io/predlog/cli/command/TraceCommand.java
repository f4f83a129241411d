package io.predlog.cli.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import io.predlog.cli.ReadOptions;
import io.predlog.cli.output.Format;
import io.predlog.cli.output.Table;
import io.predlog.cli.query.EventStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predlog trace}: every event of one request, across services and files, in the order the calls started,
 * with the time since the previous step and the thread each ran on.
 */
@Command(name = "trace", description = "Every event of one request, across services and files, in time order.")
public final class TraceCommand implements Callable<Integer> {

    /**
     * Orders a request's events by start. Within one millisecond (the timestamps' resolution): a start first; then what
     * can enclose a prediction (a request, a load), the longer first; then the predictions as they were written, which
     * is the order they ended: a prediction never encloses another (one event per outermost call), so two in the same
     * millisecond on one thread ended, and so started, in that order.
     */
    static final String ORDER = "ORDER BY \"timestamp\", CASE WHEN event LIKE '%_start' THEN 0 ELSE 1 END, "
            + "CASE WHEN event LIKE 'prediction_%' THEN 1 ELSE 0 END, "
            + "CASE WHEN event LIKE 'prediction_%' THEN 0 ELSE coalesce(latency_ms, load_time_ms, 0) END DESC, "
            + "file, line";

    @Spec
    CommandSpec spec;

    @Mixin
    ReadOptions read;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(index = "0", paramLabel = "REQUEST_ID", description = "The request's id (request_id).")
    String requestId;

    @Parameters(index = "1..*", paramLabel = "PATH", description = "Event files and directories (default: ./predlog-logs).")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        try (EventStore store = read.open(paths)) {
            List<EventRow> rows = EventRow.query(store.connection(), "FROM events WHERE request_id = ? " + ORDER, requestId);
            if (rows.isEmpty()) {
                out.println("no events of request " + requestId);
                out.flush();
                return 0;
            }
            List<List<Object>> lines = new ArrayList<>();
            EventRow previous = null;
            Set<String> services = new LinkedHashSet<>();
            Set<String> threads = new LinkedHashSet<>();
            for (EventRow e : rows) {
                String step = previous == null || e.timestamp() == null || previous.timestamp() == null ? ""
                        : "+" + EventRow.ms(Duration.between(previous.timestamp(), e.timestamp()).toNanos() / 1e6);
                Double d = e.duration();
                lines.add(List.of(e.timestamp() == null ? "" : e.timestamp().toString(), step, e.service(),
                        e.thread() == null ? "" : e.thread(), e.event(), e.model(), d == null ? "" : EventRow.ms(d),
                        outcome(e)));
                services.add(e.service());
                threads.add(e.service() + "/" + e.thread());
                previous = e;
            }
            Table table = new Table(List.of("time (UTC)", "step", "service", "thread", "event", "model", "took",
                    "error"), lines);
            Format.TABLE.write(table, out);
            Duration span = Duration.between(rows.get(0).timestamp(), rows.get(rows.size() - 1).timestamp());
            out.println("request " + requestId + ": " + rows.size() + " events, " + services.size() + " service"
                    + (services.size() == 1 ? "" : "s") + ", " + threads.size() + " thread"
                    + (threads.size() == 1 ? "" : "s") + ", first to last start " + EventRow.ms(span.toNanos() / 1e6));
            out.flush();
        }
        return 0;
    }

    private static String outcome(EventRow e) {
        if (e.errorType() == null) {
            return "";
        }
        return e.errorType() + (e.errorMsg() == null ? "" : ": " + e.errorMsg());
    }
}
