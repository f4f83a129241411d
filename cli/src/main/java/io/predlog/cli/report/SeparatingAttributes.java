package io.predlog.cli.report;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What separates the failing (or slow) calls from the rest: every candidate attribute value of a prediction
 * (model version, target, service, input type, number of fields, a field present or missing, a repeated input
 * hash, each numeric input value, list length and input size binned by quantiles) is scored by its risk ratio,
 * the bad-call rate among calls with it over the rate among the others, as MacroBase ranks explanations. A value
 * is kept only with a minimum support (a share of the bad calls, and {@link ChangePoint#MIN_BAD} of them) and
 * when a one-sided Fisher's exact test at {@link ChangePoint#ALPHA} divided by the number of candidates says
 * the difference is not noise; the best value of each attribute is reported, with its share of the bad calls
 * against its share of all calls.
 *
 * <p>Counts are weighted by 1 / {@code sample_rate}: a kept event with sample rate r stands for 1 / r calls (failures
 * are always kept, at 1.0), so successes thinned by sampling do not make the failures' share of a value look larger
 * than it was; the same holds for the report's own sample of the successes past a few hundred thousand
 * ({@code described_weight}, {@link Scope}). The test takes the weighted counts, rounded, as counts. It is exact, not
 * the normal approximation: a value of a few dozen calls holding a dozen slow ones passed a z-test at 0.001 divided
 * by the candidates on a clean demo night, where the exact probability was about sixty times larger.
 */
public final class SeparatingAttributes implements Detector {

    /** The share of the bad calls a value must cover. */
    static final double MIN_SUPPORT = 0.1;
    /** Values shown per finding. */
    static final int SHOWN = 5;
    private static final double[] QUANTILES = {0.1, 0.25, 0.5, 0.75, 0.9};

    private final boolean slow;

    private SeparatingAttributes(boolean slow) {
        this.slow = slow;
    }

    /** Separates failed calls from the others. */
    public static SeparatingAttributes failures() {
        return new SeparatingAttributes(false);
    }

    /**
     * Separates slow calls from the others: slower than the 95th percentile of the calls of the same model version and
     * input-size decile, so that latency growing with input size (the normal case) is not itself a finding, and what
     * sets a call apart is looked for among comparable calls (a version slower as a whole is a latency change over
     * time, {@link LatencyBySize}, and a comparison, {@code predlog compare}). A slow call also takes more than
     * {@link LatencyBySize#MIN_SLOW_MS}: what makes a 40 µs call take 60 µs is real (a longer loop over a value, a
     * few more allocations) but not what anyone diagnoses, and under a millisecond a busy host's scheduling decides
     * as much as the input. Warm-up ({@link WarmUp}) is left out: its calls are slow whatever their input.
     */
    public static SeparatingAttributes slowCalls() {
        return new SeparatingAttributes(true);
    }

    @Override
    public String kind() {
        return slow ? "slow_call_attributes" : "failure_attributes";
    }

    /** The smallest risk ratio reported: 2 for failures; 3 for slow calls, whose latency often grows with input. */
    private double minRiskRatio() {
        return slow ? 3 : 2;
    }

    /**
     * The order findings show values in: by the risk ratio with the Haldane-Anscombe correction (half a call added to
     * each count), so that values every failing call shares are not all unbounded alike; then by how often their own
     * calls fail, then by how many; last by label, so that ties rank the same whatever order the query returned them
     * in.
     *
     * @param n all calls (weighted)
     * @param k the failing or slow ones
     */
    static Comparator<Candidate> ranking(double n, double k) {
        return Comparator.comparingDouble((Candidate c) -> -correctedRiskRatio(c, n, k))
                .thenComparingDouble(c -> -c.bad() / c.calls()).thenComparingDouble(c -> -c.bad())
                .thenComparing(Candidate::label);
    }

    /**
     * One candidate value.
     *
     * @param label     how the value is shown
     * @param condition the SQL condition over {@code events} that selects its calls
     * @param calls     calls with it (weighted: a sampled call stands for 1 / sample_rate)
     * @param bad       bad calls among them (weighted)
     */
    record Candidate(String label, String attribute, String condition, double calls, double bad) {
    }

    @Override
    public List<Finding> detect(Scope scope) throws SQLException {
        String threshold = null;
        if (slow) {
            List<Scope.Row> q = scope.rows("SELECT count(latency_ms) FROM report_predictions");
            if (q.get(0).count(0) < 100) {
                return List.of();
            }
            threshold = "the p95 of their model version and input-size decile, and "
                    + Figures.number(LatencyBySize.MIN_SLOW_MS) + " ms";
        }
        if (slow) {
            // a process's warm-up is slow whatever the input, so it is left out of both sides (WarmUp)
            // calls of equal size fall on either side of a decile's edge by time, then request: alike on every engine
            scope.createTable("report_flags", "WITH d AS (SELECT id, model_id, coalesce(model_version, '') AS version, "
                    + "latency_ms, described_weight AS weight, ntile(10) OVER (PARTITION BY model_id, coalesce(model_version, '') "
                    + "ORDER BY " + LatencyBySize.SIZE + ", ts, request_id) AS decile FROM report_predictions JOIN report_warmup w USING (id) "
                    + "WHERE described AND NOT w.warmup), "
                    + "q AS (SELECT model_id, version, decile, " + scope.engine().quantile("latency_ms", 0.95)
                    + " AS p95 FROM d GROUP BY ALL) "
                    + "SELECT d.id, d.latency_ms > greatest(q.p95, " + LatencyBySize.MIN_SLOW_MS + ") AS bad, d.weight "
                    + "FROM d JOIN q USING (model_id, version, decile)");
        } else {
            scope.createTable("report_flags", "SELECT id, failed AS bad, described_weight AS weight "
                    + "FROM report_predictions WHERE described");
        }
        List<Scope.Row> totals = scope.rows("SELECT sum(weight), coalesce(sum(weight) FILTER (WHERE bad), 0) FROM report_flags");
        double n = totals.get(0).number(0);
        double k = totals.get(0).number(1);
        if (!(k >= 2 * ChangePoint.MIN_BAD) || k >= n) {
            return List.of();
        }
        List<Candidate> candidates = candidates(scope);
        double alpha = ChangePoint.ALPHA / Math.max(1, candidates.size());
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : candidates) {
            double restCalls = n - c.calls();
            double restBad = k - c.bad();
            if (restCalls <= 0 || c.bad() < Math.max(ChangePoint.MIN_BAD, MIN_SUPPORT * k)) {
                continue;
            }
            if (riskRatio(c, n, k) >= minRiskRatio() && ChangePoint.fisherAbove(restBad, restCalls, c.bad(), c.calls()) < alpha) {
                kept.add(c);
            }
        }
        kept.sort(ranking(n, k));
        Set<String> attributes = new HashSet<>();
        List<Candidate> shown = new ArrayList<>();
        for (Candidate c : kept) {
            if (attributes.add(c.attribute()) && shown.size() < SHOWN) {
                shown.add(c);
            }
        }
        if (shown.isEmpty()) {
            return List.of();
        }
        String what = slow ? "slow calls (over " + threshold + ")" : "failing calls";
        String rate = slow ? "slow-call rate" : "failure rate";
        List<String> evidence = new ArrayList<>();
        evidence.add(Figures.count(k) + " " + what + " of " + Figures.count(n) + " predictions; values ranked by risk ratio ("
                + rate + " with the value / without it):");
        for (Candidate c : shown) {
            evidence.add(c.label() + ": " + Figures.percent(c.bad() / k) + " of the " + (slow ? "slow" : "failing")
                    + " calls, " + Figures.percent(c.calls() / n) + " of all calls; " + rate + " "
                    + Figures.percent(c.bad() / c.calls()) + " vs " + Figures.percent((k - c.bad()) / (n - c.calls()))
                    + " without it (risk ratio " + ratio(riskRatio(c, n, k)) + ")");
        }
        Candidate top = shown.get(0);
        List<String> examples = scope.exampleRequestIds("report_predictions p JOIN report_flags f USING (id)", "p.ts",
                "p.request_id", "f.bad AND p.id IN (SELECT id FROM report_predictions WHERE " + top.condition() + ")");
        evidence.add("example requests with " + top.label() + ": " + String.join(", ", examples));
        String headline = what.substring(0, 1).toUpperCase(Locale.ROOT) + what.substring(1) + " stand out by " + top.label()
                + ": " + Figures.percent(top.bad() / k) + " of them, " + Figures.percent(top.calls() / n)
                + " of all calls (risk ratio " + ratio(riskRatio(top, n, k)) + ")";
        List<String> see = new ArrayList<>();
        see.add("./predlog sql " + Figures.shell("SELECT " + (slow ? "quantile_cont(latency_ms, 0.5) AS p50, "
                + "quantile_cont(latency_ms, 0.95) AS p95, count(*)" : "event = 'prediction_failure' AS failed, count(*)")
                + " FROM events WHERE event LIKE 'prediction_%' AND " + top.condition() + (slow ? "" : " GROUP BY 1")));
        if (!examples.isEmpty()) {
            see.add("./predlog trace " + Figures.shell(examples.get(0)));
        }
        return List.of(new Finding(kind(), slow ? Finding.Severity.LOW : Finding.Severity.MEDIUM, headline, null, null, evidence, see));
    }

    private static double riskRatio(Candidate c, double n, double k) {
        double in = c.bad() / c.calls();
        double out = (k - c.bad()) / (n - c.calls());
        return out == 0 ? Double.POSITIVE_INFINITY : in / out;
    }

    private static double correctedRiskRatio(Candidate c, double n, double k) {
        return ((c.bad() + 0.5) / (c.calls() + 1)) / ((k - c.bad() + 0.5) / (n - c.calls() + 1));
    }

    private static String ratio(double r) {
        return Double.isInfinite(r) ? "unbounded: none without it" : Figures.number(r);
    }

    private List<Candidate> candidates(Scope scope) throws SQLException {
        List<Candidate> out = new ArrayList<>();
        String[][] categorical = {
                {"model", "model_id || ' ' || coalesce(model_version, '(none)')",
                        "coalesce(model_id, '(no model id)') || ' ' || coalesce(model_version, '(none)')"},
                {"target", "target", "target"},
                {"service", "service", "service"},
                {"input.type", "input.type", "input.type"},
                {"input.num_fields", "input.num_fields::STRING", "input.num_fields::STRING"},
        };
        StringBuilder columns = new StringBuilder();
        StringBuilder sets = new StringBuilder();
        for (int i = 0; i < categorical.length; i++) {
            columns.append(categorical[i][1]).append(" AS c").append(i).append(", ");
            sets.append(i == 0 ? "" : ", ").append("(c").append(i).append(")");
        }
        for (Scope.Row r : scope.rows("SELECT " + columns
                + "sum(f.weight), coalesce(sum(f.weight) FILTER (WHERE f.bad), 0) FROM report_predictions JOIN report_flags f USING (id) "
                + "GROUP BY GROUPING SETS (" + sets + ")")) {
            for (int i = 0; i < categorical.length; i++) {
                if (r.values()[i] != null) {
                    String[] c = categorical[i];
                    out.add(new Candidate(c[0] + " = " + r.text(i), c[0], c[2] + " = " + Figures.sql(r.text(i)),
                            r.number(categorical.length), r.number(categorical.length + 1)));
                }
            }
        }
        for (Scope.Row r : scope.rows("SELECT input_hash, sum(f.weight), coalesce(sum(f.weight) FILTER (WHERE f.bad), 0) "
                + "FROM report_predictions JOIN report_flags f USING (id) WHERE input_hash IS NOT NULL GROUP BY 1 "
                + "HAVING count(*) >= " + ChangePoint.MIN_BAD)) {
            out.add(new Candidate("input_hash = " + r.text(0) + " (a repeated input)", "input_hash:" + r.text(0),
                    "input_hash = " + Figures.sql(r.text(0)), r.number(1), r.number(2)));
        }
        List<Scope.Row> named = scope.rows("SELECT coalesce(sum(f.weight), 0), coalesce(sum(f.weight) FILTER (WHERE f.bad), 0) "
                + "FROM report_predictions JOIN report_flags f USING (id) WHERE input.field_names IS NOT NULL");
        double namedCalls = named.get(0).number(0);
        double namedBad = named.get(0).number(1);
        for (Scope.Row r : scope.rows("SELECT n.f, sum(fl.weight), coalesce(sum(fl.weight) FILTER (WHERE fl.bad), 0) "
                + "FROM (SELECT id, " + scope.engine().unnest("input.field_names") + " AS f FROM report_predictions) n JOIN report_flags fl USING (id) GROUP BY 1")) {
            String name = r.text(0);
            out.add(new Candidate("field " + name + " present", "field:" + name,
                    "array_contains(input.field_names, " + Figures.sql(name) + ")", r.number(1), r.number(2)));
            out.add(new Candidate("field " + name + " missing", "field:" + name,
                    "NOT array_contains(input.field_names, " + Figures.sql(name) + ")", namedCalls - r.number(1), namedBad - r.number(2)));
        }

        // the bounds as columns too: a value's bin is the number of bounds below it, counted without a lambda
        StringBuilder edges = new StringBuilder();
        StringBuilder binOf = new StringBuilder();
        for (int i = 1; i <= QUANTILES.length; i++) {
            edges.append(", ").append(scope.engine().element("qs", i)).append(" AS q").append(i);
            binOf.append(i == 1 ? "" : " + ").append("coalesce((n.v > b.q").append(i).append(")::INTEGER, 0)");
        }
        scope.createTable("report_bounds", "SELECT x, qs" + edges + " FROM (SELECT x, array_sort(array_distinct("
                + scope.engine().quantiles("v", "DOUBLE", QUANTILES) + ")) AS qs FROM report_numbers WHERE NOT isnan(v) GROUP BY 1)");
        for (Scope.Row r : scope.rows("SELECT e.expr, c.bin, b.qs, c.calls, c.bad FROM (SELECT n.x, " + binOf + " AS bin, "
                + "sum(f.weight) AS calls, coalesce(sum(f.weight) FILTER (WHERE f.bad), 0) AS bad FROM report_numbers n "
                + "JOIN report_bounds b USING (x) JOIN report_flags f USING (id) WHERE NOT isnan(n.v) GROUP BY ALL) c "
                + "JOIN report_bounds b USING (x) JOIN report_exprs e USING (x)")) {
            String expr = r.text(0);
            int bin = (int) r.count(1);
            List<String> bounds = r.texts(2);
            if (bounds.size() < 1) {
                continue;
            }
            String label;
            String condition;
            if (bin == 0) {
                label = expr + " <= " + Figures.number(Double.parseDouble(bounds.get(0)));
                condition = expr + " <= " + bounds.get(0);
            } else if (bin >= bounds.size()) {
                label = expr + " > " + Figures.number(Double.parseDouble(bounds.get(bounds.size() - 1)));
                condition = expr + " > " + bounds.get(bounds.size() - 1);
            } else {
                label = expr + " in (" + Figures.number(Double.parseDouble(bounds.get(bin - 1))) + ", "
                        + Figures.number(Double.parseDouble(bounds.get(bin))) + "]";
                condition = expr + " > " + bounds.get(bin - 1) + " AND " + expr + " <= " + bounds.get(bin);
            }
            out.add(new Candidate(label, expr, condition, r.number(3), r.number(4)));
        }
        return out;
    }
}
