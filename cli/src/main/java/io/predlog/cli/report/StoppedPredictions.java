package io.predlog.cli.report;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Predictions that stopped: a model (per service and target) whose calls ended while its service went on serving:
 * writing events of its own work ({@link #WORK}: requests, other predictions, model loads). Its call rate while it
 * served predicts how many calls the silence should have held; the silence is a finding when that expectation is at
 * least {@link #EXPECTED_CALLS} (a Poisson process at that rate stays silent that long with probability below
 * e^-20) and the silence lasts two buckets or more. What the agent writes by itself (its statistics windows, its
 * health, drift) does not count: it goes on after the traffic ends, and a service that is no longer asked for
 * anything is idle, not stopped. A service that shut down or went idle is therefore not reported.
 */
public final class StoppedPredictions implements Detector {

    /** Calls the silence should have held, at the model's earlier rate, for it to be reported. */
    static final double EXPECTED_CALLS = 20;
    /** The events that show a service at work. */
    static final String WORK = "(event LIKE 'request_%' OR event LIKE 'prediction_%' OR event LIKE 'model_load_%')";

    @Override
    public String kind() {
        return "predictions_stopped";
    }

    @Override
    public List<Finding> detect(Scope scope) throws SQLException {
        List<Finding> out = new ArrayList<>();
        for (Scope.Row r : scope.rows("WITH p AS (SELECT service, model_id, target, min(ts) AS first_ts, max(ts) AS last_ts, "
                + "sum(weight) AS calls, count(DISTINCT bucket) AS buckets FROM report_predictions GROUP BY ALL), "
                + "s AS (SELECT service, max(\"timestamp\") AS service_end FROM events WHERE " + WORK + " GROUP BY 1) "
                + "SELECT p.service, p.model_id, p.target, p.first_ts, p.last_ts, p.calls, p.buckets, s.service_end "
                + "FROM p JOIN s USING (service) ORDER BY p.last_ts")) {
            Instant first = r.time(3);
            Instant last = r.time(4);
            double calls = r.number(5);
            Instant end = r.time(7);
            long active = last.toEpochMilli() - first.toEpochMilli();
            long silence = end.toEpochMilli() - last.toEpochMilli();
            if (active <= 0 || r.count(6) < 3 || silence < 2 * scope.bucketMillis()) {
                continue;
            }
            double expected = calls / active * silence;
            if (expected < EXPECTED_CALLS) {
                continue;
            }
            String model = r.text(1);
            List<String> evidence = new ArrayList<>();
            evidence.add(Figures.count(calls) + " calls from " + Figures.time(first) + " to " + Figures.time(last) + " ("
                    + Figures.number(calls / active * 60_000) + " a minute); none in the " + minutes(silence)
                    + " after, when about " + Figures.count(expected) + " were expected");
            evidence.add("service " + r.text(0) + " went on serving (requests, other predictions, model loads) until "
                    + Figures.time(end));
            List<Scope.Row> empty = scope.rows("SELECT count(*) FROM events WHERE event = 'model_stats' AND coalesce(model_id, '(no model id)') = ? "
                    + "AND " + scope.engine().jsonText("raw", "$.calls") + "::BIGINT = 0 AND \"timestamp\" > ?", model, last);
            if (empty.get(0).count(0) > 0) {
                evidence.add(empty.get(0).count(0) + " model_stats windows after it counted 0 calls: the agent still tracked the model");
            }
            List<Scope.Row> lastCall = scope.rows("SELECT request_id, failed FROM report_predictions WHERE service = ? AND model_id = ? "
                    + "AND target = ? ORDER BY ts DESC, request_id DESC, failed DESC LIMIT 1", r.text(0), model, r.text(2));
            String lastId = lastCall.isEmpty() ? null : lastCall.get(0).text(0);
            if (lastId != null) {
                evidence.add("last call: request " + lastId + (Boolean.TRUE.equals(lastCall.get(0).values()[1]) ? " (failed)" : ""));
            }
            List<String> see = new ArrayList<>();
            see.add("./predlog tail --since " + Figures.iso(last.minusSeconds(60)) + " --service " + Figures.shell(r.text(0)));
            if (lastId != null) {
                see.add("./predlog trace " + Figures.shell(lastId));
            }
            out.add(new Finding(kind(), Finding.Severity.HIGH, "model " + model + " (target " + r.text(2) + ", service "
                    + r.text(0) + "): predictions stopped after " + Figures.time(last) + " while the service ran on for "
                    + minutes(silence), last, model, evidence, see));
        }
        return out;
    }

    private static String minutes(long millis) {
        Duration d = Duration.ofMillis(millis);
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
