package io.predlog.cli.dashboard;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.predlog.cli.report.Report;
import io.predlog.cli.report.ReportWriter;
import io.predlog.cli.report.Scope;

/**
 * The aggregates the dashboard draws, read from {@code events} as one JSON object: per-bucket volume, error rate
 * and latency percentiles, latency percentiles by input-size decile, model loads, drift scores per feature and
 * window, and the report. Never raw events: the size depends on the number of buckets ({@link #BUCKETS} at most),
 * models, versions and features, not on the number of events.
 */
final class DashboardData {

    /** Time buckets at most. */
    static final int BUCKETS = 360;
    /** Series per chart at most (the busiest). */
    static final int SERIES = 12;

    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardData() {
    }

    static ObjectNode read(Scope scope, Report report) throws SQLException {
        long width = Scope.bucketWidth(scope.end().toEpochMilli() - scope.start().toEpochMilli(), BUCKETS);
        String bucket = "epoch_ms(\"timestamp\") // " + width + " * " + width;
        ObjectNode root = JSON.createObjectNode();
        root.put("start", scope.start().toString());
        root.put("end", scope.end().toString());
        root.put("bucket_ms", width);
        root.set("report", ReportWriter.tree(report));
        String predictions = "event IN ('prediction_success', 'prediction_failure')";
        String top = "(SELECT coalesce(model_id, '?') FROM events WHERE " + predictions + " GROUP BY 1 ORDER BY count(*) DESC LIMIT " + SERIES + ")";
        root.set("volume", series(scope, "SELECT coalesce(model_id, '?'), " + bucket + ", round(sum(1.0 / coalesce(nullif(sample_rate, 0), 1))) "
                + "FROM events WHERE " + predictions + " AND coalesce(model_id, '?') IN " + top + " GROUP BY ALL ORDER BY 1, 2"));
        root.set("failures", series(scope, "SELECT coalesce(model_id, '?'), " + bucket + ", count(*) FROM events "
                + "WHERE event = 'prediction_failure' AND coalesce(model_id, '?') IN " + top + " GROUP BY ALL ORDER BY 1, 2"));
        root.set("error_rate", series(scope, "SELECT coalesce(model_id, '?') || ' ' || coalesce(model_version, '(none)'), " + bucket
                + ", round(100.0 * count(*) FILTER (WHERE event = 'prediction_failure') / sum(1.0 / coalesce(nullif(sample_rate, 0), 1)), 3) "
                + "FROM events WHERE " + predictions + " AND coalesce(model_id, '?') || ' ' || coalesce(model_version, '(none)') IN "
                + "(SELECT coalesce(model_id, '?') || ' ' || coalesce(model_version, '(none)') FROM events WHERE " + predictions
                + " GROUP BY 1 ORDER BY count(*) DESC LIMIT " + SERIES + ") GROUP BY ALL ORDER BY 1, 2"));
        ObjectNode latency = root.putObject("latency");
        for (String q : new String[] {"0.5", "0.95", "0.99"}) {
            latency.set("p" + Math.round(Double.parseDouble(q) * 100), series(scope, "SELECT 'all', " + bucket
                    + ", round(quantile_cont(latency_ms, " + q + "), 3) FROM events WHERE " + predictions + " GROUP BY ALL ORDER BY 2"));
        }
        ArrayNode loads = root.putArray("loads");
        for (Scope.Row r : scope.rows("SELECT epoch_ms(\"timestamp\"), event, coalesce(model_id, '?') || ' ' || coalesce(model_version, '') "
                + "FROM events WHERE event IN ('model_load_success', 'model_load_failure') ORDER BY 1 LIMIT 200")) {
            ObjectNode l = loads.addObject();
            l.put("t", r.count(0));
            l.put("failed", r.text(1).equals("model_load_failure"));
            l.put("label", r.text(2).strip());
        }
        ObjectNode bySize = root.putObject("latency_by_size");
        ArrayNode labels = bySize.putArray("bins");
        ArrayNode p50 = bySize.putArray("p50");
        ArrayNode p95 = bySize.putArray("p95");
        ArrayNode p99 = bySize.putArray("p99");
        ArrayNode calls = bySize.putArray("calls");
        String size = "coalesce(input.list_length, input_size)";
        for (Scope.Row r : scope.rows("WITH s AS (SELECT latency_ms, " + size + " AS size FROM events WHERE " + predictions
                + " AND latency_ms IS NOT NULL AND " + size + " IS NOT NULL), b AS (SELECT list_sort(list_distinct("
                + "quantile_disc(size, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]))) AS qs FROM s) "
                + "SELECT len(list_filter(b.qs, x -> x < s.size)) AS bin, min(s.size), max(s.size), quantile_cont(latency_ms, 0.5), "
                + "quantile_cont(latency_ms, 0.95), quantile_cont(latency_ms, 0.99), count(*) FROM s, b GROUP BY 1 ORDER BY 1")) {
            labels.add(r.count(1) == r.count(2) ? String.valueOf(r.count(1)) : r.count(1) + "-" + r.count(2));
            p50.add(round(r.number(3)));
            p95.add(round(r.number(4)));
            p99.add(round(r.number(5)));
            calls.add(r.count(6));
        }
        root.set("drift", series(scope, "WITH s AS (SELECT coalesce(model_id, '?') AS model_id, "
                + "epoch_ms((raw->>'window_start')::TIMESTAMP) AS t, raw->'drift' AS d FROM events WHERE event = 'model_stats' "
                + "AND (raw->'drift') IS NOT NULL), f AS (SELECT model_id, t, d, unnest(json_keys(d)) AS feature FROM s), "
                + "m AS (SELECT model_id, t, feature, d->feature AS scores, unnest(json_keys(d->feature)) AS metric FROM f) "
                + "SELECT model_id || ' ' || feature || ' ' || metric, t // " + width + " * " + width + ", max((scores->>metric)::DOUBLE) "
                + "FROM m WHERE (model_id || ' ' || feature || ' ' || metric) IN (SELECT model_id || ' ' || feature || ' ' || metric "
                + "FROM m GROUP BY 1 ORDER BY max((scores->>metric)::DOUBLE) DESC LIMIT " + SERIES + ") GROUP BY ALL ORDER BY 1, 2"));
        ArrayNode detected = root.putArray("drift_detected");
        for (Scope.Row r : scope.rows("SELECT epoch_ms(\"timestamp\"), coalesce(model_id, '?') || ' ' || (raw->>'feature') || ' ' "
                + "|| (raw->>'metric'), (raw->>'value')::DOUBLE FROM events WHERE event = 'drift_detected' ORDER BY 1 LIMIT 200")) {
            ObjectNode d = detected.addObject();
            d.put("t", r.count(0));
            d.put("label", r.text(1));
            d.put("value", r.number(2));
        }
        return root;
    }

    /** Rows of (series name, bucket start ms, value) as {name: [[t, v], ...]}. */
    private static ObjectNode series(Scope scope, String sql) throws SQLException {
        Map<String, ArrayNode> byName = new LinkedHashMap<>();
        ObjectNode out = JSON.createObjectNode();
        for (Scope.Row r : scope.rows(sql)) {
            ArrayNode points = byName.computeIfAbsent(r.text(0), out::putArray);
            ArrayNode p = points.addArray();
            p.add(r.count(1));
            p.add(round(r.number(2)));
        }
        return out;
    }

    private static double round(double d) {
        return Double.isNaN(d) ? 0 : Math.round(d * 1000) / 1000.0;
    }
}
