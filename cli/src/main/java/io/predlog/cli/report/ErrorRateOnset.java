package io.predlog.cli.report;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Error-rate change per model version, with its onset and the model loads and version switches in the minutes
 * before it. A version's failure rate rose within its own calls ({@link ChangePoint}); else it rose against the
 * model's other versions, taken as a bucket before the version's first (a new version has few calls of its own to
 * compare with: the onset is its first bucket when it failed from its first call, the later bucket where its
 * failures began otherwise); else the version fails significantly more than the other versions of its model over
 * the whole period.
 */
public final class ErrorRateOnset implements Detector {

    /** How far before an onset a model load or version switch is named as its possible cause. */
    static final long LOOK_BACK_MS = 15 * 60_000;
    /** The smallest rise in failure rate worth a finding: half a percentage point. */
    static final double MIN_RISE = 0.005;

    @Override
    public String kind() {
        return "error_rate_onset";
    }

    @Override
    public List<Finding> detect(Scope scope) throws SQLException {
        Map<List<String>, List<ChangePoint.Bucket>> series = new LinkedHashMap<>();
        for (Scope.Row r : scope.rows("SELECT model_id, coalesce(model_version, '(none)'), bucket, sum(weight), "
                + "count(*) FILTER (WHERE failed) FROM report_predictions GROUP BY ALL ORDER BY 1, 2, 3")) {
            series.computeIfAbsent(List.of(r.text(0), r.text(1)), k -> new ArrayList<>())
                    .add(new ChangePoint.Bucket(r.count(2), r.number(3), r.number(4)));
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<List<String>, List<ChangePoint.Bucket>> e : series.entrySet()) {
            String model = e.getKey().get(0);
            String version = e.getKey().get(1);
            Optional<ChangePoint.Rise> rise = ChangePoint.rise(e.getValue(), MIN_RISE);
            if (rise.isPresent()) {
                findings.add(finding(scope, model, version, rise.get(), "before, in this version"));
                continue;
            }
            double calls = 0;
            double bad = 0;
            for (ChangePoint.Bucket b : e.getValue()) {
                calls += b.calls();
                bad += b.bad();
            }
            double otherCalls = 0;
            double otherBad = 0;
            for (Map.Entry<List<String>, List<ChangePoint.Bucket>> o : series.entrySet()) {
                if (o.getKey().get(0).equals(model) && !o.getKey().get(1).equals(version)) {
                    for (ChangePoint.Bucket b : o.getValue()) {
                        otherCalls += b.calls();
                        otherBad += b.bad();
                    }
                }
            }
            long first = e.getValue().get(0).start();
            if (otherCalls > 0) {
                List<ChangePoint.Bucket> withReference = new ArrayList<>();
                withReference.add(new ChangePoint.Bucket(first - scope.bucketMillis(), otherCalls, otherBad));
                withReference.addAll(e.getValue());
                Optional<ChangePoint.Rise> fromOthers = ChangePoint.rise(withReference, MIN_RISE);
                if (fromOthers.isPresent()) {
                    findings.add(finding(scope, model, version, fromOthers.get(), "before, in this version and the model's other versions"));
                    continue;
                }
            }
            if (ChangePoint.passes(otherBad, otherCalls, bad, calls, MIN_RISE, ChangePoint.ALPHA / Math.max(1, series.size()))) {
                findings.add(finding(scope, model, version, new ChangePoint.Rise(first, otherCalls, otherBad, calls, bad,
                        ChangePoint.pAbove(otherBad, otherCalls, bad, calls)), "in the model's other versions"));
            }
        }
        return findings;
    }

