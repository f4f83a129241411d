package io.predlog.agent.stats;

import io.predlog.agent.event.DerivedEvent;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.ProcessInfo;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.predlog.agent.stats.StatsFixture.feature;
import static io.predlog.agent.stats.StatsFixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One model_stats per model and window, exact counts, percentiles within HdrHistogram's error. */
class WindowStatisticsTest {

    @Test
    void theThreadSleepsUntilTheWindowEndsAndNeverLongerThanItsLongestSleep() {
        StatsFixture f = new StatsFixture(StatsFixture.defaults()); // the window is [T0, T0 + 60 s)
        long busy = StatsThread.MAX_PARK_MILLIS;
        long quiet = StatsThread.QUIET_PARK_MILLIS;
        assertEquals(busy, f.thread.sleepMillis(StatsFixture.T0 + 5_000, busy));
        assertEquals(40, f.thread.sleepMillis(StatsFixture.T0 + 59_960, busy), "the window ends in 40 ms");
        assertEquals(1, f.thread.sleepMillis(StatsFixture.T0 + 60_000, busy), "ended: wake at once to close it");
        assertEquals(quiet, f.thread.sleepMillis(StatsFixture.T0 + 5_000, quiet), "a quiet spell's longer sleep");
        assertEquals(40, f.thread.sleepMillis(StatsFixture.T0 + 59_960, quiet), "which also ends with the window");
    }

    @Test
    void aSecondWithoutACallIsAQuietSpellAndSoIsAClockSetBack() {
        long t = StatsFixture.T0;
        assertFalse(StatsThread.quiet(t + 999, t), "a call taken 999 ms ago");
        assertTrue(StatsThread.quiet(t + StatsThread.QUIET_AFTER_MILLIS, t));
        assertTrue(StatsThread.quiet(t - 5_000, t), "the wall clock went back 5 s");
    }

