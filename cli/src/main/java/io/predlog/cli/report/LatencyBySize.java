package io.predlog.cli.report;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Latency changes against each model's steady state, told by input size: on the described calls ({@link Scope})
 * after each process's warm-up ({@link WarmUp}), two rules.
 *
 * <ol>
 *   <li>Sizes seen before: the calls are put in size quartiles (list length, else canonical input bytes); within
 *       each, the share of calls slower than that quartile's p95 in the first {@link DataQuality#REFERENCE} of the
 *       model's steady period (and than {@link #MIN_SLOW_MS}) is followed over time, and a rise of it ({@link ChangePoint#rise}, at least
 *       {@link #MIN_RISE}) is a finding, with p50 and p99 of the reference and after the onset.
 *   <li>Calls far slower than the others: the steady state's p99 is the 25th percentile, over the buckets, of each
 *       bucket's p99 (an incident covering up to three quarters of the period does not raise it). A call is slow when
 *       it takes more than {@link #FACTOR} times both that p99 and the {@link #MOMENT_QUANTILE} quantile of its
 *       moment (the model's calls in the same process and bucket: a busy machine slows every call, which raises it,
 *       while slow calls do not until they are three quarters of the moment's calls), and more than
 *       {@link #MIN_SLOW_MS} (under it, a busy host's scheduling decides). The share of slow
 *       calls per bucket, warm-up left out, is scanned for an episode ({@link ChangePoint#episode}: a run of buckets
 *       where it is higher than outside, by at least {@link #MIN_RISE}); the finding gives p99 in it against the
 *       steady state's, and the input size of its slow calls against the other calls'.
 * </ol>
 */
public final class LatencyBySize implements Detector {

    /** The size of the input: list length where the input is a list, else canonical input bytes. */
    static final String SIZE = "coalesce(input.list_length, input_size)";
    /**
     * A call far slower than the others takes more than this many times the steady state's p99 and its moment's
     * {@link #MOMENT_QUANTILE} quantile.
     */
    static final double FACTOR = 10;
    /**
     * The quantile of a moment's calls that a call is held against: the lower quarter, so that slow calls that are
     * most of a model's calls in a second (a client sending only large inputs, for as long as the incident lasts)
     * do not become the measure of themselves and hide the incident, while a busy machine, which slows every call,
     * still raises it.
     */
    static final double MOMENT_QUANTILE = 0.25;
    /**
     * Below this many milliseconds a call is not counted slower than its size's p95, nor far slower than the others:
     * at that scale a busy host's scheduling, not the model, decides.
     */
    static final double MIN_SLOW_MS = 1;
    /** The smallest rise in the share of slow calls reported: ten percentage points. */
    static final double MIN_RISE = 0.1;

    @Override
    public String kind() {
        return "latency_by_size";
    }

    @Override
    public List<Finding> detect(Scope scope) throws SQLException {
        // the described predictions, whose input gives the size, each counted by its sample_weight (Scope)
        scope.createTable("report_latency", "SELECT id, model_id, pid, ts, bucket, latency_ms, "
                + "sample_weight AS weight, request_id, " + SIZE + " AS size, w.warmup FROM report_predictions "
                + "JOIN report_warmup w USING (id) WHERE described");
        List<Finding> out = new ArrayList<>(bySize(scope));
        out.addAll(episodes(scope));
        return out;
    }

    /** Rule 1: per size quartile, the share of calls over the reference p95 of that quartile rose. */
    private List<Finding> bySize(Scope scope) throws SQLException {
        double ref = DataQuality.REFERENCE;
        Engine sql = scope.engine();
        scope.createTable("report_sizes", "WITH span AS (SELECT model_id, min(ts) AS t0, max(ts) AS t1 "
                + "FROM report_latency WHERE NOT warmup GROUP BY 1), s AS (SELECT l.id, l.model_id, l.bucket, l.ts, l.latency_ms, "
                + "l.weight, l.size, l.ts < t0 + (t1 - t0) * " + ref + " AS ref FROM report_latency l JOIN span USING (model_id) "
                + "WHERE NOT l.warmup AND l.size IS NOT NULL), b AS (SELECT model_id, "
                + "array_sort(array_distinct(" + sql.quantiles("size", "BIGINT", 0.25, 0.5, 0.75) + ")) AS qs FROM s GROUP BY 1) "
                + "SELECT s.*, " + sql.size("filter(b.qs, x -> x < s.size)") + " AS bin, b.qs FROM s JOIN b USING (model_id)");
        scope.createTable("report_size_reference", "SELECT model_id, bin, any_value(qs) AS qs, count(*) AS n, "
                + sql.quantile("latency_ms", 0.5) + " AS p50, " + sql.quantile("latency_ms", 0.95) + " AS p95, "
                + sql.quantile("latency_ms", 0.99) + " AS p99 FROM report_sizes WHERE ref GROUP BY ALL HAVING count(*) >= "
                + (long) ChangePoint.MIN_CALLS);
        List<Finding> out = new ArrayList<>();
        for (Scope.Row r : scope.rows("SELECT model_id, bin, qs, n, p50, p95, p99 FROM report_size_reference ORDER BY 1, 2")) {
            String model = r.text(0);
            int bin = (int) r.count(1);
            List<String> qs = r.texts(2);
            long n = r.count(3);
            double p95 = Math.max(r.number(5), MIN_SLOW_MS);
            String sizeCondition = bin == 0 ? SIZE + " <= " + qs.get(0)
                    : bin >= qs.size() ? SIZE + " > " + qs.get(qs.size() - 1)
                    : SIZE + " > " + qs.get(bin - 1) + " AND " + SIZE + " <= " + qs.get(bin);
            String sizeLabel = bin == 0 ? "size <= " + qs.get(0) : bin >= qs.size() ? "size > " + qs.get(qs.size() - 1)
                    : "size in (" + qs.get(bin - 1) + ", " + qs.get(bin) + "]";
            List<Scope.Row> rows = scope.rows("SELECT model_id, '', '', bucket, sum(weight), "
                    + "coalesce(sum(weight) FILTER (WHERE latency_ms > ?), 0) FROM report_sizes WHERE model_id = ? AND bin = ? "
                    + "AND NOT ref GROUP BY ALL ORDER BY 4", p95, model, bin);
            if (rows.isEmpty()) {
                continue;
            }
            RateSeries s = new RateSeries(model, "calls with input " + sizeLabel + " slower than " + Figures.number(p95)
                    + " ms (that size's steady p95, at least " + Figures.number(MIN_SLOW_MS) + " ms)", "(" + sizeCondition + ") AND latency_ms > " + p95,
                    RateSeries.of(rows).get(0).buckets());
            long first = s.buckets().get(0).start() - scope.bucketMillis();
            Optional<Finding> f = s.after(first, n, 0.05 * n).finding(scope, kind(), Finding.Severity.MEDIUM, MIN_RISE,
                    "in the reference period", rise -> {
                        List<Scope.Row> after = scope.rows("SELECT " + sql.quantile("latency_ms", 0.5) + ", "
                                + sql.quantile("latency_ms", 0.99) + ", count(*) FROM report_sizes WHERE model_id = ? AND bin = ? AND bucket >= ?", model, bin, rise.onset());
                        return List.of("input " + sizeLabel + " (size: list length, else input bytes): p50 "
                                + Figures.number(r.number(4)) + " ms, p99 " + Figures.number(r.number(6)) + " ms in the first "
                                + Math.round(DataQuality.REFERENCE * 100) + " % of the steady period (" + n + " calls, warm-up "
                                + "left out); from the onset p50 " + Figures.number(after.get(0).number(0)) + " ms, p99 "
                                + Figures.number(after.get(0).number(1)) + " ms (" + after.get(0).count(2) + " calls)");
                    });
            f.ifPresent(out::add);
        }
        return out;
    }

    /** Rule 2: an episode of calls over {@link #FACTOR} times their moment's lower quarter and the steady p99. */
    private List<Finding> episodes(Scope scope) throws SQLException {
        Engine sql = scope.engine();
        scope.createTable("report_slow", "WITH b AS (SELECT model_id, bucket, " + sql.quantile("latency_ms", 0.99) + " AS p99 "
                + "FROM report_latency WHERE NOT warmup GROUP BY ALL), "
                + "steady AS (SELECT model_id, " + sql.quantile("p99", 0.25) + " AS p99 FROM b GROUP BY 1), "
                + "moment AS (SELECT model_id, pid, bucket, " + sql.quantile("latency_ms", MOMENT_QUANTILE)
                + " AS typical FROM report_latency GROUP BY ALL) "
                + "SELECT l.*, steady.p99 AS steady_p99, l.latency_ms > greatest(" + FACTOR
                + " * greatest(moment.typical, steady.p99), "
                + MIN_SLOW_MS + ") AS slow "
                + "FROM report_latency l JOIN moment USING (model_id, pid, bucket) JOIN steady USING (model_id)");
        List<Finding> out = new ArrayList<>();
        for (Scope.Row m : scope.rows("SELECT model_id, any_value(steady_p99), count(*) FILTER (WHERE NOT warmup), "
                + "count(*) FILTER (WHERE warmup) FROM report_slow GROUP BY 1 ORDER BY 1")) {
            String model = m.text(0);
            double steady99 = m.number(1);
            if (m.count(2) < ChangePoint.MIN_CALLS || !(steady99 > 0)) {
                continue;
            }
            List<ChangePoint.Bucket> buckets = new ArrayList<>();
            for (Scope.Row r : scope.rows("SELECT bucket, sum(weight), coalesce(sum(weight) FILTER (WHERE slow), 0) "
                    + "FROM report_slow WHERE model_id = ? AND NOT warmup GROUP BY 1 ORDER BY 1", model)) {
                buckets.add(new ChangePoint.Bucket(r.count(0), r.number(1), r.number(2)));
            }
            Optional<ChangePoint.Episode> found = ChangePoint.episode(buckets, scope.bucketMillis(), MIN_RISE);
            if (found.isPresent()) {
                out.add(finding(scope, model, steady99, m.count(3), found.get()));
            }
        }
        return out;
    }

    private Finding finding(Scope scope, String model, double steady99, long warmupCalls, ChangePoint.Episode e)
            throws SQLException {
        String in = "model_id = ? AND bucket >= ? AND bucket < ? AND NOT warmup";
        Engine sql = scope.engine();
        Scope.Row episode = scope.rows("SELECT " + sql.quantile("latency_ms", 0.5) + ", " + sql.quantile("latency_ms", 0.99)
                + " FROM report_slow WHERE " + in, model, e.start(), e.end()).get(0);
        Scope.Row steady = scope.rows("SELECT " + sql.quantile("latency_ms", 0.5) + " FILTER (WHERE NOT warmup), "
                + sql.quantile("size", 0.5) + ", max(size) FROM report_slow WHERE model_id = ? AND (bucket < ? OR bucket >= ?)", model, e.start(), e.end()).get(0);
        Scope.Row sizes = scope.rows("SELECT " + sql.quantile("size", 0.5) + ", min(size), max(size), count(size) FROM report_slow WHERE "
                + in + " AND slow", model, e.start(), e.end()).get(0);
        List<String> examples = scope.exampleRequestIds("report_slow", "ts", "request_id", in + " AND slow", model,
                e.start(), e.end());
        Instant from = Instant.ofEpochMilli(e.start());
        String until = e.last() ? " on" : " to " + Figures.time(Instant.ofEpochMilli(e.end()));
        double p99 = episode.number(1);
        List<String> evidence = new ArrayList<>();
        evidence.add("calls over " + Figures.number(FACTOR) + " times the greater of their moment's 25th percentile"
                + " (same process and bucket) "
                + "and the steady state's p99, and over " + Figures.number(MIN_SLOW_MS) + " ms; warm-up left out: "
                + Figures.percent(e.rateIn()) + " of " + Figures.count(e.callsIn()) + " calls ("
                + Figures.count(e.badIn()) + ") from " + Figures.time(from) + until + "; " + Figures.percent(e.rateOut()) + " of "
                + Figures.count(e.callsOut()) + " (" + Figures.count(e.badOut()) + ") outside it; one-sided Fisher's exact test "
                + Figures.p(e.p()));
        evidence.add("latency in it: p50 " + Figures.number(episode.number(0)) + " ms, p99 " + Figures.number(p99)
                + " ms; steady state: p50 " + Figures.number(steady.number(0)) + " ms, p99 " + Figures.number(steady99)
                + " ms (the 25th percentile of the buckets' p99, warm-up left out: " + Figures.count(warmupCalls) + " calls)");
        if (sizes.count(3) > 0) {
            evidence.add("input size of its slow calls (list length, else input bytes): p50 " + Figures.number(sizes.number(0))
                    + ", from " + Figures.number(sizes.number(1)) + " to " + Figures.number(sizes.number(2))
                    + "; of the calls outside it: p50 " + Figures.number(steady.number(1)) + ", up to " + Figures.number(steady.number(2)));
        }
        evidence.add("example requests: " + String.join(", ", examples));
        String headline = "model " + model + ": p99 latency " + Figures.number(p99) + " ms from " + Figures.time(from) + until
                + ", " + Figures.number(p99 / steady99) + " times its steady state (" + Figures.number(steady99) + " ms)"
                + (sizes.count(3) > 0 ? "; its slow calls' input size p50 " + Figures.number(sizes.number(0))
                + " (outside it p50 " + Figures.number(steady.number(1)) + ")" : "");
        List<String> see = new ArrayList<>();
        see.add("./predlog sql " + Figures.shell("SELECT time_bucket(INTERVAL '" + scope.bucketMillis() / 1000 + " seconds', "
                + "\"timestamp\") AS t, count(*) AS calls, quantile_cont(latency_ms, 0.5) AS p50, quantile_cont(latency_ms, 0.99) AS p99, "
                + "max(" + SIZE + ") AS max_size FROM events WHERE event LIKE 'prediction_%' AND model_id = " + Figures.sql(model)
                + " GROUP BY 1 ORDER BY 1"));
        if (!examples.isEmpty()) {
            see.add("./predlog trace " + Figures.shell(examples.get(0)));
        }
        return new Finding(kind(), Finding.Severity.MEDIUM, headline, from, model, evidence, see);
    }
}
