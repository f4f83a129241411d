package io.predlog.agent.record;

import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.config.Expression;
import io.predlog.agent.config.MethodPattern;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.config.TargetSpec;
import io.predlog.agent.context.RequestContext;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.ModelLoadEvent;
import io.predlog.agent.event.Phase;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.RequestEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The recorder's side of "one call, one event": nested calls of one target, entries inside a request, receivers
 * of inherited code, and constructors that throw, driven as the woven code drives them.
 */
class OneCallOneEventTest {

    static final int PREDICT = 0;
    static final int OTHER_PREDICT = 1;
    static final int ENTRY = 2;
    static final int FILTER = 3;
    static final int CTOR_LOAD = 4;
    static final int METHOD_LOAD = 5;

    public static class Base {
    }

    public static class Leaf extends Base {
    }

    public static class Other extends Base {
    }

    private final List<Event> events = new ArrayList<>();
    private final Recorder recorder = new Recorder(List.of(
            target(TargetKind.PREDICT, "score", "*OneCallOneEventTest$Leaf#predict", null),
            target(TargetKind.PREDICT, "inner", "x.Inner#predict", null),
            target(TargetKind.ENTRY, "http", "x.Handler#handle", null),
            target(TargetKind.ENTRY, "filter", "x.Filter#doFilter", null),
            target(TargetKind.LOAD, "ctor", "x.Model#<init>", "\"m\""),
            target(TargetKind.LOAD, "registry", "x.Registry#load", "\"r\"")),
            new InputCapture(HashSettings.defaults(), true), new ModelRegistry(), events::add);

    private static TargetRuntime target(TargetKind kind, String name, String pattern, String modelId) {
        return new TargetRuntime(new TargetSpec(kind, name, MethodPattern.parse(pattern),
                modelId == null ? null : Expression.parse(modelId), null, null, null));
    }

    @AfterEach
    void threadIsLeftClean() {
        assertFalse(RequestContext.current().active(), "a request id was left on the thread");
        assertNull(RequestContext.current().openConstructors(), "a constructor was left open on the thread");
    }

    @Test
    void anOverrideCallingSuperIsOneCallNamedByTheCodeThatRanFirst() {
        Leaf leaf = new Leaf();
        Object outer = recorder.enter(PREDICT, "x.Sub#predict", leaf, new Object[]{1.0});
        assertNull(recorder.enter(PREDICT, "x.Base#predict", leaf, new Object[]{1.0}), "the super call is part of it");
        recorder.exit(outer, leaf, 0.5, null);

        assertEquals(1, events.size());
        assertEquals("x.Sub#predict", ((PredictionEvent) events.get(0)).method());
        Object next = recorder.enter(PREDICT, "x.Base#predict", leaf, new Object[]{1.0});
        assertNotNull(next, "once the outer call ended, the next call is recorded again");
        recorder.exit(next, leaf, 0.5, null);
        assertEquals(2, events.size());
    }

    @Test
    void callsOfDifferentTargetsNestedInEachOtherAreEachRecorded() {
        Leaf leaf = new Leaf();
        Object outer = recorder.enter(PREDICT, "x.Ensemble#predict", leaf, new Object[]{1.0});
        Object inner = recorder.enter(OTHER_PREDICT, "x.Inner#predict", leaf, new Object[]{1.0});
        recorder.exit(inner, leaf, 0.1, null);
        recorder.exit(outer, leaf, 0.5, null);

        assertEquals(List.of("x.Inner#predict", "x.Ensemble#predict"),
                events.stream().map(e -> ((PredictionEvent) e).method()).toList());
        assertEquals(((PredictionEvent) events.get(0)).requestId(), ((PredictionEvent) events.get(1)).requestId());
    }

    @Test
    void inheritedCodeIsRecordedOnlyForReceiversOfTheNamedType() {
        int checked = PREDICT | TargetRuntime.RECEIVER_CHECK;
        assertNull(recorder.enter(checked, "x.Base#predict", new Other(), new Object[]{1.0}), "a sibling");
        assertNull(recorder.enter(checked, "x.Base#predict", new Base(), new Object[]{1.0}), "the supertype itself");
        Object leafCall = recorder.enter(checked, "x.Base#predict", new Leaf(), new Object[]{1.0});
        recorder.exit(leafCall, null, 0.5, null);
        assertEquals(1, events.size());
    }

