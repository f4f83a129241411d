package io.predlog.agent.stats;

import io.predlog.agent.drift.Baseline;
import io.predlog.agent.drift.DriftMonitor;
import io.predlog.agent.drift.DriftReport;
import io.predlog.agent.drift.DriftScore;
import io.predlog.agent.drift.DriftSettings;
import io.predlog.agent.drift.WindowInfo;
import io.predlog.agent.event.DerivedEvent;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.Level;
import io.predlog.agent.event.UtcMillisFormat;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.IntCountsHistogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics thread's state for one target × model × version: the current window (calls, errors by type,
 * latency and input size in HdrHistograms, novelty, input and output features; the latency, size and error type of
 * the calls the queue could not take are added at the close), and the baselines of the input's and of the output's
 * features — each learned from the first calls, or given in a file — that each closed window is scored against for
 * drift. Closing a window makes its {@code model_stats} event and the drift events, then resets everything for the
 * next window, keeping memory.
 */
final class ModelWindow {

    /**
     * Two significant digits: values within 1 % (HdrHistogram's stated precision for that setting), and a few KiB
     * per histogram where three digits would take ~100 KiB for the same range.
     */
    static final int SIGNIFICANT_DIGITS = 2;
    static final double[] PERCENTILES = {50, 90, 99, 99.9};
    static final String[] PERCENTILE_NAMES = {"p50", "p90", "p99", "p999"};

    private final ModelCell cell;
    private final StatsSettings settings;
    private final DriftSettings drift;
    private final FeatureTable features;
    private final FeatureTable outputs;
    private final AbstractHistogram latencyNanos = new IntCountsHistogram(SIGNIFICANT_DIGITS);
    private final AbstractHistogram inputBytes = new IntCountsHistogram(SIGNIFICANT_DIGITS);
    private final CappedCounts errorTypes;
    private final StatsListener listener;
    /** Tells the listener each categorical value: made once, not per call. */
    private final FeatureTable.CategoryListener categories;
    private long observed;
    private long errors;
    private long novel;
    private long noveltyKnown;

    /** Learning the baseline from the first calls; null once learned, or when given or drift is off. */
    private FeatureTable learning;
    private long learned;
    private DriftMonitor monitor;
    /** As {@link #learning}, {@link #learned} and {@link #monitor}, for the output's features. */
    private FeatureTable learningOutputs;
    private long learnedOutputs;
    private DriftMonitor outputMonitor;

    ModelWindow(ModelCell cell, StatsSettings settings, DriftSettings drift, Baseline given, ValueHasher hasher,
                StatsListener listener) {
        this(cell, settings, drift, given, null, hasher, listener);
    }

    /**
     * @param given       the input features' baseline from a file, or null to learn one
     * @param givenOutput the output features' baseline from a file, or null to learn one
     */
    ModelWindow(ModelCell cell, StatsSettings settings, DriftSettings drift, Baseline given, Baseline givenOutput,
                ValueHasher hasher, StatsListener listener) {
        this.cell = cell;
        this.settings = settings;
        this.drift = drift;
        this.listener = listener;
        this.errorTypes = new CappedCounts(settings.maxCategories());
        this.features = new FeatureTable(settings, hasher);
        this.outputs = FeatureTable.ofOutputs(settings, hasher);
        StatsKey key = cell.key;
        this.categories = (feature, category) -> listener.category(key, feature, category);
        if (drift != null) {
            if (given != null) {
                monitor = new DriftMonitor(drift, given);
            } else {
                learning = new FeatureTable(settings, null); // a baseline keeps string lengths only: no hashing
            }
            if (givenOutput != null) {
                outputMonitor = new DriftMonitor(drift, givenOutput);
            } else {
                learningOutputs = FeatureTable.ofOutputs(settings, null);
            }
        }
    }

    void observe(Observation o) {
        observed++;
        long latency = Math.max(0, o.latencyNanos());
        latencyNanos.recordValue(latency);
        if (o.inputSize() >= 0) {
            inputBytes.recordValue(o.inputSize());
        }
        if (o.errorType() != null) {
            errors++;
            errorTypes.add(o.errorType());
        }
        if (o.seenBefore() >= 0) {
            noveltyKnown++;
            if (o.seenBefore() == 0) {
                novel++;
            }
        }
        features.observe(o.features(), categories);
        if (learning != null) {
            learning.observe(o.features(), null);
            if (++learned >= drift.baselineSize()) {
                monitor = new DriftMonitor(drift, Baseline.of("learned", learned, learning.distributions()));
                learning = null;
            }
        }
        outputs.observe(o.outputFeatures(), null);
        if (learningOutputs != null) {
            learningOutputs.observe(o.outputFeatures(), null);
            if (++learnedOutputs >= drift.baselineSize()) {
                outputMonitor = new DriftMonitor(drift, Baseline.of("learned", learnedOutputs,
                        learningOutputs.distributions()));
                learningOutputs = null;
            }
        }
        listener.prediction(cell.key, o.errorType() == null, latency / 1e9, o.inputSize());
    }

