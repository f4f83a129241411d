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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recorder as the advice drives it: enter and exit in the order a real call makes them. */
class RecorderTest {

    static final int PREDICT = 0;
    static final int LOAD = 1;
    static final int ENTRY = 2;
    static final int CTOR_LOAD = 3;

    /** A request object with a header getter, as an entry point receives it. */
    public static final class Request {
        private final String id;

        Request(String id) {
            this.id = id;
        }

        public String header(String name) {
            return "X-Request-ID".equals(name) ? id : null;
        }
    }

    public static final class Model {
    }

    private final List<Event> events = new ArrayList<>();
    private final Recorder recorder = new Recorder(List.of(
            target(TargetKind.PREDICT, "score", "x.Model#predict", null, null, null),
            target(TargetKind.LOAD, "registry", "x.Registry#load", "arg0", "arg1", null),
            target(TargetKind.ENTRY, "http", "x.Handler#handle", null, null, "arg0.header(\"X-Request-ID\")"),
            target(TargetKind.LOAD, "ctor", "x.Model#<init>", "\"ctor-model\"", "\"v9\"", null)),
            new InputCapture(HashSettings.defaults(), true), new ModelRegistry(), events::add);

    private static TargetRuntime target(TargetKind kind, String name, String pattern, String modelId,
                                        String modelVersion, String requestId) {
        return new TargetRuntime(new TargetSpec(kind, name, MethodPattern.parse(pattern),
                modelId == null ? null : Expression.parse(modelId),
                modelVersion == null ? null : Expression.parse(modelVersion), null,
                requestId == null ? null : Expression.parse(requestId)));
    }

    @AfterEach
    void threadCarriesNoRequestAfterwards() {
        assertFalse(RequestContext.current().active(), "a request id was left on the thread");
    }

    @Test
    void aPredictionOutsideAnyRequestGetsItsOwnIdAndEndsIt() {
        Object scope = recorder.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{Map.of("a", 1.0)});
        recorder.exit(scope, null, 0.5, null);

