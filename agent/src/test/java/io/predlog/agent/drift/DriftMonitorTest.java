package io.predlog.agent.drift;

import io.predlog.agent.event.DerivedEvent;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.Level;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftMonitorTest {

    private static final String[] COUNTRIES = {"DE", "FR", "IT", "ES"};
    private static final double[] USUAL = {0.4, 0.3, 0.2, 0.1};

    private static DriftMonitor monitor(Random r) {
        Baseline baseline = Baseline.of("learned", Synthetic.BASELINE,
                Synthetic.features(r, (int) Synthetic.BASELINE, 0));
        return new DriftMonitor(DriftSettings.defaults(), baseline);
    }

    private static List<DerivedEvent> events(DriftReport report) {
        List<DerivedEvent> events = new ArrayList<>();
        for (Event e : report.events()) {
            events.add((DerivedEvent) e);
        }
        return events;
    }

    private static Set<String> featuresIn(List<DerivedEvent> events) {
        Set<String> features = new TreeSet<>();
        events.forEach(e -> features.add((String) e.fields().get("feature")));
        return features;
    }

    @Test
    void aOneSigmaMeanShiftInOneFeatureIsDetectedWithinTwoWindowsNamingOnlyThatFeature() {
        Random r = new Random(42);
        DriftMonitor monitor = monitor(r);
        List<DerivedEvent> events = new ArrayList<>();
        for (int w = 1; w <= 2; w++) {
            events.addAll(events(monitor.score(Synthetic.window(w),
                    Synthetic.features(r, (int) Synthetic.WINDOW, 1.0), 0)));
        }
        assertEquals(Set.of("amount"), featuresIn(events), events.toString());
        Set<String> metrics = new TreeSet<>();
        for (DerivedEvent e : events) {
            assertEquals("drift_detected", e.name());
            assertEquals(Level.WARN, e.level());
            metrics.add((String) e.fields().get("metric"));
        }
        assertEquals(Set.of("psi", "ks"), metrics);
    }

    @Test
    void fiftyStationaryWindowsAtDefaultThresholdsRaiseNoAlarm() {
        for (long seed = 1; seed <= 8; seed++) {
            Random r = new Random(seed);
            DriftMonitor monitor = monitor(r);
            for (int w = 1; w <= 50; w++) {
                DriftReport report = monitor.score(Synthetic.window(w),
                        Synthetic.features(r, (int) Synthetic.WINDOW, 0), 0);
                assertEquals(List.of(), report.events(), "seed " + seed + ", window " + w);
                assertEquals(6 * 2, report.scores().size());
                report.scores().forEach(s -> assertFalse(s.drifting(), s.toString()));
            }
        }
    }

    @Test
    void scoresUnderNoDriftStayBelowTheThresholdsWithRoomForSketchError() {
        Random r = new Random(7);
        DriftMonitor monitor = monitor(r);
        double worstPsi = 0;
        double worstKs = 0;
        for (int w = 1; w <= 50; w++) {
            for (DriftScore s : monitor.score(Synthetic.window(w), Synthetic.features(r, 1000, 0), 0).scores()) {
                if (s.metric().equals("psi")) {
                    worstPsi = Math.max(worstPsi, s.value());
                } else if (s.metric().equals("ks")) {
                    worstKs = Math.max(worstKs, s.value());
                }
            }
        }
        assertTrue(worstPsi < 0.07, "worst PSI " + worstPsi);
        assertTrue(worstKs < 0.095, "worst KS " + worstKs);
    }

    @Test
    void aCategoricalShiftIsDetectedOnPsiAndJensenShannonWithTheCategoriesThatMoved() {
        Random r = new Random(3);
        Baseline baseline = Baseline.of("learned", 5000,
                Map.of("country", Synthetic.categorical(r, 5000, COUNTRIES, USUAL)));
        DriftMonitor monitor = new DriftMonitor(DriftSettings.defaults(), baseline);
        DriftReport report = monitor.score(Synthetic.window(1), Map.of("country",
                Synthetic.categorical(r, 1000, COUNTRIES, new double[] {0.2, 0.3, 0.2, 0.3})), 0);
        List<DerivedEvent> events = events(report);
        assertEquals(List.of("psi", "js"), events.stream().map(e -> e.fields().get("metric")).toList());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> top = (List<Map<String, Object>>) events.get(0).fields().get("top_moved_bins");
        assertEquals(Set.of("DE", "ES"), Set.of(top.get(0).get("category"), top.get(1).get("category")));
        assertEquals("significant", events.get(0).fields().get("severity"));
        assertNull(events.get(1).fields().get("severity"), "severity is for PSI only");
    }

    @Test
    void aCategoryNewInTheWindowIsNamedAmongTheMovedBins() {
        Random r = new Random(4);
        Baseline baseline = Baseline.of("learned", 5000,
                Map.of("country", Synthetic.categorical(r, 5000, COUNTRIES, USUAL)));
        DriftMonitor monitor = new DriftMonitor(DriftSettings.defaults(), baseline);
        Map<String, Long> counts = new LinkedHashMap<>(Map.of("DE", 300L, "FR", 200L, "IT", 100L, "ES", 100L));
        counts.put("PL", 300L);
        DerivedEvent first = events(monitor.score(Synthetic.window(1),
                Map.of("country", new Distribution.Categorical(counts, 0)), 0)).get(0);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> top = (List<Map<String, Object>>) first.fields().get("top_moved_bins");
        assertEquals(Map.of("category", "PL", "baseline", 0.0, "window", 0.3), top.get(0));
    }

    @Test
    void returningUnderTheThresholdEmitsDriftResolvedOncePerMetric() {
        Random r = new Random(5);
        DriftMonitor monitor = monitor(r);
        assertEquals(2, monitor.score(Synthetic.window(1), Synthetic.features(r, 1000, 1.0), 0).events().size());
        assertEquals(List.of(), monitor.score(Synthetic.window(2), Synthetic.features(r, 1000, 1.0), 0).events(),
                "still drifting: nothing new to say");
        List<DerivedEvent> back = events(monitor.score(Synthetic.window(3), Synthetic.features(r, 1000, 0), 0));
        assertEquals(2, back.size());
        for (DerivedEvent e : back) {
            assertEquals("drift_resolved", e.name());
            assertEquals(Level.INFO, e.level());
            assertEquals("amount", e.fields().get("feature"));
            assertTrue((double) e.fields().get("value") < (double) e.fields().get("threshold"));
        }
        assertEquals(List.of(), monitor.score(Synthetic.window(4), Synthetic.features(r, 1000, 0), 0).events());
        assertEquals(2, monitor.score(Synthetic.window(5), Synthetic.features(r, 1000, 1.0), 0).events().size(),
                "a new episode is reported again");
    }

    @Test
    void aModerateDriftThatBecomesSignificantIsReportedAgainOnPsi() {
        Random r = new Random(6);
        DriftMonitor monitor = monitor(r);
        // 0.4 σ: PSI ≈ 0.16 (moderate); 1.5 σ: PSI > 1 (significant)
        List<DerivedEvent> moderate = events(monitor.score(Synthetic.window(1), Synthetic.features(r, 1000, 0.4), 0));
        DerivedEvent psi = moderate.stream().filter(e -> e.fields().get("metric").equals("psi")).findFirst().get();
        assertEquals("moderate", psi.fields().get("severity"));
        List<DerivedEvent> escalated = events(monitor.score(Synthetic.window(2), Synthetic.features(r, 1000, 1.5), 0));
        assertEquals(1, escalated.size(), escalated.toString());
        assertEquals("drift_detected", escalated.get(0).name());
        assertEquals("psi", escalated.get(0).fields().get("metric"));
        assertEquals("significant", escalated.get(0).fields().get("severity"));
        assertEquals(List.of(), monitor.score(Synthetic.window(3), Synthetic.features(r, 1000, 0.4), 0).events(),
                "back to moderate is still drift, already reported");
    }

    @Test
    void aFeatureWithFewerValuesThanMinSamplesIsNotScoredAndKeepsItsState() {
        Random r = new Random(8);
        DriftMonitor monitor = monitor(r);
        DriftReport small = monitor.score(Synthetic.window(1), Synthetic.features(r, 499, 3.0), 0);
        assertEquals(List.of(), small.events());
        assertEquals(List.of(), small.scores());
        assertEquals(499L, small.notScored().get("amount"));
        assertEquals(6, small.notScored().size());

        DriftReport drifting = monitor.score(Synthetic.window(2), Synthetic.features(r, 500, 3.0), 0);
        assertEquals(2, drifting.events().size());
        assertTrue(drifting.notScored().isEmpty());
        // a small window of normal data does not resolve it: not scored, state unchanged
        DriftReport gap = monitor.score(Synthetic.window(3), Synthetic.features(r, 100, 0), 0);
        assertEquals(List.of(), gap.events());
        assertEquals(2, monitor.score(Synthetic.window(4), Synthetic.features(r, 1000, 0), 0).events().size());
    }

    @Test
    void aFeatureAbsentFromTheWindowIsNotScoredAndOneAbsentFromTheBaselineIsIgnored() {
        Random r = new Random(9);
        DriftMonitor monitor = monitor(r);
        Map<String, Distribution> window = new LinkedHashMap<>(Synthetic.features(r, 1000, 0));
        window.remove("income");
        window.put("brand_new", Synthetic.numeric(1000, () -> 1e9));
        DriftReport report = monitor.score(Synthetic.window(1), window, 0);
        assertEquals(Map.of("income", 0L), report.notScored());
        assertTrue(report.scores().stream().noneMatch(s -> s.feature().equals("brand_new")));
        assertEquals(List.of(), report.events());
    }

    @Test
    void discreteFeaturesGetOneBinPerDistinctValueAndDoNotFalseAlarm() {
        Random r = new Random(10);
        DriftMonitor monitor = monitor(r);
        Baseline.NumericReference flag = (Baseline.NumericReference) monitor.baseline().reference("flag");
        // the decile edges of a 0/1 feature with 10 % ones are 0 but for the last, which sits on the boundary: the
        // sketch's randomised compaction makes it 0 or 1 from one run to the next, so either merge is right
        double[] edges = flag.edges();
        assertTrue(edges.length == 1 || edges.length == 2 && edges[1] == 1.0,
                "0/1 feature: one edge per distinct value: " + Arrays.toString(edges));
        assertEquals(0.0, edges[0]);
        assertEquals(0.9, flag.proportions()[0], 0.02);
        Baseline.NumericReference children = (Baseline.NumericReference) monitor.baseline().reference("children");
        assertTrue(children.edges().length <= 5, "0..4: at most one edge per value");
        for (int w = 1; w <= 50; w++) {
            for (DriftScore s : monitor.score(Synthetic.window(w), Synthetic.features(r, 1000, 0), 0).scores()) {
                if (s.feature().equals("flag") || s.feature().equals("children")) {
                    assertFalse(s.drifting(), s.toString());
                }
            }
        }
        // but a real change in a discrete feature is seen: 10% ones → 30% ones
        Map<String, Distribution> window = new LinkedHashMap<>(Synthetic.features(r, 1000, 0));
        window.put("flag", Synthetic.numeric(1000, () -> r.nextDouble() < 0.3 ? 1 : 0));
        assertEquals(Set.of("flag"), featuresIn(events(monitor.score(Synthetic.window(51), window, 0))));
    }

    @Test
    void theSignificanceCheckKeepsASmallWindowFromAlarmingOnNoise() {
        // 100 values per window, min_samples lowered to 50: D crosses 0.1 by chance (its noise level at n = 100 is
        // about 0.09), but the Kolmogorov check asks for D ≥ 0.196 at α = 0.001
        Random r = new Random(11);
        DriftSettings small = DriftSettings.defaults().withMinSamples(50);
        DriftMonitor gated = new DriftMonitor(small,
                Baseline.of("learned", 5000, Map.of("x", Synthetic.numeric(5000, r::nextGaussian))));
        DriftMonitor ungated = new DriftMonitor(small.withAlpha(1),
                Baseline.of("learned", 5000, Map.of("x", Synthetic.numeric(5000, r::nextGaussian))));
        int gatedAlarms = 0;
        int ungatedAlarms = 0;
        for (int w = 1; w <= 50; w++) {
            Map<String, Distribution> window = Map.of("x", Synthetic.numeric(100, r::nextGaussian));
            gatedAlarms += ksDetections(gated.score(Synthetic.window(w), window, 0));
            ungatedAlarms += ksDetections(ungated.score(Synthetic.window(w), window, 0));
        }
        assertEquals(0, gatedAlarms);
        assertTrue(ungatedAlarms > 0, "without the check, a 100-value window crosses D = 0.1 by chance");
    }

    private static long ksDetections(DriftReport report) {
        return events(report).stream()
                .filter(e -> e.name().equals("drift_detected") && e.fields().get("metric").equals("ks")).count();
    }

    @Test
    void disabledDriftScoresNothing() {
        DriftSettings off = new DriftSettings(false, 5000, List.of(), 10, 500, 0.1, 0.25, 0.1, 0.1, 0.001);
        Random r = new Random(12);
        DriftMonitor monitor = new DriftMonitor(off, Baseline.of("learned", 5000, Synthetic.features(r, 5000, 0)));
        assertEquals(DriftReport.EMPTY, monitor.score(Synthetic.window(1), Synthetic.features(r, 1000, 5), 0));
    }

    @Test
    void theSampleEventsForTheSchemaTestWriteEveryKindOfMovedBin() {
        Set<String> keys = new TreeSet<>();
        for (Event e : SampleDriftEvents.detected()) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> top = (List<Map<String, Object>>) ((DerivedEvent) e).fields().get("top_moved_bins");
            top.forEach(bin -> keys.addAll(bin.keySet()));
        }
        assertEquals(Set.of("lower", "upper", "category", "other", "baseline", "window"), keys);
        assertTrue(SampleDriftEvents.detected().stream()
                .anyMatch(e -> ((DerivedEvent) e).fields().get("model_version") == null), "some without model_version");
    }

    /**
     * Twelve values per call that move together (one call's similarities to one query): 500 calls of baseline,
     * windows of 100 calls, no drift. Counted in values, noise crosses the thresholds; counted in calls, it does not.
     */
    @Test
    void anElementWiseFeatureIsJudgedByItsCallsNotItsValues() {
        int alarmsWithCalls = 0;
        int alarmsWithValuesOnly = 0;
        for (long seed = 1; seed <= 6; seed++) {
            Random r = new Random(seed);
            Baseline baseline = Baseline.of("learned", 500, Map.of("output[*]", perCall(r, 500)));
            DriftMonitor withCalls = new DriftMonitor(DriftSettings.defaults(), baseline);
            Baseline unknown = Baseline.of("learned", 0, Map.of("output[*]", perCall(new Random(seed), 500)));
            DriftMonitor valuesOnly = new DriftMonitor(DriftSettings.defaults(), unknown);
            for (int w = 1; w <= 20; w++) {
                Map<String, Distribution> window = Map.of("output[*]", perCall(r, 100));
                WindowInfo info = Synthetic.window(w);
                alarmsWithCalls += withCalls.score(new WindowInfo(info.target(), info.modelId(), info.modelVersion(),
                        info.windowStartMillis(), info.windowEndMillis(), 100), window, 0).events().size();
                alarmsWithValuesOnly += valuesOnly.score(new WindowInfo(info.target(), info.modelId(),
                        info.modelVersion(), info.windowStartMillis(), info.windowEndMillis(), 0), window, 0)
                        .events().size();
            }
        }
        assertEquals(0, alarmsWithCalls);
        assertTrue(alarmsWithValuesOnly > 0, "the case is one where counting values raises false alarms");
    }

    @Test
    void theSampleSizeOfAnElementWiseFeatureIsItsCallsAndOfAnyOtherItsValues() {
        assertEquals(100, DriftMonitor.sampleSize("output[*]", 1200, 100));
        assertEquals(100, DriftMonitor.sampleSize("pixels[*].r", 1200, 100));
        assertEquals(1200, DriftMonitor.sampleSize("output[*]", 1200, 0));
        assertEquals(1200, DriftMonitor.sampleSize("amount", 1200, 100));
        assertEquals(80, DriftMonitor.sampleSize("output[*]", 80, 100));
    }

    /** Twelve values for each of {@code calls} calls: a per-call level shared by its twelve values, plus a little noise. */
    private static Distribution.Numeric perCall(Random r, int calls) {
        double[] values = new double[calls * 12];
        for (int c = 0; c < calls; c++) {
            double level = r.nextGaussian();
            for (int k = 0; k < 12; k++) {
                values[c * 12 + k] = level + 0.05 * r.nextGaussian();
            }
        }
        return Synthetic.numeric(values);
    }
}
