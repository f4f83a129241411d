package io.predlog.cli.report;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Drift onsets per feature, from the agent's {@code drift_detected} events (the agent tested them against sampling
 * noise, docs/DRIFT.md): one finding per model version, each drifting feature with the window it was first detected
 * in, its largest score and whether a {@code drift_resolved} followed.
 *
 * <p>The agent's noise level counts a feature's values. For an element-wise feature ({@code output[*]},
 * {@code pixels[*]}: every element of every call's array) the values of one call are not independent draws (an
 * embedding's similarities to the centroids all follow the one input), so the sample that noise depends on is the
 * calls. A {@code drift_detected} of such a feature is kept only when its score also passes the noise level of
 * docs/DRIFT.md computed with calls: the baseline's {@code baseline.calls} and the calls of that window's
 * {@code model_stats}, at the agent's default α ({@link #ALPHA}) and bins ({@link #BINS}). Where either count is
 * missing, the event is kept as the agent wrote it.
 */
public final class DriftOnsets implements Detector {

    @Override
    public String kind() {
        return "drift";
    }

    /** The agent's default significance level for drift (docs/DRIFT.md, {@code predlog.drift.alpha}). */
    static final double ALPHA = 0.001;
    /** The agent's default number of bins for a numeric feature (docs/DRIFT.md, {@code predlog.drift.bins}). */
    static final int BINS = 10;

    @Override
    public List<Finding> detect(Scope scope) throws SQLException {
        String calls = "(1.0 / s.window_calls + 1.0 / e.baseline_calls)";
        double chi = new ChiSquaredDistribution(BINS - 1).inverseCumulativeProbability(1 - ALPHA);
        String noise = "CASE e.metric WHEN 'ks' THEN " + Math.sqrt(-Math.log(ALPHA / 2) / 2) + " * sqrt(" + calls + ") "
                + "WHEN 'psi' THEN " + chi + " * " + calls + " WHEN 'js' THEN sqrt(" + chi + " * " + calls + " / "
                + 8 * Math.log(2) + ") ELSE 0 END";
        List<Scope.Row> rows = scope.rows("WITH e AS (SELECT coalesce(model_id, '(no model id)') AS model_id, "
                + "coalesce(model_version, '(none)') AS model_version, pid, target, raw->>'feature' AS feature, "
                + "raw->>'metric' AS metric, \"timestamp\" AS ts, (raw->'window'->>'start')::TIMESTAMP AS window_start, "
                + "(raw->>'value')::DOUBLE AS value, (raw->>'threshold')::DOUBLE AS threshold, raw->>'severity' AS severity, "
                + "(raw->'baseline'->>'calls')::BIGINT AS baseline_calls, event FROM events "
                + "WHERE event IN ('drift_detected', 'drift_resolved')), "
                + "s AS (SELECT coalesce(model_id, '(no model id)') AS model_id, coalesce(model_version, '(none)') AS model_version, "
                + "pid, target, (raw->>'window_start')::TIMESTAMP AS window_start, max((raw->>'calls')::BIGINT) AS window_calls "
                + "FROM events WHERE event = 'model_stats' GROUP BY ALL), "
                + "d AS (SELECT e.*, s.window_calls FROM e LEFT JOIN s USING (model_id, model_version, pid, target, window_start) "
                + "WHERE e.event = 'drift_resolved' OR e.feature NOT LIKE '%[*]%' OR coalesce(e.baseline_calls, 0) <= 0 "
                + "OR coalesce(s.window_calls, 0) <= 0 OR e.value >= " + noise + ") "
                + "SELECT model_id, model_version, feature, metric, min(window_start) FILTER (WHERE event = 'drift_detected'), "
                + "max(value) FILTER (WHERE event = 'drift_detected'), any_value(threshold), "
                + "max(ts) FILTER (WHERE event = 'drift_detected'), max(ts) FILTER (WHERE event = 'drift_resolved'), "
                + "bool_or(severity = 'significant') FROM d GROUP BY ALL "
                + "HAVING count(*) FILTER (WHERE event = 'drift_detected') > 0 ORDER BY 5, 3, 4");
        Map<List<String>, List<Scope.Row>> byVersion = new LinkedHashMap<>();
        for (Scope.Row r : rows) {
            byVersion.computeIfAbsent(List.of(r.text(0), r.text(1)), k -> new ArrayList<>()).add(r);
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<Scope.Row>> e : byVersion.entrySet()) {
            String model = e.getKey().get(0);
            String version = e.getKey().get(1);
            List<String> evidence = new ArrayList<>();
            List<String> features = new ArrayList<>();
            boolean significant = false;
            for (Scope.Row r : e.getValue()) {
                if (!features.contains(r.text(2))) {
                    features.add(r.text(2));
                }
                significant |= Boolean.TRUE.equals(r.values()[9]);
                boolean resolved = r.time(8) != null && r.time(8).isAfter(r.time(7));
                evidence.add(r.text(2) + " (" + r.text(3) + "): from the window starting " + Figures.time(r.time(4))
                        + ", score up to " + Figures.number(r.number(5)) + " (threshold " + Figures.number(r.number(6)) + ")"
                        + (resolved ? ", resolved " + Figures.time(r.time(8)) : ", not resolved"));
            }
            List<String> inputs = features.stream().filter(f -> !isOutputFeature(f)).toList();
            List<String> outputs = features.stream().filter(DriftOnsets::isOutputFeature).toList();
            String what = (inputs.isEmpty() ? "" : "input drift in " + String.join(", ", inputs))
                    + (inputs.isEmpty() || outputs.isEmpty() ? "" : "; ")
                    + (outputs.isEmpty() ? "" : "prediction drift in " + String.join(", ", outputs));
            String headline = "model " + model + " " + version + ": " + what
                    + " from " + Figures.time(e.getValue().get(0).time(4));
            List<String> see = List.of("./predlog sql " + Figures.shell("SELECT \"timestamp\", event, raw->>'feature' AS feature, "
                    + "raw->>'metric' AS metric, raw->>'value' AS value FROM events WHERE event LIKE 'drift_%' AND model_id = "
                    + Figures.sql(model) + " ORDER BY 1"));
            out.add(new Finding(kind(), significant ? Finding.Severity.MEDIUM : Finding.Severity.LOW, headline,
                    e.getValue().get(0).time(4), model, evidence, see));
        }
        return out;
    }

    /**
     * Whether a drifting feature is one of the output's, as docs/DRIFT.md names them: {@code output},
     * {@code output[*]}, {@code output.<field>}, and {@code argmax}, {@code max}, {@code norm} or {@code length} of
     * {@code output}.
     */
    static boolean isOutputFeature(String feature) {
        return feature.equals("output") || feature.startsWith("output[") || feature.startsWith("output.")
                || feature.matches("(argmax|max|norm|length)\\(output\\)");
    }
}
