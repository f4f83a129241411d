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

/**
 * What {@code compare} knows of one model version over the period: its predictions' outcomes, latencies, input
 * sizes, numeric input values, and output hash diversity, read from the {@code events} view.
 *
 * @param version      the model version
 * @param calls        prediction events
 * @param failures     of which {@code prediction_failure}
 * @param errorTypes   failures by {@code error_type}, most frequent first
 * @param latency      {@code latency_ms} of every prediction
 * @param inputSize    {@code input_size} where hashed
 * @param features     {@code input.values} feature → its values
 * @param outputs      successes with an {@code output_hash}
 * @param distinctOutputs distinct {@code output_hash} values among them
 */
record VersionFigures(String version, long calls, long failures, Map<String, Long> errorTypes, Sample latency,
                      Sample inputSize, Map<String, Sample> features, long outputs, long distinctOutputs) {

    /** The figures of {@code version} between {@code from} and {@code to} (inclusive; SQL timestamps as text). */
    static VersionFigures read(Connection c, String version, String from, String to) throws SQLException {
        String where = " FROM events WHERE model_version = ? AND event LIKE 'prediction_%' "
                + "AND \"timestamp\" BETWEEN CAST(? AS TIMESTAMP) AND CAST(? AS TIMESTAMP)";
        long[] counts = new long[4];
        each(c, "SELECT count(*), count(*) FILTER (WHERE event = 'prediction_failure'), count(output_hash), "
                + "count(DISTINCT output_hash)" + where, r -> {
                    for (int i = 0; i < counts.length; i++) {
                        counts[i] = r.getLong(i + 1);
                    }
                }, version, from, to);
        Map<String, Long> errorTypes = new LinkedHashMap<>();
        each(c, "SELECT coalesce(error_type, '(unknown)'), count(*)" + where
                + " AND event = 'prediction_failure' GROUP BY ALL ORDER BY 2 DESC, 1",
                r -> errorTypes.put(r.getString(1), r.getLong(2)), version, from, to);
        Sample latency = Sample.of(doubles(c, "SELECT latency_ms" + where + " AND latency_ms IS NOT NULL", version, from, to));
        Sample size = Sample.of(doubles(c, "SELECT input_size" + where + " AND input_size IS NOT NULL", version, from, to));
        Map<String, List<Double>> values = new TreeMap<>();
        each(c, "SELECT k, v FROM (SELECT unnest(map_keys(input.values)) AS k, unnest(map_values(input.values)) AS v"
                + where + " AND input.values IS NOT NULL) WHERE isfinite(v)",
                r -> values.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getDouble(2)), version, from, to);
        Map<String, Sample> features = new TreeMap<>();
        values.forEach((k, v) -> features.put(k, Sample.of(v.stream().mapToDouble(Double::doubleValue).toArray())));
        return new VersionFigures(version, counts[0], counts[1], errorTypes, latency, size, features, counts[2], counts[3]);
    }

    double errorRate() {
        return calls == 0 ? Double.NaN : (double) failures / calls;
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

    private static double[] doubles(Connection c, String sql, Object... parameters) throws SQLException {
        List<Double> out = new ArrayList<>();
        each(c, sql, r -> out.add(r.getDouble(1)), parameters);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