    /**
     * Closes the window {@code [start, end)}: its {@code model_stats} event first, then any drift events; resets.
     *
     * @param partial the window was cut short (the agent is shutting down)
     */
    List<Event> close(long start, long end, boolean partial, long now) {
        String thread = Thread.currentThread().getName(); // predlog-stats; the shutdown hook for the last window
        long dropped = cell.dropped.sumThenReset();
        long droppedErrors = cell.droppedErrors.sumThenReset();
        cell.takeDropped(latencyNanos, inputBytes, errorTypes); // every call's latency, size and error type
        StatsKey key = cell.key;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("target", key.target());
        f.put("model_id", key.modelId());
        f.put("model_version", key.modelVersion());
        f.put("window_start", UtcMillisFormat.text(start));
        f.put("window_end", UtcMillisFormat.text(end));
        f.put("window_s", settings.windowMillis() / 1000.0);
        if (partial) {
            f.put("partial", true);
        }
        f.put("calls", observed + dropped);
        f.put("errors", errors + droppedErrors);
        if (!errorTypes.isEmpty()) {
            Map<String, Object> types = new TreeMap<>(errorTypes.named());
            if (errorTypes.other() > 0) {
                types.put(CappedCounts.OTHER, errorTypes.other());
            }
            f.put("error_types", types);
        }
        if (dropped > 0) {
            f.put("observations_dropped", dropped);
        }
        if (latencyNanos.getTotalCount() > 0) {
            f.put("latency_ms", percentiles(latencyNanos, 1e-6));
        }
        if (inputBytes.getTotalCount() > 0) {
            Map<String, Object> sizes = percentiles(inputBytes, 1);
            sizes.put("min", inputBytes.getMinValue());
            f.put("input_size_bytes", sizes);
        }
        if (noveltyKnown > 0) {
            f.put("novel_inputs", novel);
            f.put("novel_input_rate", (double) novel / noveltyKnown);
        }
        if (!features.isEmpty()) {
            f.put("features", features.fields());
        }
        if (features.untracked > 0) {
            f.put("features_untracked", features.untracked);
        }
        if (!outputs.isEmpty()) {
            f.put("output_features", outputs.fields());
        }
        if (outputs.untracked > 0) {
            f.put("output_features_untracked", outputs.untracked);
        }
        DriftReport report = DriftReport.EMPTY;
        if (drift != null) {
            f.put("baseline", baseline());
            WindowInfo info = new WindowInfo(key.target(), key.modelId(), key.modelVersion(), start, end, observed);
            if (monitor != null) {
                report = monitor.score(info, features.distributions(), now);
            }
            if (outputMonitor != null) {
                report = report.and(outputMonitor.score(info, outputs.distributions(), now));
            }
            putScores(f, key, report);
        }
        List<Event> out = new ArrayList<>(1 + report.events().size());
        out.add(new DerivedEvent("model_stats", Level.INFO, now, thread, f));
        out.addAll(report.events());
        reset();
        return out;
    }

    /**
     * {@code drift} (every score, by feature and metric; input and output features together, the output's named
     * {@code output…}) and {@code drift_not_scored}; each score also goes to the metrics listener.
     */
    private void putScores(Map<String, Object> f, StatsKey key, DriftReport report) {
        Map<String, Object> scores = new TreeMap<>();
        for (DriftScore s : report.scores()) {
            listener.driftScore(key, s.feature(), s.metric(), s.value());
            @SuppressWarnings("unchecked")
            Map<String, Object> byMetric = (Map<String, Object>) scores.computeIfAbsent(s.feature(),
                    k -> new TreeMap<String, Object>());
            byMetric.put(s.metric(), round(s.value()));
        }
        if (!scores.isEmpty()) {
            f.put("drift", scores);
        }
        if (!report.notScored().isEmpty()) { // too few values this window (predlog.drift.min_samples)
            f.put("drift_not_scored", new TreeMap<>(report.notScored()));
        }
    }

    private Map<String, Object> baseline() {
        Map<String, Object> b = new LinkedHashMap<>();
        if (monitor != null) {
            b.put("status", "ready");
            b.put("source", monitor.baseline().source());
            b.put("calls", monitor.baseline().calls());
        } else {
            b.put("status", "learning");
            b.put("calls", learned);
            b.put("target_calls", drift.baselineSize());
        }
        return b;
    }

    private static Map<String, Object> percentiles(AbstractHistogram h, double scale) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < PERCENTILES.length; i++) {
            m.put(PERCENTILE_NAMES[i], round(h.getValueAtPercentile(PERCENTILES[i]) * scale));
        }
        m.put("max", round(h.getMaxValue() * scale));
        m.put("mean", round(h.getMean() * scale));
        return m;
    }

    /** Six significant fraction digits are more than the histograms' precision; keeps the JSON short. */
    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private void reset() {
        latencyNanos.reset();
        inputBytes.reset();
        errorTypes.clear();
        observed = 0;
        errors = 0;
        novel = 0;
        noveltyKnown = 0;
        features.reset();
        outputs.reset();
    }
}