        PredictionEvent event = (PredictionEvent) events.get(0);
        assertTrue(event.requestId().matches("[0-9a-f]{32}"));
        assertEquals("score", event.target());
        assertEquals("x.Model#predict", event.method());
        assertEquals("Model", event.modelId(), "fallback model_id is the simple class name of this");
        assertNotNull(event.input());
        assertNotNull(event.output());
        assertTrue(event.latencyMs() >= 0);
        assertTrue(event.success());
    }

    /**
     * A prediction that is its own request keeps its generated id as two numbers (the event writes their digits);
     * what runs inside it and asks for the id as text (a load, handed-off work, the logging context) gets the same id.
     */
    @Test
    void aPredictionsOwnGeneratedIdIsHeldAsNumbersAndIsTheSameIdForWhatRunsInsideIt() {
        Object scope = recorder.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{1.0});
        RequestContext context = RequestContext.current();
        assertTrue(context.generatedId());
        assertNull(context.requestIdText(), "no text made for the prediction itself");
        Object load = recorder.enter(LOAD, "x.Registry#load", null, new Object[]{"m", "v1"});
        recorder.exit(load, null, null, null);
        String askedInside = context.requestId();
        recorder.exit(scope, null, 0.5, null);
        Object next = recorder.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{2.0});
        recorder.exit(next, null, 0.5, null);

        List<PredictionEvent> predictions = events.stream().filter(e -> e instanceof PredictionEvent)
                .map(e -> (PredictionEvent) e).toList();
        PredictionEvent first = predictions.get(0);
        assertTrue(first.numberedRequestId(), "held as numbers: " + first);
        assertEquals(String.format("%016x%016x", first.requestIdHigh(), first.requestIdLow()), first.requestId());
        assertEquals(askedInside, first.requestId());
        List<String> loadIds = events.stream().filter(e -> e instanceof ModelLoadEvent)
                .map(e -> ((ModelLoadEvent) e).requestId()).distinct().toList();
        assertEquals(List.of(askedInside), loadIds, "the nested load's start and success");
        assertTrue(predictions.get(1).numberedRequestId());
        assertNotEquals(first.requestId(), predictions.get(1).requestId(), "each prediction its own request");
    }

    /**
     * A method with one parameter hands its argument on its own: recorded as with an argument array (same hash,
     * characteristics, identity from {@code arg0}), held in the scope's own slot, which keeps nothing after the call.
     */
    @Test
    void aOneArgumentCallIsRecordedAsWithAnArrayAndKeepsNothingAfterwards() {
        Recorder withIdentity = new Recorder(List.of(
                target(TargetKind.PREDICT, "score", "x.Model#predict", "arg0.get(\"model\")", null, null)),
                new InputCapture(HashSettings.defaults(), true), new ModelRegistry(), events::add);
        Map<String, Object> input = Map.of("model", "m-1", "a", 1.5);
        Object byArray = withIdentity.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{input});
        withIdentity.exit(byArray, null, 0.5, null);
        Object alone = withIdentity.enterOne(PREDICT, "x.Model#predict", new Model(), input);
        withIdentity.exit(alone, null, 0.5, null);

        PredictionEvent a = (PredictionEvent) events.get(0);
        PredictionEvent b = (PredictionEvent) events.get(1);
        assertEquals("m-1", b.modelId(), "arg0 is the one argument");
        assertEquals(a.modelId(), b.modelId());
        assertEquals(a.inputHash(), b.inputHash());
        assertEquals(a.input(), b.input());
        assertEquals(a.output(), b.output());
        PredictCalls.PredictScope spare = (PredictCalls.PredictScope) RequestContext.current().takeSpareScope();
        assertSame(alone, spare, "the thread's next call begins in this scope");
        assertNull(spare.onlyArgument[0], "the argument is not kept past the call");
        assertNull(spare.args);
    }

    @Test
    void anEntryAdoptsTheInboundIdAndNestedPredictionsShareIt() {
        Object entry = recorder.enter(ENTRY, "x.Handler#handle", null, new Object[]{new Request("req-7")});
        for (int i = 0; i < 3; i++) {
            Object predict = recorder.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{i});
            recorder.exit(predict, null, i, null);
        }
        recorder.exit(entry, null, null, null);

        assertEquals(5, events.size());
        for (Event event : events) {
            String id = event instanceof PredictionEvent p ? p.requestId() : ((RequestEvent) event).requestId();
            assertEquals("req-7", id);
        }
        assertEquals(Phase.START, ((RequestEvent) events.get(0)).phase());
        assertEquals(Phase.SUCCESS, ((RequestEvent) events.get(4)).phase());
    }

    @Test
    void anUnusableInboundIdIsReplacedByAGeneratedOne() {
        Object entry = recorder.enter(ENTRY, "x.Handler#handle", null, new Object[]{new Request("bad\nid")});
        recorder.exit(entry, null, null, null);
        assertTrue(((RequestEvent) events.get(0)).requestId().matches("[0-9a-f]{32}"));
    }

    @Test
    void aLoadTeachesPredictionsTheirModelsIdentity() {
        Model model = new Model();
        Object load = recorder.enter(LOAD, "x.Registry#load", null, new Object[]{"churn", "v2"});
        recorder.exit(load, null, model, null);
        Object predict = recorder.enter(PREDICT, "x.Model#predict", model, new Object[]{1.0});
        recorder.exit(predict, model, 0.1, null);

        ModelLoadEvent start = (ModelLoadEvent) events.get(0);
        ModelLoadEvent success = (ModelLoadEvent) events.get(1);
        PredictionEvent prediction = (PredictionEvent) events.get(2);
        assertEquals(Phase.START, start.phase());
        assertEquals("churn", start.modelId());
        assertEquals(Phase.SUCCESS, success.phase());
        assertTrue(success.memoryMethod().startsWith("heap_used_delta"), success.memoryMethod());
        assertTrue(success.memoryMb() >= 0);
        assertEquals("churn", prediction.modelId());
        assertEquals("v2", prediction.modelVersion());
        assertEquals(start.requestId(), success.requestId());
    }

    @Test
    void aConstructorLoadRegistersTheNewObject() {
        Object load = recorder.enter(CTOR_LOAD, "x.Model#<init>", null, new Object[0]);
        Model constructed = new Model();
        recorder.exit(load, constructed, constructed, null);
        Object predict = recorder.enter(PREDICT, "x.Model#predict", constructed, new Object[]{1.0});
        recorder.exit(predict, constructed, 0.1, null);

        PredictionEvent prediction = (PredictionEvent) events.get(2);
        assertEquals("ctor-model", prediction.modelId());
        assertEquals("v9", prediction.modelVersion());
    }

    @Test
    void aConstructorThatNeverReturnedIsAFailedLoadWhenItsEnclosingCallEnds() {
        IllegalStateException boom = new IllegalStateException("weights file missing");
        Object entry = recorder.enter(ENTRY, "x.Handler#handle", null, new Object[]{new Request("r1")});
        recorder.enter(CTOR_LOAD, "x.Model#<init>", null, new Object[0]); // throws: exit advice never runs
        recorder.exit(entry, null, null, boom);

        ModelLoadEvent failure = (ModelLoadEvent) events.get(2);
        assertEquals(Phase.FAILURE, failure.phase());
        assertEquals("java.lang.IllegalStateException", failure.errorType());
        assertEquals("r1", failure.requestId());
        RequestEvent end = (RequestEvent) events.get(3);
        assertEquals(Phase.FAILURE, end.phase());
        assertNull(RequestContext.current().openConstructors());
    }

    @Test
    void aFailingPredictionRecordsTheErrorAndNoOutput() {
        Object scope = recorder.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{1.0});
        recorder.exit(scope, null, null, new IllegalArgumentException("bad input"));
        PredictionEvent event = (PredictionEvent) events.get(0);
        assertFalse(event.success());
        assertEquals("java.lang.IllegalArgumentException", event.errorType());
        assertEquals("bad input", event.errorMessage());
        assertNull(event.output());
    }

    @Test
    void aThreadsNextPredictionBeginsInTheLastOnesScopeAndKeepsNothingOfIt() {
        Object first = recorder.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{Map.of("a", 1.0)});
        recorder.exit(first, null, 0.5, null);
        Object second = recorder.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{Map.of("a", 2.0)});
        assertSame(first, second, "the ended call's scope is the thread's next");
        recorder.exit(second, null, 0.75, new IllegalStateException("no"));

        PredictionEvent one = (PredictionEvent) events.get(0);
        PredictionEvent two = (PredictionEvent) events.get(1);
        assertNotEquals(one.requestId(), two.requestId());
        assertNotEquals(one.inputHash(), two.inputHash(), "the second call's input is its own");
        assertTrue(one.success());
        assertFalse(two.success());
        assertEquals("java.lang.IllegalStateException", two.errorType());
        assertNull(one.errorType());
    }

    @Test
    void eachEventKeepsItsOwnCaptureWhenTheThreadsCallsReuseTheirHolders() {
        for (double a : new double[] {1.0, 2.0, 3.0}) {
            Object call = recorder.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{Map.of("a", a)});
            recorder.exit(call, null, a / 4, null);
        }
        assertEquals(3, events.size());
        for (int i = 0; i < 3; i++) {
            PredictionEvent e = (PredictionEvent) events.get(i);
            assertEquals(Map.of("a", 1.0 + i), e.input().get("values"), "call " + i + "'s input");
            assertEquals(0.25 * (1 + i), e.outputCharacteristics().get("value"), "call " + i + "'s output");
            for (int j = 0; j < i; j++) {
                PredictionEvent earlier = (PredictionEvent) events.get(j);
                assertNotEquals(earlier.inputHash(), e.inputHash());
                assertNotEquals(earlier.output(), e.output());
            }
        }
    }

    @Test
    void aScopeWhoseFutureHasNotCompletedIsNotReused() {
        java.util.concurrent.CompletableFuture<Double> future = new java.util.concurrent.CompletableFuture<>();
        Object pending = recorder.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{Map.of("a", 1.0)});
        recorder.exit(pending, null, future, null);
        Object next = recorder.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{Map.of("a", 2.0)});
        assertNotSame(pending, next);
        recorder.exit(next, null, 0.25, null);
        Object third = recorder.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{Map.of("a", 3.0)});
        assertNotSame(pending, third);
        assertSame(next, third);
        recorder.exit(third, null, 0.5, null);
        future.complete(0.125);

        assertEquals(3, events.size());
        PredictionEvent completed = (PredictionEvent) events.get(2);
        assertEquals(((PredictionEvent) events.get(0)).target(), completed.target());
        assertNotEquals(((PredictionEvent) events.get(0)).requestId(), completed.requestId());
        assertNotEquals(((PredictionEvent) events.get(1)).requestId(), completed.requestId());
        assertNotEquals(((PredictionEvent) events.get(0)).inputHash(), completed.inputHash());
        assertNotEquals(((PredictionEvent) events.get(1)).inputHash(), completed.inputHash());
    }

    @Test
    void aPredictionReturningAFutureIsRecordedWhenItCompletesWithTheCompletionsOutcome() throws Exception {
        java.util.concurrent.CompletableFuture<Double> future = new java.util.concurrent.CompletableFuture<>();
        Object scope = recorder.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{1.0});
        recorder.exit(scope, null, future, null);
        assertTrue(events.isEmpty(), "nothing is recorded before the future completes");

        Thread.sleep(20);
        IllegalStateException failure = new IllegalStateException("backend timed out");
        future.completeExceptionally(failure);

        PredictionEvent event = (PredictionEvent) events.get(0);
        assertEquals("java.lang.IllegalStateException", event.errorType());
        assertEquals("backend timed out", event.errorMessage());
        assertTrue(event.latencyMs() >= 20, "latency covers the wait: " + event.latencyMs());
        assertNull(event.output());
    }

    /**
     * A method returning a {@code double} or {@code float} hands its value over as it is: the event and what the
     * observers get are those of its box; a failure records no output; a load gets the box for its expressions.
     */
    @Test
    void aNumberHandedOverAsItIsIsRecordedAsItsBox() {
        List<String> observed = new ArrayList<>();
        CallObserver observer = new CallObserver() {
            @Override
            public void predicted(String target, String modelId, String modelVersion, long latencyNanos,
                                  String errorType, CapturedInput input, CapturedOutput output, Boolean seenBefore) {
                observed.add(output == null ? "none" : output.hash() + " " + output.characteristics() + " "
                        + output.features().name(0) + "=" + output.features().number(0));
            }

            @Override
            public void loaded(String target, String modelId, String modelVersion, long loadNanos,
                               boolean succeeded) {
            }
        };
        Recorder numbers = new Recorder(List.of(
                target(TargetKind.PREDICT, "score", "x.Model#predict", null, null, null),
                target(TargetKind.LOAD, "registry", "x.Registry#load", "return", null, null)),
                Recording.of(new InputCapture(HashSettings.defaults(), true, new FeatureSettings(64, 256)),
                        new ModelRegistry(), events::add).withObservers(List.of(observer)));
        double[] values = {0.5, -0.0, 1e-9, Double.NaN, 0.1};
        for (double value : values) {
            for (boolean single : new boolean[] {false, true}) {
                Object box = single ? (Object) (float) value : (Object) value;
                double handed = single ? (float) value : value;
                Object asNumber = numbers.enterOne(PREDICT, "x.Model#predict", new Model(), Map.of("a", 1.0));
                numbers.exitNumber(asNumber, null, handed, single, null);
                Object asBox = numbers.enterOne(PREDICT, "x.Model#predict", new Model(), Map.of("a", 1.0));
                numbers.exit(asBox, null, box, null);
                PredictionEvent n = (PredictionEvent) events.get(events.size() - 2);
                PredictionEvent b = (PredictionEvent) events.get(events.size() - 1);
                assertEquals(b.output(), n.output(), box + ": the box's hash");
                assertEquals(Map.of("type", single ? "java.lang.Float" : "java.lang.Double", "value", handed),
                        n.outputCharacteristics());
                assertEquals(b.outputCharacteristics(), n.outputCharacteristics());
                assertEquals(b.outputNumberType(), n.outputNumberType());
                assertEquals(observed.get(observed.size() - 1), observed.get(observed.size() - 2));
            }
        }
        Object failing = numbers.enterOne(PREDICT, "x.Model#predict", new Model(), Map.of("a", 1.0));
        numbers.exitNumber(failing, null, 0, false, new IllegalStateException("no model"));
        PredictionEvent failure = (PredictionEvent) events.get(events.size() - 1);
        assertFalse(failure.success());
        assertNull(failure.output());
        assertEquals("none", observed.get(observed.size() - 1));
        Object after = numbers.enterOne(PREDICT, "x.Model#predict", new Model(), Map.of("a", 1.0));
        numbers.exit(after, null, "label", null);
        assertEquals("java.lang.String", ((PredictionEvent) events.get(events.size() - 1)).outputCharacteristics()
                .get("type"), "the scope's next call, returning an object, is not taken for a number");
        Object load = numbers.enter(1, "x.Registry#load", null, new Object[] {"m"});
        numbers.exitNumber(load, null, 2.5, false, null);
        assertTrue(events.stream().anyMatch(e -> e instanceof ModelLoadEvent l && "2.5".equals(l.modelId())),
                "the load's model_id from its returned number: " + events);
    }

    @Test
    void aFutureTaskIsRecordedWhenItsValueIsSetAndHashedFromThatValue() throws Exception {
        java.util.concurrent.FutureTask<Double> task = new java.util.concurrent.FutureTask<>(() -> 0.5);
        Object scope = recorder.enter(PREDICT, "x.Model#predict", new Model(), new Object[]{1.0});
        recorder.exit(scope, null, task, null);
        assertTrue(events.isEmpty());
        task.run();
        recorder.futureDone(task); // what the woven FutureTask.finishCompletion() does

        PredictionEvent event = (PredictionEvent) events.get(0);
        assertTrue(event.success());
        assertEquals(new InputCapture(HashSettings.defaults(), true).hashValue(0.5).hash(), event.output().hash());
        recorder.futureDone(task);
        assertEquals(1, events.size(), "recorded once");
    }

    @Test
    void aPredictionsIdentityExpressionsReadItsArguments() {
        Recorder withIdentity = new Recorder(List.of(new TargetRuntime(new TargetSpec(TargetKind.PREDICT, "score",
                MethodPattern.parse("x.Scorer#score(String,double[])"), Expression.parse("\"scorer\""),
                Expression.parse("arg0"), null, null))),
                new InputCapture(HashSettings.defaults(), true), new ModelRegistry(), events::add);
        Object scope = withIdentity.enter(0, "x.Scorer#score", new Model(), new Object[]{"v7", new double[]{1.0}});
        withIdentity.exit(scope, null, 0.5, null);

        PredictionEvent event = (PredictionEvent) events.get(0);
        assertEquals("scorer", event.modelId());
        assertEquals("v7", event.modelVersion());
    }

    @Test
    void anUnknownTargetIdRecordsNothingAndDoesNotThrow() {
        assertNull(recorder.enter(42, "x.Model#predict", null, new Object[0]));
        assertTrue(events.isEmpty());
    }

    @Test
    void theAgentsOwnThreadsAreNeverRecordedAsRequests() throws Exception {
        Thread agentThread = new Thread(() -> {
            io.predlog.agent.context.RequestContext.markAgentThread();
            Object entry = recorder.enter(ENTRY, "x.Handler#handle", null, new Object[]{new Request("scrape")});
            recorder.exit(entry, null, null, null);
        });
        agentThread.start();
        agentThread.join();
        assertEquals(List.of(), events, "a metrics scrape is not the application's request");
        Object entry = recorder.enter(ENTRY, "x.Handler#handle", null, new Object[]{new Request("r2")});
        recorder.exit(entry, null, null, null);
        assertEquals(2, events.size(), "the application's threads are recorded as before");
    }
}