    private Finding finding(Scope scope, String model, String version, ChangePoint.Rise rise, String before)
            throws SQLException {
        String versionCondition = version.equals("(none)") ? "model_version IS NULL" : "model_version = " + Figures.sql(version);
        String where = "model_id = " + Figures.sql(model) + " AND " + versionCondition + " AND ts >= "
                + Figures.timestamp(Instant.ofEpochMilli(rise.onset()));
        List<Scope.Row> first = scope.rows("SELECT min(ts) FROM report_predictions WHERE failed AND " + where);
        Instant firstFailure = first.get(0).time(0);
        List<String> evidence = new ArrayList<>();
        evidence.add("failures from " + Figures.time(firstFailure) + ": " + Figures.percent(rise.rateAfter()) + " of "
                + Figures.count(rise.callsAfter()) + " calls (" + Figures.count(rise.badAfter()) + "); "
                + before + ": " + Figures.percent(rise.rateBefore()) + " of " + Figures.count(rise.callsBefore())
                + " (" + Figures.count(rise.badBefore()) + "); one-sided z-test " + Figures.p(rise.p()));
        List<String> types = new ArrayList<>();
        for (Scope.Row r : scope.rows("SELECT coalesce(error_type, '(no type)'), count(*) FROM report_predictions WHERE failed AND "
                + where + " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3")) {
            types.add(r.text(0) + " " + r.count(1));
        }
        evidence.add("error types: " + String.join(", ", types));
        Instant onset = Instant.ofEpochMilli(rise.onset());
        String cause = null;
        for (Scope.Row r : scope.rows("SELECT \"timestamp\", event, coalesce(model_version, '(none)'), load_time_ms, service "
                + "FROM events WHERE event LIKE 'model_load_%' AND event <> 'model_load_start' AND coalesce(model_id, '') = ? "
                + "AND \"timestamp\" BETWEEN ? AND ? ORDER BY 1",
                model, Instant.ofEpochMilli(rise.onset() - LOOK_BACK_MS), firstFailure == null ? Instant.ofEpochMilli(rise.onset()) : firstFailure)) {
            String what = r.text(1).equals("model_load_success") ? "loaded" : "failed to load";
            evidence.add("before it: " + model + " " + r.text(2) + " " + what + " at " + Figures.time(r.time(0))
                    + " (" + r.text(4) + ", " + Figures.number(r.number(3)) + " ms)");
            if (r.text(2).equals(version) || cause == null) {
                cause = model + " " + r.text(2) + " " + what + " " + Figures.time(r.time(0));
            }
        }
        List<Scope.Row> versionStart = scope.rows("SELECT min(ts) FROM report_predictions WHERE model_id = ? AND " + versionCondition, model);
        Instant firstCall = versionStart.get(0).time(0);
        boolean switched = firstCall != null && firstCall.isAfter(scope.start())
                && firstCall.toEpochMilli() >= rise.onset() - LOOK_BACK_MS
                && (firstFailure == null || !firstCall.isAfter(firstFailure));
        if (switched) {
            evidence.add("version switch: first prediction of " + model + " " + version + " at " + Figures.time(firstCall));
        }
        List<String> examples = examples(scope, where);
        evidence.add("example requests: " + String.join(", ", examples));
        String headline = (cause != null ? cause + "; " : switched ? model + " " + version + " first served "
                + Figures.time(firstCall) + "; " : "") + "model " + model + " " + version + ": failures from "
                + Figures.time(firstFailure) + ": " + Figures.percent(rise.rateAfter()) + " of calls, "
                + Figures.percent(rise.rateBefore()) + " " + before;
        List<String> see = new ArrayList<>();
        for (Scope.Row r : scope.rows("SELECT DISTINCT model_version FROM report_predictions WHERE model_id = ? "
                + "AND model_version IS NOT NULL AND model_version <> ? ORDER BY 1 LIMIT 1", model, version)) {
            see.add("./predlog compare --model " + Figures.shell(model) + " " + Figures.shell(r.text(0)) + " "
                    + Figures.shell(version));
        }
        see.add("./predlog sql " + Figures.shell("SELECT date_trunc('minute', \"timestamp\") AS minute, count(*) AS calls, "
                + "count(*) FILTER (WHERE event = 'prediction_failure') AS failures FROM events WHERE event LIKE 'prediction_%' "
                + "AND model_id = " + Figures.sql(model) + " AND " + versionCondition + " GROUP BY 1 ORDER BY 1"));
        if (!examples.isEmpty()) {
            see.add("./predlog trace " + Figures.shell(examples.get(0)));
        }
        return new Finding(kind(), Finding.Severity.HIGH, headline, onset, model, evidence, see);
    }

    /** Up to three request ids of failed calls matching {@code where} over {@code report_predictions}. */
    static List<String> examples(Scope scope, String where) throws SQLException {
        return scope.exampleRequestIds("report_predictions", "ts", "request_id", "failed AND " + where);
    }
}
