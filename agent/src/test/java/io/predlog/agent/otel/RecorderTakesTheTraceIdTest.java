package io.predlog.agent.otel;

import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.config.Expression;
import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.context.RequestIdSource;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.RequestEvent;
import io.predlog.agent.record.ModelRegistry;
import io.predlog.agent.record.Recorder;
import io.predlog.agent.record.TargetRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the recorder starts a request, the ambient trace id is its id, unless an inbound id was adopted. */
class RecorderTakesTheTraceIdTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final int PREDICT = 0;
    private static final int ENTRY = 1;

    private final List<Event> events = new ArrayList<>();
    private final Recorder recorder = new Recorder(List.of(
            target(TargetKind.PREDICT, "score", "x.Model#predict", null),
            target(TargetKind.ENTRY, "http", "x.Handler#handle", "arg0")),
            new InputCapture(HashSettings.defaults(), true), new ModelRegistry(), events::add);

    private static TargetRuntime target(TargetKind kind, String name, String pattern, String requestId) {
        return new TargetRuntime(new TargetSpec(kind, name, MethodPattern.parse(pattern), null, null, null,
                requestId == null ? null : Expression.parse(requestId)));
    }

    @AfterEach
    void noAmbientSource() {
        RequestIdSource.ambient(null);
    }

    @Test
    void aPredictionStartedInsideATraceTakesItsTraceId() {
        RequestIdSource.ambient(() -> TRACE_ID);
        recorder.exit(recorder.enter(PREDICT, "x.Model#predict", null, new Object[] {1.0}), null, 2.0, null);
        assertEquals(TRACE_ID, ((PredictionEvent) events.get(0)).requestId());
    }

    @Test
    void anEntryWithoutAnInboundIdTakesTheTraceIdAndItsPredictionsShareIt() {
        RequestIdSource.ambient(() -> TRACE_ID);
        Object request = recorder.enter(ENTRY, "x.Handler#handle", null, new Object[] {null});
        recorder.exit(recorder.enter(PREDICT, "x.Model#predict", null, new Object[] {1.0}), null, 2.0, null);
        recorder.exit(request, null, null, null);
        assertEquals(TRACE_ID, ((RequestEvent) events.get(0)).requestId());
        assertEquals(TRACE_ID, ((PredictionEvent) events.get(1)).requestId());
    }

    @Test
    void anInboundIdAdoptedByAnEntryWinsOverTheTraceId() {
        RequestIdSource.ambient(() -> TRACE_ID);
        Object request = recorder.enter(ENTRY, "x.Handler#handle", null, new Object[] {"req-42"});
        recorder.exit(recorder.enter(PREDICT, "x.Model#predict", null, new Object[] {1.0}), null, 2.0, null);
        recorder.exit(request, null, null, null);
        assertEquals("req-42", ((PredictionEvent) events.get(1)).requestId());
    }

    @Test
    void withNoTraceInProgressTheIdIsGenerated() {
        RequestIdSource.ambient(() -> null);
        recorder.exit(recorder.enter(PREDICT, "x.Model#predict", null, new Object[] {1.0}), null, 2.0, null);
        String id = ((PredictionEvent) events.get(0)).requestId();
        assertEquals(32, id.length());
        assertEquals(id, id.replaceAll("[^0-9a-f]", ""));
    }
}
