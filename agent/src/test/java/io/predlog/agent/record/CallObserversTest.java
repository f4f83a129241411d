package io.predlog.agent.record;

import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.FeatureSettings;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.config.Expression;
import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.sampling.Sampler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The observers given to the recorder at construction see every finished call, sampled or not. */
class CallObserversTest {

    private final List<Event> events = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();

    private final CallObserver recording = new CallObserver() {
        @Override
        public void predicted(String target, String modelId, String modelVersion, long latencyNanos,
                              String errorType, CapturedInput input, CapturedOutput output, Boolean seenBefore) {
            assertNotNull(input, "observers get the input even when the event is sampled out");
            seen.add("predicted " + target + " " + modelId + " " + errorType + " seen=" + seenBefore
                    + (output == null ? "" : " output " + output.features().name(0) + "=" + output.features().number(0)));
        }

        @Override
        public void loaded(String target, String modelId, String modelVersion, long loadNanos, boolean succeeded) {
            seen.add("loaded " + target + " " + modelId + " " + modelVersion + " " + succeeded);
        }
    };

    private final CallObserver broken = new CallObserver() {
        @Override
        public void predicted(String target, String modelId, String modelVersion, long latencyNanos,
                              String errorType, CapturedInput input, CapturedOutput output, Boolean seenBefore) {
            throw new IllegalStateException("observer bug");
        }

        @Override
        public void loaded(String target, String modelId, String modelVersion, long loadNanos, boolean succeeded) {
            throw new IllegalStateException("observer bug");
        }
    };

    private Recorder recorder(double successRate) {
        return recorder(successRate, new InputCapture(HashSettings.defaults(), true));
    }

    private Recorder recorder(double successRate, InputCapture capture) {
        List<TargetRuntime> targets = List.of(
                new TargetRuntime(new TargetSpec(TargetKind.PREDICT, "score", MethodPattern.parse("x.Model#predict"),
                        Expression.parse("\"churn\""), null, null, null)),
                new TargetRuntime(new TargetSpec(TargetKind.LOAD, "store", MethodPattern.parse("x.Store#load"),
                        Expression.parse("arg0"), Expression.parse("arg1"), null, null)));
        List<String> inputs = new ArrayList<>();
        InputNovelty novelty = (modelId, hash) -> {
            boolean before = inputs.contains(modelId + hash);
            inputs.add(modelId + hash);
            return before;
        };
        return new Recorder(targets, Recording.of(capture, new ModelRegistry(), events::add)
                .withSampler(new Sampler(successRate, 0, 0))
                .withObservers(List.of(broken, recording))
                .withNovelty(novelty));
    }

    @Test
    void everyPredictionAndLoadIsObservedWhateverTheSamplingAndABrokenObserverChangesNothing() {
        Recorder recorder = recorder(0.0);
        Object load = recorder.enter(1, "x.Store#load", null, new Object[]{"churn", "v2"});
        recorder.exit(load, null, new Object(), null);
        for (int i = 0; i < 2; i++) {
            Object call = recorder.enter(0, "x.Model#predict", new Object(), new Object[]{7.0});
            recorder.exit(call, null, 0.5, null);
        }
        Object failing = recorder.enter(0, "x.Model#predict", new Object(), new Object[]{8.0});
        recorder.exit(failing, null, null, new IllegalArgumentException("bad"));

        assertEquals(List.of("loaded store churn v2 true",
                "predicted score churn null seen=false",
                "predicted score churn null seen=true",
                "predicted score churn java.lang.IllegalArgumentException seen=false"), seen);
        List<PredictionEvent> predictions = events.stream().filter(e -> e instanceof PredictionEvent)
                .map(e -> (PredictionEvent) e).toList();
        assertEquals(1, predictions.size(), "successes sampled out, the failure kept: " + events);
        assertEquals(Boolean.FALSE, predictions.get(0).inputSeenBefore(), "the event and the observers agree");
        assertTrue(events.size() >= 3, "the load's two events and the failure: " + events);
    }

    @Test
    void withStatisticsTheOutputOfASampledOutSuccessIsCapturedForTheObserversAndAFailureHasNone() {
        Recorder recorder = recorder(0.0, new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256)));
        Object call = recorder.enter(0, "x.Model#predict", new Object(), new Object[]{7.0});
        recorder.exit(call, null, 0.5, null);
        Object failing = recorder.enter(0, "x.Model#predict", new Object(), new Object[]{8.0});
        recorder.exit(failing, null, null, new IllegalArgumentException("bad"));

        assertEquals(List.of("predicted score churn null seen=false output output=0.5",
                "predicted score churn java.lang.IllegalArgumentException seen=false"), seen);
        assertTrue(events.stream().noneMatch(e -> e instanceof PredictionEvent p && p.success()),
                "the success is sampled out: " + events);
    }
}
