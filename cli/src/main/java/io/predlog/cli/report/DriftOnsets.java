package io.predlog.cli.report;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Drift onsets per feature, from the agent's {@code drift_detected} events: one finding per model version, each
 * drifting feature with the window it was first detected in, its largest score and whether a
 * {@code drift_resolved} followed.
 *
 * <p>The agent tests each window, feature and metric on its own against sampling noise at α (docs/DRIFT.md). A
 * night of short windows is hundreds of such tests, and at a few values per bin the χ² approximation behind the
 * noise level lets through more than α of them, so the report keeps a {@code drift_detected} only when its score
 * is also past the noise level at α divided by the number of tests in its window (Bonferroni over the
 * {@code drift} scores of that window's {@code model_stats}), with:
 * <ul>
 *   <li>the sample sizes: a feature's values in the window and the baseline, except for an element-wise feature
 *   ({@code output[*]}, {@code pixels[*]}: every element of every call's array), whose values of one call are not
 *   independent draws (an embedding's similarities to the centroids all follow the one input), so its sample is
 *   the calls: {@code baseline.calls} and the calls of that window's {@code model_stats};</li>
 *   <li>the bins: the agent's default {@link #BINS} for a numeric feature; for a categorical one, its categories in
 *   the window's {@code model_stats} (one more for {@code other}) or in {@code top_moved_bins}, whichever is more,
 *   at least 2.</li>
 * </ul>
 * Where a count is missing (a log without the window's {@code model_stats}), the event is kept as the agent wrote
 * it. Scores well past their thresholds, as real drift gives, pass either way; docs/CLI.md describes the rule.
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

    /** One drift event, with what its window's {@code model_stats} says of the sample and the tests. */
    private record Event(String model, String version, String feature, String metric, boolean detected, Instant ts,
                         Instant window, double value, double threshold, boolean significant, long windowCount,
                         long baselineCount, long windowCalls, long baselineCalls, long tests, int categories) {

        /** Whether sampling noise explains the score (false when the counts to say so are missing). */
        boolean noise() {
            boolean elementWise = feature.contains("[*]");
            long n = elementWise ? windowCalls : windowCount;
            long m = elementWise ? baselineCalls : baselineCount;
            if (n <= 0 || m <= 0) {
                return false;
            }
            int bins = categories > 0 ? Math.max(2, categories) : BINS;
            return value < noiseLevel(metric, bins, n, m, ALPHA / Math.max(1, tests));
        }
    }

    /**
     * The score two samples of sizes {@code n} and {@code m} from one distribution exceed with probability
     * {@code alpha}, as docs/DRIFT.md defines it for each metric (0 for an unknown metric).
     */
    static double noiseLevel(String metric, int bins, long n, long m, double alpha) {
        double sizes = 1.0 / n + 1.0 / m;
        switch (metric) {
            case "ks":
                return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt(sizes);
            case "psi":
                return chiSquare(bins, alpha) * sizes;
            case "js":
                return Math.sqrt(chiSquare(bins, alpha) * sizes / (8 * Math.log(2)));
            default:
                return 0;
        }
    }

    private static double chiSquare(int bins, double alpha) {
        return new ChiSquaredDistribution(bins - 1).inverseCumulativeProbability(1 - alpha);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON text {@code text} parsed; a missing node when there is none or it does not parse. */
    private static JsonNode json(String text) {
        if (text == null) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** The drift tests a window's {@code model_stats} ran: the figures under each of its {@code drift} entries. */
    private static long tests(JsonNode stats) {
        long n = 0;
        for (JsonNode entry : stats.path("drift")) {
            n += entry.isObject() ? entry.size() : 0;
        }
        return n;
    }

    /**
     * The categories a categorical feature's drift score compared (0 for a numeric one): its window's categories
     * and the "other" bucket, or the categories its moved bins name, whichever is more.
     */
    private static int categories(String feature, String metric, JsonNode event, JsonNode stats) {
        int moved = 0;
        for (JsonNode bin : event.path("top_moved_bins")) {
            moved += (bin.has("category") ? 1 : 0) + (bin.has("other") ? 1 : 0);
        }
        // the feature's figures in the window's model_stats: under features or output_features, as the event names it
        JsonNode figures = stats.path("features").path(feature);
        if (figures.isMissingNode()) {
            figures = stats.path("output_features").path(feature);
        }
        boolean categorical = "js".equals(metric) || moved > 0 || "categorical".equals(figures.path("kind").asText(null));
        if (!categorical) {
            return 0;
        }
        JsonNode named = figures.path("categories");
        int windowCategories = named.isObject() ? named.size() + (figures.has("other") ? 1 : 0) : 0;
        return Math.max(windowCategories, moved);
    }

    @Override
    public List<Finding> detect(Scope scope) throws SQLException {
        Engine sql = scope.engine();
        List<Scope.Row> rows = scope.rows("WITH e AS (SELECT coalesce(model_id, '(no model id)') AS model_id, "
                + "coalesce(model_version, '(none)') AS model_version, pid, target, "
                + "coalesce(" + sql.jsonText("raw", "$.feature") + ", '(no feature)') AS feature, "
                + "coalesce(" + sql.jsonText("raw", "$.metric") + ", '(no metric)') AS metric, event, \"timestamp\" AS ts, "
                + sql.jsonText("raw", "$.window.start") + "::TIMESTAMP AS window_start, "
                + sql.jsonText("raw", "$.value") + "::DOUBLE AS value, " + sql.jsonText("raw", "$.threshold") + "::DOUBLE AS threshold, "
                + sql.jsonText("raw", "$.severity") + " AS severity, "
                + sql.jsonText("raw", "$.window.count") + "::BIGINT AS window_count, "
                + sql.jsonText("raw", "$.baseline.count") + "::BIGINT AS baseline_count, "
                + sql.jsonText("raw", "$.baseline.calls") + "::BIGINT AS baseline_calls, CAST(raw AS STRING) AS text "
                + "FROM events WHERE event IN ('drift_detected', 'drift_resolved')), "
                + "s AS (SELECT coalesce(model_id, '(no model id)') AS model_id, coalesce(model_version, '(none)') AS model_version, "
                + "pid, target, " + sql.jsonText("raw", "$.window_start") + "::TIMESTAMP AS window_start, "
                + "max(" + sql.jsonText("raw", "$.calls") + "::BIGINT) AS window_calls, "
                + "max_by(CAST(raw AS STRING), " + sql.jsonText("raw", "$.calls") + "::BIGINT) AS stats FROM events "
                + "WHERE event = 'model_stats' GROUP BY ALL) "
                + "SELECT e.model_id, e.model_version, e.feature, e.metric, e.event = 'drift_detected', e.ts, e.window_start, "
                + "e.value, e.threshold, coalesce(e.severity = 'significant', false), e.window_count, e.baseline_count, "
                + "s.window_calls, e.baseline_calls, e.text, s.stats "
                + "FROM e LEFT JOIN s USING (model_id, model_version, pid, target, window_start) "
                + "ORDER BY e.window_start, e.ts, e.feature, e.metric, e.text");
        // per model version, per feature and metric: the kept drift_detected events and the resolutions
        Map<List<String>, Map<List<String>, List<Event>>> byVersion = new LinkedHashMap<>();
        for (Scope.Row r : rows) {
            JsonNode event = json(r.text(14));
            JsonNode stats = json(r.text(15));
            Event e = new Event(r.text(0), r.text(1), r.text(2), r.text(3), Boolean.TRUE.equals(r.values()[4]), r.time(5),
                    r.time(6), r.number(7), r.number(8), Boolean.TRUE.equals(r.values()[9]), r.count(10), r.count(11),
                    r.count(12), r.count(13), tests(stats), categories(r.text(2), r.text(3), event, stats));
            if (e.detected() && e.noise()) {
                continue;
            }
            byVersion.computeIfAbsent(List.of(e.model(), e.version()), k -> new LinkedHashMap<>())
                    .computeIfAbsent(List.of(e.feature(), e.metric()), k -> new ArrayList<>()).add(e);
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<List<String>, Map<List<String>, List<Event>>> v : byVersion.entrySet()) {
            finding(v.getKey().get(0), v.getKey().get(1), v.getValue()).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(Finding::onset));
        return out;
    }

    /** The finding of one model version from its features' drift events, if any detection was kept. */
    private Optional<Finding> finding(String model, String version, Map<List<String>, List<Event>> byFeature) {
        record Onset(String feature, String metric, Instant first, double max, double threshold, Instant resolved,
                     boolean significant) {
        }
        List<Onset> onsets = new ArrayList<>();
        for (Map.Entry<List<String>, List<Event>> f : byFeature.entrySet()) {
            Instant first = null;
            Instant lastDetected = null;
            Instant lastResolved = null;
            double max = Double.NEGATIVE_INFINITY;
            double threshold = Double.NaN;
            boolean significant = false;
            for (Event e : f.getValue()) {
                if (e.detected()) {
                    first = first == null || e.window().isBefore(first) ? e.window() : first;
                    lastDetected = lastDetected == null || e.ts().isAfter(lastDetected) ? e.ts() : lastDetected;
                    max = Math.max(max, e.value());
                    threshold = e.threshold();
                    significant |= e.significant();
                } else {
                    lastResolved = lastResolved == null || e.ts().isAfter(lastResolved) ? e.ts() : lastResolved;
                }
            }
            if (first != null) {
                onsets.add(new Onset(f.getKey().get(0), f.getKey().get(1), first, max, threshold,
                        lastResolved != null && lastResolved.isAfter(lastDetected) ? lastResolved : null, significant));
            }
        }
        if (onsets.isEmpty()) {
            return Optional.empty();
        }
        onsets.sort(Comparator.comparing(Onset::first).thenComparing(Onset::feature).thenComparing(Onset::metric));
        List<String> evidence = new ArrayList<>();
        List<String> features = new ArrayList<>();
        boolean significant = false;
        for (Onset o : onsets) {
            if (!features.contains(o.feature())) {
                features.add(o.feature());
            }
            significant |= o.significant();
            evidence.add(o.feature() + " (" + o.metric() + "): from the window starting " + Figures.time(o.first())
                    + ", score up to " + Figures.number(o.max()) + " (threshold " + Figures.number(o.threshold()) + ")"
                    + (o.resolved() != null ? ", resolved " + Figures.time(o.resolved()) : ", not resolved"));
        }
        List<String> inputs = features.stream().filter(f -> !isOutputFeature(f)).toList();
        List<String> outputs = features.stream().filter(DriftOnsets::isOutputFeature).toList();
        String what = (inputs.isEmpty() ? "" : "input drift in " + String.join(", ", inputs))
                + (inputs.isEmpty() || outputs.isEmpty() ? "" : "; ")
                + (outputs.isEmpty() ? "" : "prediction drift in " + String.join(", ", outputs));
        Instant onset = onsets.get(0).first();
        String headline = "model " + model + " " + version + ": " + what + " from " + Figures.time(onset);
        List<String> see = List.of("./predlog sql " + Figures.shell("SELECT \"timestamp\", event, raw->>'feature' AS feature, "
                + "raw->>'metric' AS metric, raw->>'value' AS value FROM events WHERE event LIKE 'drift_%' AND model_id = "
                + Figures.sql(model) + " ORDER BY 1"));
        return Optional.of(new Finding(kind(), significant ? Finding.Severity.MEDIUM : Finding.Severity.LOW,
                headline, onset, model, evidence, see));
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
