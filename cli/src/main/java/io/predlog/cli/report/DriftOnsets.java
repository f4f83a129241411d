package io.predlog.cli.report;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drift onsets per feature, from the agent's {@code drift_detected} events (the agent already tested them against
 * sampling noise, docs/DRIFT.md): one finding per model version, each drifting feature with the window it was
 * first detected in, its largest score and whether a {@code drift_resolved} followed.
 */
public final class DriftOnsets implements Detector {

    @Override
    public String kind() {
        return "drift";
    }

    @Override
    public List<Finding> detect(Scope scope) throws SQLException {
        List<Scope.Row> rows = scope.rows("WITH d AS (SELECT coalesce(model_id, '(no model id)') AS model_id, "
                + "coalesce(model_version, '(none)') AS model_version, raw->>'feature' AS feature, raw->>'metric' AS metric, "
                + "\"timestamp\" AS ts, (raw->'window'->>'start')::TIMESTAMP AS window_start, (raw->>'value')::DOUBLE AS value, "
                + "(raw->>'threshold')::DOUBLE AS threshold, raw->>'severity' AS severity, event FROM events "
                + "WHERE event IN ('drift_detected', 'drift_resolved')) "
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
