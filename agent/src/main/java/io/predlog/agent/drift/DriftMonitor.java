package io.predlog.agent.drift;

import io.predlog.agent.drift.Baseline.CategoricalReference;
import io.predlog.agent.drift.Baseline.NumericReference;
import io.predlog.agent.drift.Baseline.Reference;
import io.predlog.agent.event.Event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores each window of one model version against its baseline and keeps each feature's drift state, so that
 * crossing a threshold emits {@code drift_detected} once and returning under it {@code drift_resolved}.
 * Used by the statistics thread only (not thread-safe).
 *
 * <p>Per feature and metric: a score at or above its threshold that sampling noise does not explain (at
 * {@code predlog.drift.alpha}, given both sample sizes) starts drift; a PSI that later reaches
 * {@code psi_significant} escalates it (a second {@code drift_detected}, severity {@code significant}); a score
 * under the threshold in a scored window resolves it. A window that does not score a feature leaves its state as
 * it was.
 */
public final class DriftMonitor {

    static final String MODERATE = "moderate";
    static final String SIGNIFICANT = "significant";

    private final DriftSettings settings;
    private final Baseline baseline;
    private final Map<String, State> states = new HashMap<>();

    public DriftMonitor(DriftSettings settings, Baseline baseline) {
        this.settings = settings;
        this.baseline = baseline.withBins(settings.bins());
    }

    /** The baseline windows are scored against (cut into {@code predlog.drift.bins} bins). */
    public Baseline baseline() {
        return baseline;
    }

    /**
     * Scores one closed window.
     *
     * @param window the window's distributions per feature (features missing from the baseline are not scored)
     * @param now    epoch milliseconds: the {@code timestamp} of the events
     */
    public DriftReport score(WindowInfo info, Map<String, Distribution> window, long now) {
        if (!settings.enabled()) {
            return DriftReport.EMPTY;
        }
        Scoring scoring = new Scoring(info, now);
        for (Map.Entry<String, Reference> e : baseline.references().entrySet()) {
            String feature = e.getKey();
            Reference reference = e.getValue();
            Distribution d = window.get(feature);
            long n = d == null ? 0 : d.count();
            if (n < settings.minSamples() || reference.count() < settings.minSamples()) {
                scoring.notScored.put(feature, n);
            } else if (reference instanceof NumericReference r && d instanceof Distribution.Numeric w) {
                scoreNumeric(scoring, feature, r, w);
            } else if (reference instanceof CategoricalReference r && d instanceof Distribution.Categorical w) {
                scoreCategorical(scoring, feature, r, w);
            } else {
                // the feature changed kind (numeric in the baseline, categorical now): nothing comparable
                scoring.notScored.put(feature, n);
            }
        }
        return new DriftReport(scoring.scores, scoring.events, scoring.notScored);
    }

    private void scoreNumeric(Scoring s, String feature, NumericReference r, Distribution.Numeric w) {
        long n = w.count();
        long m = r.count();
        long sn = sampleSize(feature, n, s.info.calls());
        long sm = sampleSize(feature, m, baseline.calls());
        Comparison c = new Comparison(r.proportions(), NumericReference.proportions(w.sketch(), r.edges()),
                r.edges(), null);
        double psi = DriftMetrics.psi(c.baseline(), c.window(), m, n);
        update(s, feature, DriftScore.PSI, psi, settings.psiThreshold(),
                DriftMetrics.psiCritical(settings.alpha(), c.bins(), sn, sm), m, n, c);
        double ks = DriftMetrics.ks(r.sketch(), w.sketch());
        update(s, feature, DriftScore.KS, ks, settings.ksThreshold(),
                DriftMetrics.ksCritical(settings.alpha(), sn, sm), m, n, c);
    }

    /**
     * The sample size the noise level is computed with. A feature read element-wise ({@code pixels[*]},
     * {@code output[*]}) holds several values per call, and one call's values are not independent draws (twelve
     * similarities to one query move together), so its sample is at most the number of calls: counting values
     * would make noise look like drift. Other features hold one value per call. {@code calls} 0 means unknown.
     */
    static long sampleSize(String feature, long values, long calls) {
        if (calls > 0 && calls < values && feature.contains("[*]")) {
            return calls;
        }
        return values;
    }

