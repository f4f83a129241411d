package io.predlog.cli.baseline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The baseline of a model version's output ({@code output_features} of docs/DRIFT.md, named as
 * {@code model_stats.output_features} names them, docs/STATISTICS.md), for {@link BaselineCommand}.
 *
 * <ul>
 *   <li>From the {@code output} of the {@code prediction_success} events in {@code baseline_calls} (each weighted by
 *       the calls it stands for): {@code output} (a numeric score, {@code output.value}), {@code output.<field>}
 *       ({@code output.values}), and for a numeric vector {@code max(output)}, {@code norm(output)} and the counts of
 *       {@code argmax(output)}.
 *   <li>From the {@code model_stats} windows read, the output features the events do not hold (an event keeps a
 *       vector's summary, not its elements: {@code output[*]}; a string's length; a categorical field's
 *       categories): a categorical one by its categories' counts summed over the windows; a numeric one by values
 *       drawn from each window's quantiles (min, p01, p05, p25, p50, p75, p95, p99, max, linearly interpolated
 *       between them), each window weighing as many values as it counted. That is the distribution as finely as the
 *       statistics describe it: the tails past p01 and p99 are as coarse as their windows' extremes.
 * </ul>
 */
final class OutputFeatures {

    /** The quantiles {@code model_stats} gives a numeric feature, with their ranks. */
    private static final String[] QUANTILES = {"p01", "p05", "p25", "p50", "p75", "p95", "p99"};
    private static final double[] RANKS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
    /** Values drawn from one window's quantiles for a numeric feature (at most; no more than it counted). */
    private static final int PER_WINDOW = 200;

    /** The key under which the values past the agent's category cap are counted ({@code other} in the file). */
    private static final String OTHER = "\u0000other";

    private final Map<String, List<Double>> numeric = new TreeMap<>();
    private final Set<String> fromEvents = new HashSet<>();
    private final Map<String, Map<String, Long>> categorical = new TreeMap<>();

    private OutputFeatures() {
    }

