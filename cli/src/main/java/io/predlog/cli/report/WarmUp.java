package io.predlog.cli.report;

import java.sql.SQLException;

/**
 * Which predictions are warm-up, made once per report as the table {@code report_warmup} (one row per prediction
 * with a latency: {@code id} as in {@code report_predictions}, {@code warmup} true or false) for the detectors that
 * judge latency.
 *
 * <p>Per model version, in each process, the calls before the first bucket (after its first) whose p50 latency is
 * within {@link #FACTOR} times that process's p50 for the version. Its first bucket is always warm-up (class
 * loading, first-use initialisation); the JIT then compiles the hot paths and every call gets faster, which the p50
 * follows while a minority of slow calls does not move it. The p50 settles after the p25 does: while the typical
 * call is still twice as slow as it will be, the JIT is still at work, and the odd call that then takes
 * milliseconds (a compilation, a class loaded on first use) is part of the start, not of the model. A version
 * loaded into a running process starts cold too: its own classes and code paths have not been compiled yet. First
 * calls are slow whatever their input, so left in they would make a restart a latency episode, and whatever came
 * first (the version loaded at start-up, or a version loaded later) an attribute of slow calls.
 */
final class WarmUp {

    /** A warm-up bucket's p50 latency is more than this many times its process's p50 for the version. */
    static final double FACTOR = 2;

    private WarmUp() {
    }

    /** Creates {@code report_warmup} from {@code report_predictions}. */
    static void create(Scope scope) throws SQLException {
        Engine sql = scope.engine();
        scope.createTable("report_warmup", "WITH p AS (SELECT id, model_id, coalesce(model_version, '') "
                + "AS version, pid, bucket, latency_ms FROM report_predictions WHERE latency_ms IS NOT NULL), "
                + "process AS (SELECT model_id, version, pid, min(bucket) AS first_bucket, "
                + sql.quantile("latency_ms", 0.5) + " AS p50 FROM p GROUP BY ALL), "
                + "pb AS (SELECT model_id, version, pid, bucket, " + sql.quantile("latency_ms", 0.5) + " AS p50 FROM p GROUP BY ALL), "
                + "steady AS (SELECT pb.model_id, pb.version, pb.pid, min(pb.bucket) AS steady_from FROM pb "
                + "JOIN process USING (model_id, version, pid) "
                + "WHERE pb.bucket > process.first_bucket AND pb.p50 <= " + FACTOR + " * process.p50 GROUP BY ALL) "
                + "SELECT p.id, p.bucket < coalesce(steady.steady_from, 9223372036854775807) AS warmup FROM p "
                + "LEFT JOIN steady USING (model_id, version, pid)");
    }
}
