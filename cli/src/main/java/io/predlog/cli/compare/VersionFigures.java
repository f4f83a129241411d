package io.predlog.cli.compare;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.predlog.cli.query.CallWeight;

/**
 * What {@code compare} knows of one model version over the period: its predictions' outcomes, latencies, input
 * sizes, numeric input values, and output hash diversity, read from the {@code events} view. Every kept event
 * is weighted by the calls it stands for, {@code 1 / sample_rate} (docs/EVENTS.md, Sampling).
 *
 * @param version      the model version
 * @param events       prediction events kept
 * @param outcomes     their weighted failures and successes
 * @param errorTypes   failures by {@code error_type} (weighted), most frequent first
 * @param latency      {@code latency_ms} of every prediction
 * @param inputSize    {@code input_size} where hashed
 * @param features     {@code input.values} feature → its values
 * @param outputs      kept successes with an {@code output_hash}
 * @param distinctOutputs distinct {@code output_hash} values among them
 */
record VersionFigures(String version, long events, Outcomes outcomes, Map<String, Double> errorTypes, Sample latency,
                      Sample inputSize, Map<String, Sample> features, long outputs, long distinctOutputs) {

    /** The weight of one event: the calls it stands for (a rate missing or outside (0, 1] counts as 1). */
    static final String WEIGHT = CallWeight.SQL;

    /** The figures of {@code version} between {@code from} and {@code to} (inclusive; SQL timestamps as text). */
    static VersionFigures read(Connection c, String version, String from, String to) throws SQLException {
        String where = " FROM events WHERE model_version = ? AND event LIKE 'prediction_%' "
                + "AND \"timestamp\" BETWEEN CAST(? AS TIMESTAMP) AND CAST(? AS TIMESTAMP)";
        long[] counts = new long[3];
        double[] sums = new double[4];
        String failed = " FILTER (WHERE event = 'prediction_failure')";
        String succeeded = " FILTER (WHERE event <> 'prediction_failure')";
        each(c, "SELECT count(*), count(output_hash), count(DISTINCT output_hash), "
                + "coalesce(sum(w)" + failed + ", 0), coalesce(sum(w * w)" + failed + ", 0), "
                + "coalesce(sum(w)" + succeeded + ", 0), coalesce(sum(w * w)" + succeeded + ", 0) "
                + "FROM (SELECT *, " + WEIGHT + " AS w" + where + ")", r -> {
                    for (int i = 0; i < counts.length; i++) {
                        counts[i] = r.getLong(i + 1);
                    }
                    for (int i = 0; i < sums.length; i++) {
                        sums[i] = r.getDouble(counts.length + i + 1);
                    }
                }, version, from, to);
        Map<String, Double> errorTypes = new LinkedHashMap<>();
        each(c, "SELECT coalesce(error_type, '(unknown)'), sum(" + WEIGHT + ")" + where
                + " AND event = 'prediction_failure' GROUP BY ALL ORDER BY 2 DESC, 1",
                r -> errorTypes.put(r.getString(1), r.getDouble(2)), version, from, to);
        Sample latency = sample(c, "SELECT latency_ms, " + WEIGHT + where + " AND latency_ms IS NOT NULL", version, from, to);
        Sample size = sample(c, "SELECT input_size, " + WEIGHT + where + " AND input_size IS NOT NULL", version, from, to);
        Map<String, List<double[]>> values = new TreeMap<>();
        each(c, "SELECT k, v, w FROM (SELECT unnest(map_keys(input.values)) AS k, unnest(map_values(input.values)) AS v, "
                + WEIGHT + " AS w" + where + " AND input.values IS NOT NULL) WHERE isfinite(v)",
                r -> values.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                        .add(new double[] {r.getDouble(2), r.getDouble(3)}), version, from, to);
        Map<String, Sample> features = new TreeMap<>();
        values.forEach((k, v) -> features.put(k, sample(v)));
        return new VersionFigures(version, counts[0], new Outcomes(sums[0], sums[1], sums[2], sums[3]), errorTypes,
                latency, size, features, counts[1], counts[2]);
    }

    /** The calls the kept events stand for. */
    double calls() {
        return outcomes.calls();
    }

    /** Whether some kept event stands for more than one call. */
    boolean sampled() {
        return Math.abs(calls() - events) > 1e-6 * Math.max(1, events);
    }

    double errorRate() {
        return outcomes.rate();
    }

    /** Receives the rows of a query one at a time. */
    @FunctionalInterface
    private interface Row {
        void accept(ResultSet r) throws SQLException;
    }

    private static void each(Connection c, String sql, Row row, Object... parameters) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                p.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    row.accept(r);
                }
            }
        }
    }

    /** The sample of a query's rows of (value, weight). */
    private static Sample sample(Connection c, String sql, Object... parameters) throws SQLException {
        List<double[]> rows = new ArrayList<>();
        each(c, sql, r -> rows.add(new double[] {r.getDouble(1), r.getDouble(2)}), parameters);
        return sample(rows);
    }

    private static Sample sample(List<double[]> rows) {
        double[] values = new double[rows.size()];
        double[] weights = new double[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = rows.get(i)[0];
            weights[i] = rows.get(i)[1];
        }
        return Sample.of(values, weights);
    }
}
