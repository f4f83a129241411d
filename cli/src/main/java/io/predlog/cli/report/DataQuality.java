package io.predlog.cli.report;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Data quality of the inputs, per model: a field that went missing from {@code input.field_names}, a numeric field
 * named but without a value (null), NaN values (in {@code input.values}, or {@code input.nan_count}), and values
 * outside the range the same model saw in the first {@link #REFERENCE} of its period. Each is the share of calls
 * with the defect per time bucket, and a finding when that share rose ({@link ChangePoint}).
 *
 * <p>Out of range: among n reference values, a later value from the same distribution falls outside their range
 * with probability 2 / (n + 1); the reference stands before the later buckets as that expected rate, so only a
 * rise well past it is reported, and never less than {@link #MIN_RISE}.
 */
public final class DataQuality implements Detector {

    /** The share of a model's period its reference range is taken from. */
    static final double REFERENCE = 0.3;
    /** The smallest rise in the share of calls with a defect that is reported: one percentage point. */
    static final double MIN_RISE = 0.01;

    @Override
    public String kind() {
        return "data_quality";
    }

    @Override
    public List<Finding> detect(Scope scope) throws SQLException {
        List<Finding> out = new ArrayList<>();
        List<RateSeries> series = new ArrayList<>();
        // one row per prediction and field it names, with whether input.values has an entry for it: the shares of
        // calls missing a field or its value are counts over it, grouped before any text is made
        scope.createTable("report_named", "SELECT model_id, bucket, w, f, coalesce(array_contains(keys, f), false) "
                + "AS has_entry FROM (SELECT model_id, bucket, sample_weight AS w, map_keys(input.\"values\") AS keys, "
                + scope.engine().unnest("array_distinct(input.field_names)") + " AS f FROM report_predictions "
                + "WHERE input.field_names IS NOT NULL)");
        series.addAll(RateSeries.of(scope.rows("WITH calls AS (SELECT model_id, bucket, sum(sample_weight) AS n "
                + "FROM report_predictions WHERE input.field_names IS NOT NULL GROUP BY ALL), named AS (SELECT model_id, f, bucket, sum(w) AS n "
                + "FROM report_named GROUP BY ALL), names AS (SELECT DISTINCT model_id, f FROM named) "
                + "SELECT names.model_id, 'field ' || names.f || ' missing', "
                + "'NOT array_contains(input.field_names, ''' || replace(names.f, '''', '''''') || ''')', calls.bucket, calls.n, "
                + "calls.n - coalesce(named.n, 0) FROM names JOIN calls USING (model_id) LEFT JOIN named "
                + "ON named.model_id = names.model_id AND named.f = names.f AND named.bucket = calls.bucket ORDER BY 1, 2, 3, 4")));
        series.addAll(RateSeries.of(scope.rows("WITH fields AS (SELECT model_id, field FROM (SELECT DISTINCT model_id, x "
                + "FROM report_numbers WHERE x > 0) JOIN report_exprs USING (x)), counts AS (SELECT model_id, f, bucket, sum(w) AS n, "
                + "coalesce(sum(w) FILTER (WHERE NOT has_entry), 0) AS bad FROM report_named GROUP BY ALL) "
                + "SELECT counts.model_id, 'field ' || counts.f || ' without a numeric value (null)', "
                + "'array_contains(input.field_names, ''' || replace(counts.f, '''', '''''') || ''') AND input.\"values\"[''' "
                + "|| replace(counts.f, '''', '''''') || '''] IS NULL', counts.bucket, counts.n, counts.bad "
                + "FROM counts JOIN fields ON counts.model_id = fields.model_id AND counts.f = fields.field ORDER BY 1, 2, 3, 4")));
        series.addAll(RateSeries.of(scope.rows("SELECT model_id, expr || ' NaN', 'isnan(' || expr || ')', bucket, n, bad "
                + "FROM (SELECT model_id, x, bucket, sum(w) AS n, coalesce(sum(w) FILTER (WHERE isnan(v)), 0) AS bad "
                + "FROM report_numbers WHERE x > 0 GROUP BY ALL) JOIN report_exprs USING (x) ORDER BY 1, 2, 3, 4")));
        series.addAll(RateSeries.of(scope.rows("SELECT model_id, 'NaN in the input (input.nan_count > 0)', "
                + "'input.nan_count > 0', bucket, sum(sample_weight), "
                + "coalesce(sum(sample_weight) FILTER (WHERE input.nan_count > 0), 0) FROM report_predictions "
                + "WHERE input.nan_count IS NOT NULL GROUP BY ALL ORDER BY 1, 2, 3, 4")));
        scope.dropTable("report_named");
        for (RateSeries s : series) {
            s.finding(scope, kind(), Finding.Severity.MEDIUM, MIN_RISE, "before", List.of()).ifPresent(out::add);
        }
        out.addAll(outOfRange(scope));
        return out;
    }

    private List<Finding> outOfRange(Scope scope) throws SQLException {
        scope.createTable("report_reference", "WITH span AS (SELECT model_id, min(ts) AS t0, max(ts) AS t1 "
                + "FROM report_predictions GROUP BY 1) SELECT span.model_id, t0 + (t1 - t0) * " + REFERENCE + " AS until, n.x, "
                + "min(n.v) AS lo, max(n.v) AS hi, count(*) AS n_values FROM report_numbers n "
                + "JOIN span USING (model_id) WHERE n.ts < t0 + (t1 - t0) * " + REFERENCE + " AND NOT isnan(n.v) GROUP BY ALL");
        List<RateSeries> series = RateSeries.of(scope.rows("SELECT c.model_id, e.expr, c.lo || '|' || c.hi || '|' || c.n_values, "
                + "c.bucket, c.n, c.bad FROM (SELECT n.model_id, n.x, r.lo, r.hi, r.n_values, n.bucket, sum(n.w) AS n, "
                + "coalesce(sum(n.w) FILTER (WHERE n.v < r.lo OR n.v > r.hi), 0) AS bad FROM report_numbers n "
                + "JOIN report_reference r ON r.model_id = n.model_id AND r.x = n.x "
                + "WHERE n.ts >= r.until AND NOT isnan(n.v) GROUP BY ALL) c JOIN report_exprs e USING (x) ORDER BY 1, 2, 3, 4"));
        List<Finding> out = new ArrayList<>();
        for (RateSeries s : series) {
            String[] ref = s.condition().split("\\|");
            double lo = Double.parseDouble(ref[0]);
            double hi = Double.parseDouble(ref[1]);
            long n = Long.parseLong(ref[2]);
            if (n < ChangePoint.MIN_CALLS) {
                continue;
            }
            RateSeries named = new RateSeries(s.modelId(), s.what() + " outside [" + Figures.number(lo) + ", " + Figures.number(hi) + "]",
                    s.condition() == null ? null : "(" + s.what() + " < " + lo + " OR " + s.what() + " > " + hi + ")", s.buckets());
            double expected = 2.0 / (n + 1);
            long first = s.buckets().get(0).start() - scope.bucketMillis();
            Optional<Finding> f = named.after(first, n, expected * n).finding(scope, kind(), Finding.Severity.MEDIUM,
                    Math.max(MIN_RISE, 10 * expected), "expected from the reference range",
                    List.of("reference: " + n + " values in the first " + Math.round(REFERENCE * 100)
                            + " % of the model's period, range [" + Figures.number(lo) + ", " + Figures.number(hi) + "]"));
            f.ifPresent(out::add);
        }
        return out;
    }
}