    /**
     * Reads the output features of the calls in {@code baseline_calls} (columns {@code output} and weight {@code w})
     * and of the {@code model_stats} events of the view {@code events}, at most {@code maxValues} values a feature.
     */
    static OutputFeatures read(Statement s, int maxValues) throws SQLException {
        OutputFeatures out = new OutputFeatures();
        s.execute("CREATE OR REPLACE TEMP TABLE baseline_output_values AS SELECT k, v, w FROM ("
                + "SELECT 'output' AS k, output.\"value\" AS v, w FROM baseline_calls WHERE output.\"value\" IS NOT NULL "
                + "UNION ALL SELECT 'output.' || e.key, e.value, w FROM (SELECT unnest(map_entries(output.\"values\")) AS e, w "
                + "FROM baseline_calls WHERE output.\"values\" IS NOT NULL) "
                + "UNION ALL SELECT 'max(output)', output.max, w FROM baseline_calls WHERE output.argmax IS NOT NULL "
                + "UNION ALL SELECT 'norm(output)', output.norm, w FROM baseline_calls WHERE output.argmax IS NOT NULL) "
                + "WHERE isfinite(v)");
        Map<String, QuantileValues> lists = new TreeMap<>();
        try (ResultSet r = s.executeQuery("SELECT k, sum(w), sum(w * w) FROM baseline_output_values GROUP BY k")) {
            while (r.next()) {
                lists.put(r.getString(1), new QuantileValues(QuantileValues.count(r.getDouble(2), r.getDouble(3), maxValues),
                        r.getDouble(2)));
            }
        }
        try (ResultSet r = s.executeQuery("SELECT k, v, w FROM baseline_output_values ORDER BY k, v")) {
            while (r.next()) {
                lists.get(r.getString(1)).add(r.getDouble(2), r.getDouble(3));
            }
        }
        lists.forEach((k, v) -> out.numeric.put(k, v.values()));
        try (ResultSet r = s.executeQuery("SELECT output.argmax::VARCHAR, round(sum(w))::BIGINT FROM baseline_calls "
                + "WHERE output.argmax IS NOT NULL GROUP BY 1 ORDER BY 1")) {
            while (r.next()) {
                out.categorical.computeIfAbsent("argmax(output)", k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
            }
        }
        out.fromEvents.addAll(out.names());
        out.addStatistics(s, maxValues);
        return out;
    }

    private void addStatistics(Statement s, int maxValues) throws SQLException {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<double[]>> drawn = new TreeMap<>(); // feature -> (value, weight)
        try (ResultSet r = s.executeQuery("SELECT raw->>'output_features' FROM events WHERE event = 'model_stats' "
                + "AND (raw->'output_features') IS NOT NULL ORDER BY \"timestamp\"")) {
            while (r.next()) {
                JsonNode features;
                try {
                    features = json.readTree(r.getString(1));
                } catch (JsonProcessingException e) {
                    continue; // the view already parsed it; a value it could not is not a window's statistics
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    String name = f.getKey();
                    if (fromEvents.contains(name)) {
                        continue; // the events give it call by call
                    }
                    JsonNode stats = f.getValue();
                    String kind = stats.path("kind").asText();
                    if (kind.equals("categorical") && stats.path("categories").isObject()) {
                        Map<String, Long> counts = categorical.computeIfAbsent(name, k -> new TreeMap<>());
                        stats.path("categories").fields().forEachRemaining(c -> counts.merge(c.getKey(), c.getValue().asLong(), Long::sum));
                        long other = stats.path("other").asLong(0);
                        if (other > 0) {
                            counts.merge(OTHER, other, Long::sum);
                        }
                    } else if (kind.equals("numeric")) {
                        draw(stats, drawn.computeIfAbsent(name, k -> new ArrayList<>()));
                    }
                }
            }
        }
        for (Map.Entry<String, List<double[]>> f : drawn.entrySet()) {
            List<double[]> points = f.getValue();
            if (points.isEmpty()) {
                continue;
            }
            points.sort((a, b) -> Double.compare(a[0], b[0]));
            double total = 0;
            for (double[] p : points) {
                total += p[1];
            }
            QuantileValues values = new QuantileValues((int) Math.max(1, Math.min(maxValues, Math.round(total))), total);
            points.forEach(p -> values.add(p[0], p[1]));
            numeric.put(f.getKey(), values.values());
        }
    }

    /** Values at evenly spaced ranks of one window's interpolated quantiles, each weighing count / values. */
    private static void draw(JsonNode stats, List<double[]> into) {
        long count = stats.path("count").asLong(0);
        JsonNode q = stats.path("quantiles");
        if (count <= 0 || !stats.path("min").isNumber() || !stats.path("max").isNumber() || !q.isObject()) {
            return;
        }
        double[] ranks = new double[QUANTILES.length + 2];
        double[] values = new double[QUANTILES.length + 2];
        ranks[0] = 0;
        values[0] = stats.path("min").asDouble();
        for (int i = 0; i < QUANTILES.length; i++) {
            if (!q.path(QUANTILES[i]).isNumber()) {
                return;
            }
            ranks[i + 1] = RANKS[i];
            values[i + 1] = q.path(QUANTILES[i]).asDouble();
        }
        ranks[ranks.length - 1] = 1;
        values[values.length - 1] = stats.path("max").asDouble();
        int n = (int) Math.min(count, PER_WINDOW);
        for (int i = 0; i < n; i++) {
            double rank = (i + 0.5) / n;
            int j = 1;
            while (ranks[j] < rank) {
                j++;
            }
            double share = (rank - ranks[j - 1]) / (ranks[j] - ranks[j - 1]);
            double v = values[j - 1] + share * (values[j] - values[j - 1]);
            if (Double.isFinite(v)) {
                into.add(new double[] {v, (double) count / n});
            }
        }
    }

    /** Whether there is none. */
    boolean isEmpty() {
        return numeric.isEmpty() && categorical.isEmpty();
    }

    /** The features' names, in order. */
    List<String> names() {
        Set<String> all = new TreeSet<>(numeric.keySet());
        all.addAll(categorical.keySet());
        return new ArrayList<>(all);
    }

    /** Writes them as the {@code output_features} of a baseline entry. */
    void writeTo(ObjectNode entry) {
        ObjectNode nodes = entry.putObject("output_features");
        for (String name : names()) {
            ObjectNode node = nodes.putObject(name);
            if (numeric.containsKey(name)) {
                node.put("type", "numeric");
                numeric.get(name).forEach(node.putArray("values")::add);
            } else {
                node.put("type", "categorical");
                ObjectNode counts = node.putObject("counts");
                long other = 0;
                for (Map.Entry<String, Long> c : categorical.get(name).entrySet()) {
                    if (c.getKey().equals(OTHER)) {
                        other = c.getValue();
                    } else {
                        counts.put(c.getKey(), c.getValue());
                    }
                }
                if (other > 0) {
                    node.put("other", other);
                }
            }
        }
    }
}