    @Test
    void entriesNestedInARequestArePartOfIt() {
        Object filter = recorder.enter(FILTER, "x.AuthFilter#doFilter", null, new Object[0]);
        Object second = recorder.enter(FILTER, "x.LogFilter#doFilter", null, new Object[0]);
        Object handler = recorder.enter(ENTRY, "x.AppHandler#handle", null, new Object[0]);
        assertNull(second);
        assertNull(handler);
        recorder.exit(filter, null, null, null);

        assertEquals(2, events.size(), "one request_start, one request_success");
        RequestEvent start = (RequestEvent) events.get(0);
        assertEquals(Phase.START, start.phase());
        assertEquals("x.AuthFilter#doFilter", start.method());
        assertEquals(Phase.SUCCESS, ((RequestEvent) events.get(1)).phase());
    }

    @Test
    void aConstructorThatThrowsInItsBodyIsAFailedLoad() {
        Object load = recorder.enter(CTOR_LOAD, "x.Model#<init>", null, new Object[0]);
        recorder.constructorInitialised("x.Model#<init>");
        recorder.constructorThrew(new IllegalStateException("corrupt weights"), "x.Model#<init>", true);

        assertEquals(List.of(Phase.START, Phase.FAILURE), phases());
        ModelLoadEvent failure = (ModelLoadEvent) events.get(1);
        assertEquals("java.lang.IllegalStateException", failure.errorType());
        assertEquals("corrupt weights", failure.errorMessage());
        assertEquals(((ModelLoadEvent) events.get(0)).requestId(), failure.requestId());
        assertNotNull(load);
    }

    @Test
    void aSuperclassConstructorOfTheSameTargetThatThrowsFailsTheOneLoad() {
        recorder.enter(CTOR_LOAD, "x.SubModel#<init>", null, new Object[0]);
        recorder.enter(CTOR_LOAD, "x.Model#<init>", null, new Object[0]); // its super(…) call
        recorder.constructorInitialised("x.Model#<init>");
        recorder.constructorThrew(new IllegalStateException("boom"), "x.Model#<init>", true);

        assertEquals(List.of(Phase.START, Phase.FAILURE), phases());
        assertEquals("x.SubModel#<init>", ((ModelLoadEvent) events.get(1)).method());
    }

    @Test
    void aSuperclassConstructorOutsideTheTargetThatThrowsFailsTheNamedOne() {
        recorder.enter(CTOR_LOAD, "x.Model#<init>", null, new Object[0]);
        recorder.constructorThrew(new IllegalArgumentException("bad path"), "x.FrameworkModel#<init>", false);

        assertEquals(List.of(Phase.START, Phase.FAILURE), phases());
        assertEquals("java.lang.IllegalArgumentException", ((ModelLoadEvent) events.get(1)).errorType());
    }

    @Test
    void aConstructorThatCatchesANestedConstructorsFailureStillSucceeds() {
        Object outer = recorder.enter(CTOR_LOAD, "x.Model#<init>", null, new Object[0]);
        recorder.constructorInitialised("x.Model#<init>");
        recorder.enter(CTOR_LOAD, "x.Model#<init>", null, new Object[0]); // new Model() in its body
        recorder.constructorInitialised("x.Model#<init>");
        recorder.constructorThrew(new IllegalStateException("inner"), "x.Model#<init>", true);
        Object constructed = new Object();
        recorder.exit(outer, constructed, constructed, null);

        assertEquals(List.of(Phase.START, Phase.SUCCESS), phases());
    }

    @Test
    void aLoadNestedInAConstructorLoadSharesItsRequest() {
        Object outer = recorder.enter(CTOR_LOAD, "x.Model#<init>", null, new Object[0]);
        recorder.constructorInitialised("x.Model#<init>");
        Object inner = recorder.enter(METHOD_LOAD, "x.Registry#load", null, new Object[0]);
        recorder.exit(inner, null, new Object(), null);
        Object constructed = new Object();
        recorder.exit(outer, constructed, constructed, null);

        assertEquals(4, events.size());
        String id = ((ModelLoadEvent) events.get(0)).requestId();
        for (Event event : events) {
            assertEquals(id, ((ModelLoadEvent) event).requestId());
        }
    }

    private List<Phase> phases() {
        return events.stream().map(e -> ((ModelLoadEvent) e).phase()).toList();
    }
}