    @Test
    void latencyPercentilesAgreeWithAnExactComputationWithinHdrHistogramsStatedError() {
        StatsFixture f = new StatsFixture(StatsFixture.settings(1 << 16, 64, 64, 50, Set.of()));
        Random random = new Random(7);
        long[] latencies = new long[20_000];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = (long) (Math.exp(random.nextGaussian() * 1.2 + 12)); // log-normal around 160 µs
            f.predict("m", latencies[i], null, null);
        }
        f.closeWindow();
        Map<String, Object> latency = map(f.onlyStats().fields().get("latency_ms"));
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        double[] percentiles = {50, 90, 99, 99.9, 100};
        String[] names = {"p50", "p90", "p99", "p999", "max"};
        for (int i = 0; i < percentiles.length; i++) {
            // the value below which p % of the calls fall (HdrHistogram's definition: the smallest such value)
            int rank = (int) Math.ceil(percentiles[i] / 100 * sorted.length);
            double exactMs = sorted[Math.max(0, rank - 1)] / 1e6;
            double reported = ((Number) latency.get(names[i])).doubleValue();
            // two significant digits: a recorded value is within 1 % of the value it stands for
            assertEquals(exactMs, reported, exactMs * 0.01 + 1e-6, names[i]);
        }
        double exactMean = Arrays.stream(latencies).average().orElseThrow() / 1e6;
        assertEquals(exactMean, ((Number) latency.get("mean")).doubleValue(), exactMean * 0.01);
    }

    @Test
    void callsAndErrorsStayExactWhenTheQueueIsFull() {
        StatsFixture f = new StatsFixture(StatsFixture.settings(16, 64, 64, 50, Set.of()));
        for (int i = 0; i < 1000; i++) {
            f.predict("m", 1000, i % 10 == 0 ? "java.lang.IllegalStateException" : null, null);
        }
        f.closeWindow();
        Map<String, Object> s = f.onlyStats().fields();
        assertEquals(1000L, s.get("calls"));
        assertEquals(100L, s.get("errors"));
        long dropped = (Long) s.get("observations_dropped");
        assertEquals(1000 - 16, dropped, "only the queue's capacity was observed");
        assertEquals(dropped, f.recorder.observationsDropped());
        assertEquals(Map.of("java.lang.IllegalStateException", 100L), map(s.get("error_types")),
                "error types are counted for every call, observed or dropped");
    }

    @Test
    void errorTypesOfCallsTheQueueCouldNotTakeKeepTheCap() {
        StatsFixture f = new StatsFixture(StatsFixture.settings(16, 64, 64, 3, Set.of()));
        for (int i = 0; i < 16; i++) { // fills the queue
            f.predict("m", 1000, "E0", null);
        }
        for (int i = 0; i < 50; i++) { // dropped: five types, three of them named at most
            f.predict("m", 1000, "E" + (i % 5), null);
        }
        f.closeWindow();
        Map<String, Object> types = map(f.onlyStats().fields().get("error_types"));
        assertEquals(66L, types.values().stream().mapToLong(v -> (Long) v).sum(), "every failure counted: " + types);
        assertEquals(26L, types.get("E0"), types.toString());
        assertTrue(types.containsKey(CappedCounts.OTHER), "types past the cap are counted together: " + types);
        assertTrue(types.size() <= 4, "three named types and other at most: " + types);
    }

    @Test
    void latencyAndInputSizeDescribeEveryCallWhenTheQueueIsFull() {
        StatsFixture f = new StatsFixture(StatsFixture.settings(16, 64, 64, 50, Set.of()));
        Map<String, Object> small = Map.of("a", 1);
        Map<String, Object> large = new java.util.HashMap<>();
        for (int i = 0; i < 40; i++) {
            large.put("feature_" + i, i * 1.5);
        }
        long smallSize = StatsFixture.input(small).hashSize();
        long largeSize = StatsFixture.input(large).hashSize();
        for (int i = 0; i < 16; i++) { // the queue's capacity: observed
            f.predict("m", 1_000_000, null, small);
        }
        for (int i = 0; i < 84; i++) { // the queue is full: counted, and their latency and size recorded
            f.predict("m", 50_000_000, null, large);
        }
        f.closeWindow();
        Map<String, Object> s = f.onlyStats().fields();
        assertEquals(100L, s.get("calls"));
        assertEquals(84L, s.get("observations_dropped"));
        Map<String, Object> latency = map(s.get("latency_ms"));
        assertEquals(50.0, ((Number) latency.get("max")).doubleValue(), 0.5, "the dropped calls' latency: " + latency);
        assertEquals(50.0, ((Number) latency.get("p50")).doubleValue(), 0.5, "84 of 100 calls took 50 ms");
        double mean = (16 * 1.0 + 84 * 50.0) / 100;
        assertEquals(mean, ((Number) latency.get("mean")).doubleValue(), mean * 0.01);
        Map<String, Object> sizes = map(s.get("input_size_bytes"));
        assertEquals(smallSize, ((Number) sizes.get("min")).longValue());
        assertEquals(largeSize, ((Number) sizes.get("max")).doubleValue(), largeSize * 0.01);

        for (int i = 0; i < 3; i++) { // the next window has only its own calls, observed
            f.predict("m", 2_000_000, null, small);
        }
        f.closeWindow();
        Map<String, Object> next = map(f.stats().get(1).fields().get("latency_ms"));
        assertEquals(2.0, ((Number) next.get("max")).doubleValue(), 0.02, "dropped calls are taken once: " + next);
    }

    @Test
    void theListenerHearsTheCallsTheQueueCouldNotTakeAsTheyHappen() {
        List<String> heard = new ArrayList<>();
        StatsListener listener = predictionsTo((key, success, latencySeconds) ->
                heard.add(key.modelId() + ":" + success + ":" + latencySeconds));
        StatsFixture f = new StatsFixture(StatsFixture.settings(16, 64, 64, 50, Set.of()), listener, null,
                io.predlog.agent.drift.BaselineFiles.NONE);
        for (int i = 0; i < 16; i++) {
            f.predict("m", 1_000_000, null, null);
        }
        assertEquals(List.of(), heard, "queued calls are heard when the statistics thread takes them");
        f.predict("m", 3_000_000, "E", null); // the queue is full
        f.predict("m", 4_000_000, null, null);
        assertEquals(List.of("m:false:0.003", "m:true:0.004"), heard, "dropped calls are heard at once");
        f.thread.drain(Integer.MAX_VALUE);
        assertEquals(18, heard.size(), "every call heard once: " + heard);
    }

    @Test
    void windowsAreAlignedToTheMinuteAndAnIdleModelStillReportsZeroCalls() {
        StatsFixture f = new StatsFixture(StatsFixture.defaults());
        f.predict("m", 1000, null, null);
        f.closeWindow();
        f.closeWindow();
        List<DerivedEvent> stats = f.stats();
        assertEquals(2, stats.size());
        assertEquals("2026-09-21T14:14:00.000Z", stats.get(0).fields().get("window_start"));
        assertEquals("2026-09-21T14:15:00.000Z", stats.get(0).fields().get("window_end"));
        assertEquals(60.0, stats.get(0).fields().get("window_s"));
        assertEquals(1L, stats.get(0).fields().get("calls"));
        assertEquals("2026-09-21T14:15:00.000Z", stats.get(1).fields().get("window_start"));
        assertEquals(0L, stats.get(1).fields().get("calls"));
        assertNull(stats.get(1).fields().get("latency_ms"), "no latency without calls");
    }

    @Test
    void shutdownTakesWhatIsQueuedAndWritesTheCutShortWindowAsPartial() {
        StatsFixture f = new StatsFixture(StatsFixture.defaults());
        for (int i = 0; i < 5; i++) {
            f.predict("m", 1000, null, null);
        }
        f.thread.shutdown(100);
        DerivedEvent last = f.onlyStats();
        assertEquals(true, last.fields().get("partial"));
        assertEquals(5L, last.fields().get("calls"));
        assertEquals("2026-09-21T14:14:05.000Z", last.fields().get("window_end"));
    }

    @Test
    void numericFeaturesHaveCountNullsNaNsMinMaxMeanQuantilesAndDistinctEstimates() {
        StatsFixture f = new StatsFixture(StatsFixture.defaults());
        for (int i = 1; i <= 1000; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("age", (double) i);
            row.put("score", i % 100 == 0 ? null : i % 50 == 0 ? Double.NaN : 0.5);
            f.predict("m", 1000, null, row);
        }
        f.closeWindow();
        Map<String, Object> age = feature(f.onlyStats(), "age");
        assertEquals("numeric", age.get("kind"));
        assertEquals(1000L, age.get("count"));
        assertEquals(1.0, age.get("min"));
        assertEquals(1000.0, age.get("max"));
        assertEquals(500.5, (Double) age.get("mean"), 1e-9);
        assertEquals(500.0, (Double) map(age.get("quantiles")).get("p50"), 1000 * 0.02, "KLL rank error");
        assertEquals(1000.0, ((Long) age.get("distinct_estimate")).doubleValue(), 1000 * 0.1);
        Map<String, Object> score = feature(f.onlyStats(), "score");
        assertEquals(10L, score.get("nulls"));
        assertEquals(10L, score.get("nan_count"));
        assertEquals(980L, score.get("count"));
    }

    @Test
    void theElementsOfNumericArraysAreOneFeature() {
        StatsFixture f = new StatsFixture(StatsFixture.defaults());
        f.predict("m", 1000, null, new float[]{1, 2, 3, 4});
        f.predict("m", 1000, null, new float[]{5, 6, 7, 8});
        f.closeWindow();
        Map<String, Object> elements = feature(f.onlyStats(), "[*]");
        assertEquals(8L, elements.get("count"));
        assertEquals(4.5, (Double) elements.get("mean"), 1e-9);
    }

    @Test
    void stringValuesLeaveOnlyAsHashesAndLengths() throws Exception {
        StatsFixture f = new StatsFixture(StatsFixture.defaults());
        for (int i = 0; i < 30; i++) {
            f.predict("m", 1000, null, Map.of("email", i < 20 ? "alice@example.com" : "bob" + i + "@example.com"));
        }
        f.closeWindow();
        DerivedEvent stats = f.onlyStats();
        Map<String, Object> email = feature(stats, "email");
        assertEquals("string", email.get("kind"));
        assertEquals(17.0, map(email.get("length")).get("min"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> top = (List<Map<String, Object>>) email.get("top");
        assertEquals(StatsFixture.input("alice@example.com").hash().hash(), top.get(0).get("value_hash"),
                "the hash the value would have as a whole input");
        assertEquals(20L, top.get(0).get("count"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EventJsonEncoder(ProcessInfo.current("s")).encode(stats, out);
        String json = out.toString(StandardCharsets.UTF_8);
        assertFalse(json.contains("example.com"), json);
    }

    @Test
    void categoricalFieldsAreCountedByValueUpToTheCapAndBooleansAlways() {
        StatsFixture f = new StatsFixture(StatsFixture.settings(1024, 64, 64, 2, Set.of("country")));
        String[] countries = {"DE", "FR", "DE", "US", "DE", "IT"};
        for (String c : countries) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("country", c);
            row.put("vip", c.equals("DE"));
            f.predict("m", 1000, null, row);
        }
        f.closeWindow();
        Map<String, Object> country = feature(f.onlyStats(), "country");
        assertEquals("categorical", country.get("kind"));
        assertEquals(Map.of("DE", 3L, "FR", 1L), country.get("categories"));
        assertEquals(2L, country.get("other"), "US and IT came after the cap of 2");
        Map<String, Object> vip = feature(f.onlyStats(), "vip");
        assertEquals(Map.of("true", 3L, "false", 3L), vip.get("categories"));
    }

    @Test
    void aFieldSeenOnlyAsNullIsReportedAndTakesItsKindFromTheFirstValue() {
        StatsFixture f = new StatsFixture(StatsFixture.defaults());
        Map<String, Object> none = new HashMap<>();
        none.put("x", null);
        f.predict("m", 1000, null, none);
        f.closeWindow();
        assertEquals("unknown", feature(f.onlyStats(), "x").get("kind"));
        assertEquals(1L, feature(f.onlyStats(), "x").get("nulls"));
        f.events.clear();
        f.predict("m", 1000, null, none);
        f.predict("m", 1000, null, Map.of("x", 2.0));
        f.predict("m", 1000, null, Map.of("x", "text"));
        f.closeWindow();
        Map<String, Object> x = feature(f.onlyStats(), "x");
        assertEquals("numeric", x.get("kind"));
        assertEquals(1L, x.get("nulls"));
        assertEquals(1L, x.get("count"));
        assertEquals(1L, x.get("other_types"), "a string in a numeric field is counted, not described");
    }

    @Test
    void modelsPastTheCapAreCountedAsUntrackedAndFeaturesPastTheirCapAreCountedNotStored() {
        StatsFixture f = new StatsFixture(StatsFixture.settings(1024, 2, 1, 50, Set.of()));
        f.predict("a", 1000, null, Map.of("p", 1.0, "q", 2.0));
        f.predict("b", 1000, null, null);
        f.predict("c", 1000, null, null);
        f.predict("c", 1000, null, null);
        f.closeWindow();
        assertEquals(2, f.stats().size(), "models a and b");
        assertEquals(2, f.recorder.untrackedCalls());
        DerivedEvent a = f.stats().get(0);
        assertEquals(Set.of("p"), map(a.fields().get("features")).keySet());
        assertEquals(1L, a.fields().get("features_untracked"));
    }

    @Test
    void theListenerHearsEveryObservedPredictionAndCategory() {
        List<String> heard = new ArrayList<>();
        StatsListener listener = new StatsListener() {
            @Override
            public void prediction(StatsKey key, boolean success, double latencySeconds, long inputSizeBytes) {
                heard.add(key.modelId() + ":" + success + ":" + latencySeconds);
            }

            @Override
            public void load(String target, String modelId, String modelVersion, boolean success, double seconds) {
                heard.add("load:" + modelId + ":" + success);
            }

            @Override
            public void driftScore(StatsKey key, String feature, String metric, double value) {
            }

            @Override
            public void category(StatsKey key, String feature, String category) {
                heard.add(feature + "=" + category);
            }
        };
        StatsFixture f = new StatsFixture(StatsFixture.settings(1024, 64, 64, 50, Set.of("plan")), listener, null,
                io.predlog.agent.drift.BaselineFiles.NONE);
        f.predict("m", 2_000_000, null, Map.of("plan", "gold"));
        f.predict("m", 1_000_000, "E", null);
        f.recorder.load("loader", "m", "1", 5_000_000_000L, true);
        f.closeWindow();
        assertEquals(List.of("load:m:true", "plan=gold", "m:true:0.002", "m:false:0.001"), heard);
    }

    @Test
    void callsFromManyThreadsWhileTheStatisticsThreadRunsAreCountedExactlyOnce() throws Exception {
        java.util.concurrent.atomic.LongAdder heard = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder heardFailures = new java.util.concurrent.atomic.LongAdder();
        StatsListener counting = predictionsTo((key, success, latencySeconds) -> {
            heard.increment();
            if (!success) {
                heardFailures.increment();
            }
        });
        // a queue of 64: four threads calling as fast as they can overflow it, so calls are both taken and dropped
        StatsFixture f = new StatsFixture(StatsFixture.settings(64, 64, 64, 50, Set.of()), counting, null,
                io.predlog.agent.drift.BaselineFiles.NONE);
        f.thread.start(); // the real thread, taking calls while they are made
        int threads = 4;
        int perThread = 50_000;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            String model = "m" + (t % 2); // two models, each fed by two threads
            workers[t] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    f.recorder.prediction("score", model, "1", 1000 + i % 100, i % 1000 == 0 ? "E" : null, null, null);
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        f.thread.shutdown(5_000);
        long calls = 0;
        long errors = 0;
        long observedLatencies = 0;
        for (DerivedEvent e : f.stats()) {
            calls += (Long) e.fields().get("calls");
            errors += (Long) e.fields().get("errors");
            long dropped = e.fields().get("observations_dropped") == null ? 0 : (Long) e.fields().get("observations_dropped");
            observedLatencies += (Long) e.fields().get("calls") - dropped;
        }
        assertEquals((long) threads * perThread, calls, "every call counted once, observed or dropped");
        assertEquals((long) threads * (perThread / 1000), errors);
        assertEquals(calls - f.recorder.observationsDropped(), observedLatencies);
        assertEquals(calls, heard.sum(), "the listener hears every call once, observed or dropped ("
                + f.recorder.observationsDropped() + " dropped)");
        assertEquals(errors, heardFailures.sum());
    }

    @Test
    void callsWhoseModelIdIsUnknownAreCountedUnderAModelWithoutId() {
        StatsFixture f = new StatsFixture(StatsFixture.defaults());
        f.recorder.prediction("score", null, null, 1000, null, null, null);
        f.recorder.prediction("score", null, null, 1000, null, null, null);
        f.closeWindow();
        DerivedEvent s = f.onlyStats();
        assertEquals(2L, s.fields().get("calls"));
        assertNull(s.fields().get("model_id"), "left out, as on the prediction events");
    }

    /** What a test listener is told of each prediction. */
    @FunctionalInterface
    private interface PredictionHeard {
        void heard(StatsKey key, boolean success, double latencySeconds);
    }

    /** A listener that passes each prediction to {@code heard} and ignores loads, drift scores and categories. */
    private static StatsListener predictionsTo(PredictionHeard heard) {
        return new StatsListener() {
            @Override
            public void prediction(StatsKey key, boolean success, double latencySeconds, long inputSizeBytes) {
                heard.heard(key, success, latencySeconds);
            }

            @Override
            public void load(String target, String modelId, String modelVersion, boolean success, double seconds) {
                StatsListener.NONE.load(target, modelId, modelVersion, success, seconds);
            }

            @Override
            public void driftScore(StatsKey key, String feature, String metric, double value) {
                StatsListener.NONE.driftScore(key, feature, metric, value);
            }

            @Override
            public void category(StatsKey key, String feature, String category) {
                StatsListener.NONE.category(key, feature, category);
            }
        };
    }
}
