package io.predlog.cli.report;

import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.predlog.cli.inflight.InflightFiles;

/**
 * Calls that never finished: {@code inflight_at_crash} events (calls running when their process died), in-flight
 * files of processes no longer alive that no agent has turned into events yet, and requests whose
 * {@code request_start} has no {@code request_success} or {@code request_failure} from the same process although
 * that process wrote events for at least {@link #GRACE_MS} after it.
 */
public final class UnfinishedCalls implements Detector {

    /** How long after a request started its process must have gone on writing for the request to count as lost. */
    static final long GRACE_MS = 60_000;

    @Override
    public String kind() {
        return "unfinished_calls";
    }

    @Override
    public List<Finding> detect(Scope scope) throws SQLException {
        List<Finding> out = new ArrayList<>();
        Engine sql = scope.engine();
        for (Scope.Row r : scope.rows("SELECT service, crashed_pid, count(*), min(\"timestamp\"), max(\"timestamp\"), "
                + sql.joinDistinct("call || ' ' || coalesce(model_id, '?') || coalesce(' ' || model_version, '')") + ", "
                + sql.firstValues("request_id", "\"timestamp\"", 3) + ", any_value(host) FROM events "
                + "WHERE event = 'inflight_at_crash' GROUP BY 1, 2 ORDER BY 4")) {
            List<String> ids = r.texts(6);
            List<String> see = new ArrayList<>();
            see.add("./predlog inflight --service " + Figures.shell(r.text(0)));
            if (!ids.isEmpty()) {
                see.add("./predlog trace " + Figures.shell(ids.get(0)));
            }
            out.add(new Finding(kind(), Finding.Severity.HIGH, "process " + r.count(1) + " of " + r.text(0) + " died with "
                    + r.count(2) + " call" + (r.count(2) == 1 ? "" : "s") + " in flight (" + r.text(5) + ")", r.time(4), null,
                    List.of("calls started " + Figures.time(r.time(3)) + (r.time(3).equals(r.time(4)) ? "" : " to " + Figures.time(r.time(4)))
                                    + " on host " + r.text(7) + " never finished: the process was killed or crashed",
                            "requests: " + String.join(", ", ids)), see));
        }
        for (InflightFiles.Found f : InflightFiles.under(scope.paths())) {
            if (f.record() == null || f.alive() || f.record().calls().isEmpty()) {
                continue;
            }
            var calls = f.record().calls();
            Instant first = Instant.ofEpochMilli(calls.stream().mapToLong(c -> c.startEpochMillis()).min().orElse(0));
            List<String> ids = calls.stream().map(c -> c.requestId()).limit(3).toList();
            out.add(new Finding(kind(), Finding.Severity.HIGH, "process " + f.record().pid() + " is gone with " + calls.size()
                    + " call" + (calls.size() == 1 ? "" : "s") + " in flight (in-flight file " + f.path().getFileName() + ")", first,
                    calls.get(0).modelId(), List.of("calls started from " + Figures.time(first) + " never finished; no agent has "
                            + "restarted in that directory to turn the file into inflight_at_crash events",
                            "requests: " + String.join(", ", ids), "file: " + f.path()),
                    List.of("./predlog inflight " + Figures.shell(f.path().getParent().toString()))));
        }
        for (Scope.Row r : scope.rows("WITH e AS (SELECT pid, max(\"timestamp\") AS pid_end FROM events GROUP BY 1) "
                + "SELECT s.service, s.target, count(*), min(s.\"timestamp\"), max(s.\"timestamp\"), "
                + sql.firstValues("s.request_id", "s.\"timestamp\"", 3) + " FROM events s JOIN e USING (pid) "
                + "WHERE s.event = 'request_start' AND " + sql.epochMillis("e.pid_end") + " - " + sql.epochMillis("s.\"timestamp\"") + " >= "
                + GRACE_MS + " AND NOT EXISTS (SELECT 1 FROM events x WHERE x.event IN ('request_success', 'request_failure') "
                + "AND x.request_id = s.request_id AND x.pid = s.pid AND x.target = s.target) GROUP BY 1, 2 ORDER BY 4")) {
            List<String> ids = r.texts(5);
            out.add(new Finding(kind(), Finding.Severity.HIGH, r.count(2) + " request" + (r.count(2) == 1 ? "" : "s")
                    + " to " + r.text(1) + " (service " + r.text(0) + ") started and never finished", r.time(3), null,
                    List.of("started " + Figures.time(r.time(3)) + " to " + Figures.time(r.time(4)) + "; no request_success or "
                            + "request_failure although the process wrote events for at least " + GRACE_MS / 1000 + " s after",
                            "requests: " + String.join(", ", ids)),
                    ids.isEmpty() ? List.of() : List.of("./predlog trace " + Figures.shell(ids.get(0)))));
        }
        return out;
    }
}
