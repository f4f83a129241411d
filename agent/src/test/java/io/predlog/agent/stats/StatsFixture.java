package io.predlog.agent.stats;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.FeatureSettings;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.drift.BaselineFiles;
import io.predlog.agent.drift.DriftSettings;
import io.predlog.agent.event.DerivedEvent;
import io.predlog.agent.event.Event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** A recorder and its statistics thread driven by hand, with a clock the test moves. */
final class StatsFixture {

    static final long T0 = 1_790_000_040_000L; // a multiple of 60 s
    static final InputCapture CAPTURE = new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256));

    final AtomicLong clock = new AtomicLong(T0 + 5_000);
    final List<Event> events = new ArrayList<>();
    final StatsRecorder recorder;
    final StatsThread thread;

    StatsFixture(StatsSettings settings, StatsListener listener, DriftSettings drift, BaselineFiles baselines) {
        recorder = new StatsRecorder(settings, listener);
        thread = new StatsThread(recorder, drift, baselines, CAPTURE, events::add, clock::get);
    }

    StatsFixture(StatsSettings settings) {
        this(settings, StatsListener.NONE, null, BaselineFiles.NONE);
    }

    static StatsSettings settings(int queueCapacity, int maxModels, int maxFeatures, int maxCategories,
                                  Set<String> categorical) {
        return new StatsSettings(60_000, queueCapacity, maxModels, maxFeatures, maxCategories, 256, categorical);
    }

    static StatsSettings defaults() {
        return settings(1024, 64, 64, 50, Set.of());
    }

    static CapturedInput input(Object value) {
        return CAPTURE.captureValue(value);
    }

    static CapturedOutput output(Object value) {
        return CAPTURE.captureOutput(value);
    }

    void predict(String model, long latencyNanos, String error, Object input) {
        recorder.prediction("score", model, "1", latencyNanos, error, input == null ? null : input(input), null);
    }

    /** Takes everything queued and moves the clock past the window's end, closing it. */
    void closeWindow() {
        thread.drain(Integer.MAX_VALUE);
        clock.addAndGet(60_000);
        thread.tick();
    }

    List<DerivedEvent> stats() {
        List<DerivedEvent> out = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof DerivedEvent d && d.name().equals("model_stats")) {
                out.add(d);
            }
        }
        return out;
    }

    DerivedEvent onlyStats() {
        List<DerivedEvent> all = stats();
        if (all.size() != 1) {
            throw new AssertionError("expected one model_stats, got " + all);
        }
        return all.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static Map<String, Object> feature(DerivedEvent stats, String name) {
        return map(map(stats.fields().get("features")).get(name));
    }

    static Map<String, Object> outputFeature(DerivedEvent stats, String name) {
        return map(map(stats.fields().get("output_features")).get(name));
    }
}
