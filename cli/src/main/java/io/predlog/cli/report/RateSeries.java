package io.predlog.cli.report;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The share of one model's calls that have some property, per time bucket (a field missing, a value NaN or out of
 * range, a novel input), and the finding it makes when the share rose ({@link ChangePoint}).
 *
 * @param modelId   the model
 * @param what      the property, as a headline phrase: {@code "field country missing"}
 * @param condition the SQL condition over {@code events} that selects the calls with it (for examples and commands)
 * @param buckets   calls and calls with the property per bucket, in time order
 */
record RateSeries(String modelId, String what, String condition, List<ChangePoint.Bucket> buckets) {

    /**
     * Groups rows of (model id, what, condition, bucket start ms, calls, bad calls), ordered by the first three and
     * the bucket, into series.
     */
    static List<RateSeries> of(List<Scope.Row> rows) {
        Map<List<String>, List<ChangePoint.Bucket>> grouped = new LinkedHashMap<>();
        for (Scope.Row r : rows) {
            grouped.computeIfAbsent(List.of(r.text(0), r.text(1), r.text(2)), k -> new ArrayList<>())
                    .add(new ChangePoint.Bucket(r.count(3), r.number(4), r.number(5)));
        }
        List<RateSeries> out = new ArrayList<>();
        grouped.forEach((k, v) -> out.add(new RateSeries(k.get(0), k.get(1), k.get(2), v)));
        return out;
    }

    /** This series with a bucket before all others, standing for a reference period. */
    RateSeries after(long start, double calls, double bad) {
        List<ChangePoint.Bucket> b = new ArrayList<>();
        b.add(new ChangePoint.Bucket(start, calls, bad));
        b.addAll(buckets);
        return new RateSeries(modelId, what, condition, b);
    }

    /** The finding when the share rose by at least {@code minRise}, empty otherwise. */
    Optional<Finding> finding(Scope scope, String kind, Finding.Severity severity, double minRise, String before,
                              List<String> extraEvidence) throws SQLException {
        return finding(scope, kind, severity, minRise, before, rise -> extraEvidence);
    }

    /** Evidence that depends on where the rise was found. */
    interface Evidence {
        List<String> lines(ChangePoint.Rise rise) throws SQLException;
    }

    /** As {@link #finding(Scope, String, Finding.Severity, double, String, List)}, with evidence from the rise. */
    Optional<Finding> finding(Scope scope, String kind, Finding.Severity severity, double minRise, String before,
                              Evidence extraEvidence) throws SQLException {
        Optional<ChangePoint.Rise> found = ChangePoint.rise(buckets, minRise);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ChangePoint.Rise rise = found.get();
        Instant onset = Instant.ofEpochMilli(rise.onset());
        String where = "event LIKE 'prediction_%' AND coalesce(model_id, '(no model id)') = " + Figures.sql(modelId)
                + " AND \"timestamp\" >= " + Figures.timestamp(onset) + " AND (" + condition + ")";
        List<String> examples = new ArrayList<>();
        Instant first = null;
        for (Scope.Row r : scope.exampleRequests("events", "\"timestamp\"", "request_id", where)) {
            examples.add(r.text(0));
            if (first == null) {
                first = r.time(1);
            }
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("from " + Figures.time(first == null ? onset : first) + ": " + Figures.percent(rise.rateAfter()) + " of "
                + Figures.count(rise.callsAfter()) + " calls (" + Figures.count(rise.badAfter()) + "); " + before + ": "
                + Figures.percent(rise.rateBefore()) + " of " + Figures.count(rise.callsBefore()) + " ("
                + Figures.count(rise.badBefore()) + "); one-sided z-test " + Figures.p(rise.p()));
        evidence.addAll(extraEvidence.lines(rise));
        evidence.add("example requests: " + String.join(", ", examples));
        String headline = "model " + modelId + ": " + what + " in " + Figures.percent(rise.rateAfter()) + " of calls from "
                + Figures.time(first == null ? onset : first) + " (" + Figures.percent(rise.rateBefore()) + " " + before + ")";
        List<String> see = new ArrayList<>();
        see.add("./predlog sql " + Figures.shell("SELECT date_trunc('minute', \"timestamp\") AS minute, count(*) AS calls, "
                + "count(*) FILTER (WHERE " + condition + ") AS matching FROM events WHERE event LIKE 'prediction_%' AND model_id = "
                + Figures.sql(modelId) + " GROUP BY 1 ORDER BY 1"));
        if (!examples.isEmpty()) {
            see.add("./predlog trace " + Figures.shell(examples.get(0)));
        }
        return Optional.of(new Finding(kind, severity, headline, onset, modelId, evidence, see));
    }
}