    private void scoreCategorical(Scoring s, String feature, CategoricalReference r, Distribution.Categorical w) {
        Comparison c = categories(r, w);
        long n = w.count();
        long m = r.count();
        long sn = sampleSize(feature, n, s.info.calls());
        long sm = sampleSize(feature, m, baseline.calls());
        double psi = DriftMetrics.psi(c.baseline(), c.window(), m, n);
        update(s, feature, DriftScore.PSI, psi, settings.psiThreshold(),
                DriftMetrics.psiCritical(settings.alpha(), c.bins(), sn, sm), m, n, c);
        double js = DriftMetrics.jsDistance(c.baseline(), c.window());
        update(s, feature, DriftScore.JS, js, settings.jsThreshold(),
                DriftMetrics.jsCritical(settings.alpha(), c.bins(), sn, sm), m, n, c);
    }

    /**
     * Bins for a categorical feature: the baseline's categories, then categories new in this window (baseline
     * proportion 0, so a new category shows by name), then the bucket of values past the category cap when either
     * side has one.
     */
    static Comparison categories(CategoricalReference r, Distribution.Categorical w) {
        Map<String, long[]> bins = new LinkedHashMap<>();
        r.counts().forEach((category, count) -> bins.put(category, new long[] {count, 0}));
        w.counts().forEach((category, count) -> bins.computeIfAbsent(category, k -> new long[2])[1] = count);
        boolean other = r.other() > 0 || w.other() > 0;
        int k = bins.size() + (other ? 1 : 0);
        double[] b = new double[k];
        double[] v = new double[k];
        String[] names = new String[k];
        double bn = Math.max(1, r.count());
        double wn = Math.max(1, w.count());
        int i = 0;
        for (Map.Entry<String, long[]> e : bins.entrySet()) {
            names[i] = e.getKey();
            b[i] = e.getValue()[0] / bn;
            v[i] = e.getValue()[1] / wn;
            i++;
        }
        if (other) {
            b[i] = r.other() / bn;
            v[i] = w.other() / wn;
        }
        return new Comparison(b, v, null, names);
    }

    private void update(Scoring s, String feature, String metric, double value, double threshold, double critical,
                        long baselineCount, long windowCount, Comparison comparison) {
        State state = states.computeIfAbsent(feature + '\u0000' + metric, k -> new State());
        boolean over = value >= threshold && value >= critical;
        String severity = metric.equals(DriftScore.PSI)
                ? (value >= settings.psiSignificant() ? SIGNIFICANT : MODERATE) : null;
        if (over && (!state.drifting || (SIGNIFICANT.equals(severity) && MODERATE.equals(state.severity)))) {
            state.drifting = true;
            state.severity = severity;
            s.events.add(DriftEvents.detected(s.info, baseline, feature, metric, value, threshold, severity,
                    baselineCount, windowCount, comparison, s.now));
        } else if (state.drifting && value < threshold) {
            state.drifting = false;
            state.severity = null;
            s.events.add(DriftEvents.resolved(s.info, baseline, feature, metric, value, threshold, baselineCount,
                    windowCount, s.now));
        }
        s.scores.add(new DriftScore(feature, metric, value, threshold, state.drifting));
    }

    /** A feature's state on one metric: drifting or not, and the highest PSI severity reported in this episode. */
    private static final class State {
        boolean drifting;
        String severity;
    }

    /** What one call of {@link #score} collects. */
    private static final class Scoring {
        final WindowInfo info;
        final long now;
        final List<DriftScore> scores = new ArrayList<>();
        final List<Event> events = new ArrayList<>();
        final Map<String, Long> notScored = new LinkedHashMap<>();

        Scoring(WindowInfo info, long now) {
            this.info = info;
            this.now = now;
        }
    }
}
