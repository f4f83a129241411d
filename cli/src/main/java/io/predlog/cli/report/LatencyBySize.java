package io.predlog.cli.report;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Latency change by input size: each model's calls are put in size quartiles (list length, else canonical
 * input bytes); within each, the share of calls slower than that quartile's p95 in the first
 * {@link DataQuality#REFERENCE} of the period is followed over time, and a rise of it ({@link ChangePoint}) is a
 * finding, with p50 and p99 of the reference and after the onset.
 */
public final class LatencyBySize implements Detector {

    /** The size of the input: list length where the input is a list, else canonical input bytes. */
    static final String SIZE = "coalesce(input.list_length, input_size)";
    /** The smallest rise reported in the share of calls over the reference p95 (which is 5 % by definition). */
    static final double MIN_RISE = 0.1;

    @Override
    public String kind() {
        return "latency_by_size";
    }

    @Override
    public List<Finding> detect(Scope scope) throws SQLException {
        double ref = DataQuality.REFERENCE;
        scope.execute("DROP TABLE IF EXISTS report_sizes");
        scope.execute("CREATE TEMP TABLE report_sizes AS WITH span AS (SELECT model_id, min(ts) AS t0, max(ts) AS t1 "
                + "FROM report_predictions GROUP BY 1), s AS (SELECT p.id, p.model_id, p.bucket, p.ts, p.latency_ms, "
                + SIZE.replace("input", "p.input") + " AS size, p.ts < t0 + (t1 - t0) * " + ref
                + " AS ref FROM report_predictions p JOIN span USING (model_id) WHERE p.latency_ms IS NOT NULL AND "
                + SIZE.replace("input", "p.input") + " IS NOT NULL), b AS (SELECT model_id, "
                + "list_sort(list_distinct(quantile_disc(size, [0.25, 0.5, 0.75]))) AS qs FROM s GROUP BY 1) "
                + "SELECT s.*, len(list_filter(b.qs, x -> x < s.size)) AS bin, b.qs FROM s JOIN b USING (model_id)");
        scope.execute("DROP TABLE IF EXISTS report_size_reference");
        scope.execute("CREATE TEMP TABLE report_size_reference AS SELECT model_id, bin, any_value(qs) AS qs, count(*) AS n, "
                + "quantile_cont(latency_ms, 0.5) AS p50, quantile_cont(latency_ms, 0.95) AS p95, "
                + "quantile_cont(latency_ms, 0.99) AS p99 FROM report_sizes WHERE ref GROUP BY ALL HAVING count(*) >= "
                + (long) ChangePoint.MIN_CALLS);
        List<Finding> out = new ArrayList<>();
        for (Scope.Row r : scope.rows("SELECT model_id, bin, qs, n, p50, p95, p99 FROM report_size_reference ORDER BY 1, 2")) {
            String model = r.text(0);
            int bin = (int) r.count(1);
            List<String> qs = r.texts(2);
            long n = r.count(3);
            double p95 = r.number(5);
            String sizeCondition = bin == 0 ? SIZE + " <= " + qs.get(0)
                    : bin >= qs.size() ? SIZE + " > " + qs.get(qs.size() - 1)
                    : SIZE + " > " + qs.get(bin - 1) + " AND " + SIZE + " <= " + qs.get(bin);
            String sizeLabel = bin == 0 ? "size <= " + qs.get(0) : bin >= qs.size() ? "size > " + qs.get(qs.size() - 1)
                    : "size in (" + qs.get(bin - 1) + ", " + qs.get(bin) + "]";
            List<Scope.Row> rows = scope.rows("SELECT model_id, '', '', bucket, count(*), count(*) FILTER (WHERE latency_ms > ?) "
                    + "FROM report_sizes WHERE model_id = ? AND bin = ? AND NOT ref GROUP BY ALL ORDER BY 4", p95, model, bin);
            if (rows.isEmpty()) {
                continue;
            }
            RateSeries s = new RateSeries(model, "calls with input " + sizeLabel + " slower than " + Figures.number(p95)
                    + " ms (that size's earlier p95)", "(" + sizeCondition + ") AND latency_ms > " + p95,
                    RateSeries.of(rows).get(0).buckets());
            long first = s.buckets().get(0).start() - scope.bucketMillis();
            Optional<Finding> f = s.after(first, n, 0.05 * n).finding(scope, kind(), Finding.Severity.MEDIUM, MIN_RISE,
                    "in the reference period", rise -> {
                        List<Scope.Row> after = scope.rows("SELECT quantile_cont(latency_ms, 0.5), quantile_cont(latency_ms, 0.99), "
                                + "count(*) FROM report_sizes WHERE model_id = ? AND bin = ? AND epoch_ms(ts) >= ?", model, bin, rise.onset());
                        return List.of("input " + sizeLabel + " (size: list length, else input bytes): p50 "
                                + Figures.number(r.number(4)) + " ms, p99 " + Figures.number(r.number(6)) + " ms in the first "
                                + Math.round(DataQuality.REFERENCE * 100) + " % of the period (" + n + " calls); from the onset p50 "
                                + Figures.number(after.get(0).number(0)) + " ms, p99 " + Figures.number(after.get(0).number(1))
                                + " ms (" + after.get(0).count(2) + " calls)");
                    });
            f.ifPresent(out::add);
        }
        return out;
    }
}
