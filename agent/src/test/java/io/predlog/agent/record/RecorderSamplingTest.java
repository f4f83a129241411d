package io.predlog.agent.record;

import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.config.Expression;
import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.ModelLoadEvent;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.RequestEvent;
import io.predlog.agent.sampling.Sampler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recorder under sampling: left-out calls write nothing; failures are kept whole, at rate 1.0. */
class RecorderSamplingTest {

    static final int PREDICT = 0;
    static final int ENTRY = 1;
    static final int LOAD = 2;
    static final int PREDICT_ALL = 3;

    private final List<Event> events = new ArrayList<>();
    private final Sampler sampler = new Sampler(0.0, 1000, 0); // nothing routine is kept, except by override

    private final Recorder recorder = new Recorder(List.of(
            new TargetRuntime(spec(TargetKind.PREDICT, "score", "x.Model#predict", Double.NaN)),
            new TargetRuntime(spec(TargetKind.ENTRY, "http", "x.Handler#handle", Double.NaN)),
            new TargetRuntime(spec(TargetKind.LOAD, "registry", "x.Registry#load", Double.NaN)),
            new TargetRuntime(spec(TargetKind.PREDICT, "audit", "x.Audit#predict", 1.0))),
            new InputCapture(HashSettings.defaults(), true), new ModelRegistry(), events::add, sampler);

    private static TargetSpec spec(TargetKind kind, String name, String pattern, double sampleSuccess) {
        Expression modelId = kind == TargetKind.LOAD ? Expression.parse("arg0") : null;
        return new TargetSpec(kind, name, MethodPattern.parse(pattern), modelId, null, null, null, sampleSuccess);
    }

    @Test
    void aSampledOutPredictionWritesNothingAndIsCounted() {
        Object scope = recorder.enter(PREDICT, "x.Model#predict", new Object(), new Object[]{Map.of("a", 1.0)});
        recorder.exit(scope, null, 0.5, null);
        assertEquals(List.of(), events);
        assertEquals(1, sampler.sampledOut());
    }

    @Test
    void aFailureOfASampledOutCallIsKeptAtRateOneWithItsInputCapturedAtExit() {
        Object scope = recorder.enter(PREDICT, "x.Model#predict", new Object(), new Object[]{Map.of("a", 1.0)});
        recorder.exit(scope, null, null, new IllegalStateException("boom"));
        PredictionEvent event = (PredictionEvent) events.get(0);
        assertEquals("prediction_failure", event.name());
        assertEquals(1.0, event.sampleRate());
        assertNotNull(event.input(), "captured at exit, since it was skipped at enter");
        assertTrue(event.inputHash().size() > 0);
        assertEquals(0, sampler.sampledOut());
    }

    @Test
    void aTargetOverrideKeepsItsPredictionsAtItsOwnRate() {
        Object scope = recorder.enter(PREDICT_ALL, "x.Audit#predict", new Object(), new Object[]{1});
        recorder.exit(scope, null, 2, null);
        assertEquals(1.0, ((PredictionEvent) events.get(0)).sampleRate());
    }

    @Test
    void aSampledOutRequestLosesStartAndSuccessButKeepsItsFailure() {
        Object ok = recorder.enter(ENTRY, "x.Handler#handle", null, new Object[0]);
        recorder.exit(ok, null, null, null);
        assertEquals(List.of(), events, "start and success left out together");
        assertEquals(2, sampler.sampledOut());

        Object failing = recorder.enter(ENTRY, "x.Handler#handle", null, new Object[0]);
        recorder.exit(failing, null, null, new RuntimeException("x"));
        assertEquals(1, events.size());
        RequestEvent failure = (RequestEvent) events.get(0);
        assertEquals("request_failure", failure.name());
        assertEquals(1.0, failure.sampleRate());
    }

    @Test
    void modelLoadsAreNeverSampled() {
        Object scope = recorder.enter(LOAD, "x.Registry#load", null, new Object[]{"m"});
        recorder.exit(scope, null, new Object(), null);
        assertEquals(2, events.size());
        assertTrue(events.stream().allMatch(e -> e instanceof ModelLoadEvent));
    }
}
