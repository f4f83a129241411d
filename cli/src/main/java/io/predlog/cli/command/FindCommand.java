package io.predlog.cli.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import io.predlog.cli.ReadOptions;
import io.predlog.cli.UsageException;
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
 * {@code predlog find --input-hash}: every prediction of one input (and calls of it that a crash cut short):
 * when, which model version, the outcome and the latency, then a summary line.
 */
@Command(name = "find", description = "Every prediction of one input, found by its input_hash.")
public final class FindCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ReadOptions read;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--input-hash", required = true, paramLabel = "HASH",
            description = "The input's hash: 16 hex characters, as in input_hash.")
    String inputHash;

    @Parameters(paramLabel = "PATH", description = "Event files and directories (default: ./predlog-logs).")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() throws SQLException {
        String hash = inputHash.trim().toLowerCase(java.util.Locale.ROOT);
        if (!hash.matches("[0-9a-f]{16}")) {
            throw new UsageException("--input-hash " + inputHash + " is not 16 hex characters; copy input_hash from an "
                    + "event, e.g. --input-hash 0011223344556677");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (EventStore store = read.open(paths)) {
            List<EventRow> rows = EventRow.query(store.connection(),
                    "FROM events WHERE input_hash = ? AND (event LIKE 'prediction_%' OR event = 'inflight_at_crash') "
                            + "ORDER BY \"timestamp\", file, line", hash);
            if (rows.isEmpty()) {
                out.println("no predictions of input " + hash);
                out.flush();
                return 0;
            }
            List<List<Object>> lines = new ArrayList<>();
            Map<String, Integer> versions = new TreeMap<>();
            int failures = 0;
            int crashed = 0;
            for (EventRow e : rows) {
                String outcome = switch (e.event()) {
                    case "prediction_success" -> "ok";
                    case "prediction_failure" -> "FAILED " + e.errorType() + (e.errorMsg() == null ? "" : ": " + e.errorMsg());
                    default -> "CRASHED (in flight when pid " + e.json().path("crashed_pid").asText("?") + " died)";
                };
                failures += e.event().equals("prediction_failure") ? 1 : 0;
                crashed += e.event().equals("inflight_at_crash") ? 1 : 0;
                versions.merge(e.model().isEmpty() ? "(unknown model)" : e.model(), 1, Integer::sum);
                lines.add(java.util.Arrays.asList(e.timestamp().toString(), e.service(), e.model(),
                        e.latencyMs() == null ? "" : EventRow.ms(e.latencyMs()),
                        e.seenBefore() == null ? "" : e.seenBefore() ? "yes" : "no", e.requestId(), outcome));
            }
            Format.TABLE.write(new Table(List.of("time (UTC)", "service", "model", "latency", "seen before",
                    "request_id", "outcome"), lines), out);
            StringBuilder summary = new StringBuilder("input " + hash + ": " + rows.size() + " call"
                    + (rows.size() == 1 ? "" : "s") + ", " + versions.size() + " model version"
                    + (versions.size() == 1 ? "" : "s") + " (");
            versions.forEach((v, n) -> summary.append(v).append(": ").append(n).append(", "));
            summary.setLength(summary.length() - 2);
            summary.append("), ").append(failures).append(" failure").append(failures == 1 ? "" : "s");
            if (crashed > 0) {
                summary.append(", ").append(crashed).append(" cut short by a crash");
            }
            summary.append(", first ").append(rows.get(0).timestamp()).append(", last ")
                    .append(rows.get(rows.size() - 1).timestamp());
            out.println(summary);
            out.flush();
        }
        return 0;
    }
}
