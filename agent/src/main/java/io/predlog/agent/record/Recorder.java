package io.predlog.agent.record;

import io.predlog.agent.bootstrap.CallRecorder;
import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.HashResult;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.context.RequestContext;
import io.predlog.agent.context.RequestIdSource;
import io.predlog.agent.context.RequestIds;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.ModelLoadEvent;
import io.predlog.agent.event.Phase;
import io.predlog.agent.event.PredictionEvent;
import io.predlog.agent.event.RequestEvent;
import io.predlog.agent.http.InboundIds;
import io.predlog.agent.inflight.InflightTable;
import io.predlog.agent.novelty.NoveltyFilters;
import io.predlog.agent.sampling.Sampler;
import io.predlog.agent.stats.StatsRecorder;

import java.util.List;
import java.util.function.Consumer;

/**
 * Turns each instrumented call into events: takes the request context, has the input captured, measures the
 * call, builds the event and hands it on. Runs on the application's thread, so it does as little as it can
 * and never lets an exception out ({@link io.predlog.agent.bootstrap.PredlogBridge} is the last guard).
 */
public final class Recorder implements CallRecorder {

    private static final double NANOS_PER_MS = 1_000_000.0;
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;
    private static final String MEMORY_METHOD = "heap_used_delta";

    private final TargetRuntime[] targets;
    private final InputCapture capture;
    private final ModelRegistry models;
    private final Consumer<Event> events;
    private final Sampler sampler;
    private final InboundIds inbound;
    private final AsyncCompletions completions = new AsyncCompletions(this);
    /** The in-flight record (issue 4, item 3); null when off. Set once, before the recorder is installed. */
    private InflightTable inflight;
    /** Statistics on every predict call and load (issue 5); null when off. Set once, before installing. */
    private StatsRecorder stats;
    /** {@code input_seen_before} (issue 5); null when off. Set once, before installing. */
    private NoveltyFilters novelty;
    /** Whether every predict call's input is captured, sampled or not: statistics and novelty need it. */
    private boolean captureAll;
    /** Heap given back when a call throws OutOfMemoryError, so that its failure event can be built. */
    private byte[] reserve = new byte[64 * 1024];

    /** A recorder that keeps every event (no sampling) and reads no HTTP headers. */
    public Recorder(List<TargetRuntime> targets, InputCapture capture, ModelRegistry models, Consumer<Event> events) {
        this(targets, capture, models, events, Sampler.keepAll(), null);
    }

    /** A recorder that reads no HTTP headers. */
    public Recorder(List<TargetRuntime> targets, InputCapture capture, ModelRegistry models, Consumer<Event> events,
                    Sampler sampler) {
        this(targets, capture, models, events, sampler, null);
    }

    /**
     * @param targets the configured targets; a target's index is the id its advice carries
     * @param capture hashes and characterises inputs and outputs
     * @param models  model identities learned from load calls
     * @param events  where finished events go (the pipeline's non-blocking offer)
     * @param sampler which prediction and request events are kept
     * @param inbound HTTP request ids: the id from the headers for entry targets without a {@code request_id}
     *                expression, and its echo on the response; null for neither
     */
    public Recorder(List<TargetRuntime> targets, InputCapture capture, ModelRegistry models, Consumer<Event> events,
                    Sampler sampler, InboundIds inbound) {
        this.targets = targets.toArray(new TargetRuntime[0]);
        this.capture = capture;
        this.models = models;
        this.events = events;
        this.sampler = sampler;
        this.inbound = inbound;
    }

    @Override
    public Object enter(int targetId, String method, Object self, Object[] args) {
        try {
            TargetRuntime target = targets[targetId];
            return switch (target.kind()) {
                case PREDICT -> enterPredict(target, method, self, args);
                case LOAD -> enterLoad(target, method, self, args);
                case ENTRY -> enterEntry(target, method, self, args);
            };
        } catch (Throwable t) {
            Diagnostics.failure("record.enter", t);
            return null;
        }
    }

    @Override
    public void exit(Object scopeObject, Object self, Object returned, Throwable thrown) {
        long endNanos = System.nanoTime();
        if (thrown instanceof OutOfMemoryError) {
            reserve = null; // the next allocation's GC can take it back
        }
        try {
            Scope scope = (Scope) scopeObject;
            switch (scope.target.kind()) {
                case PREDICT -> exitPredict(scope, endNanos, self, returned, thrown);
                case LOAD -> exitLoad(scope, endNanos, self, returned, thrown);
                case ENTRY -> exitEntry(scope, endNanos, self, returned, thrown);
            }
        } catch (Throwable t) {
            if (scopeObject instanceof Scope s) {
                inflightEnd(s);
            }
            Diagnostics.failure("record.exit", t);
        }
    }

    // ---- predict -------------------------------------------------------------------------------------------

    private Scope enterPredict(TargetRuntime target, String method, Object self, Object[] args) {
        RequestContext context = RequestContext.current();
        Scope scope = open(context, target, method, true);
        scope.sampling = sampler.decide(scope.requestId, target.spec().sampleSuccess(), 1);
        if (scope.sampling == Sampler.KEPT || captureAll) {
            captureInput(scope, self, args);
        }
        ModelIdentity known = inflight == null ? null : models.lookup(self);
        inflightBegin(scope, InflightTable.PREDICT, known == null ? null : known.modelId(),
                known == null ? null : known.modelVersion());
        if (scope.sampling != Sampler.KEPT || target.modelId() != null || target.modelVersion() != null) {
            // sampled out: captured at exit only if the call is kept after all (failed or slow);
            // identity expressions (model_id = arg0) are evaluated at exit, with the call's arguments
            scope.args = args;
        }
        scope.startNanos = System.nanoTime(); // latency is the call's own, not the capture's
        return scope;
    }

    private void exitPredict(Scope scope, long endNanos, Object self, Object returned, Throwable thrown) {
        RequestContext context = RequestContext.current();
        failOrphanedConstructors(context, scope, thrown);
        try {
            if (thrown == null && completions.defer(scope, self, returned)) {
                return;
            }
            finishPredict(scope, endNanos, self, returned, thrown);
        } finally {
            close(context, scope);
        }
    }

    /** Records a predict call that has completed: returned or threw, or its returned future completed. */
    private void finishPredict(Scope scope, long endNanos, Object self, Object returned, Throwable thrown) {
        try {
            double sampleRate = sampler.sampleRate(scope.sampling, scope.target.spec().sampleSuccess(), thrown != null,
                    (endNanos - scope.startNanos) / NANOS_PER_MS);
            boolean kept = sampleRate == sampleRate; // NaN: left out (and counted by the sampler)
            if (!kept && !captureAll) {
                return;
            }
            if (scope.sampling != Sampler.KEPT && !captureAll) {
                captureInput(scope, self, scope.args);
            }
            HashResult output = null;
            if (thrown == null && kept) {
                try {
                    output = capture.hashValue(returned);
                } catch (Throwable t) {
                    Diagnostics.failure("capture.output", t);
                }
            }
            TargetRuntime target = scope.target;
            ModelIdentity known = models.lookup(self);
            String modelId = target.modelId() != null ? target.modelId().evaluateString(self, scope.args, returned)
                    : known != null && known.modelId() != null ? known.modelId() : defaultModelId(self, scope.method);
            String modelVersion = target.modelVersion() != null
                    ? target.modelVersion().evaluateString(self, scope.args, returned)
                    : known != null ? known.modelVersion() : null;
            // ---- statistics and novelty (issue 5): every call, whatever the sampling ----
            Boolean seen = novelty == null || scope.input == null ? null : novelty.seenBefore(modelId, scope.input.hash());
            if (stats != null) {
                stats.prediction(target.name(), modelId, modelVersion, endNanos - scope.startNanos, errorType(thrown),
                        scope.input, seen);
            }
            if (!kept) {
                return;
            }
            CapturedInput input = scope.input;
            events.accept(new PredictionEvent(scope.startEpochMillis, scope.thread, scope.requestId,
                    target.name(), scope.method, modelId, modelVersion, input == null ? null : input.hash(),
                    input == null ? null : input.characteristics(), output,
                    (endNanos - scope.startNanos) / NANOS_PER_MS, errorType(thrown), errorMessage(thrown), sampleRate,
                    seen));
        } finally {
            scope.args = null;
            inflightEnd(scope);
        }
    }

    private void captureInput(Scope scope, Object self, Object[] args) {
        try {
            TargetRuntime.Field inputField = scope.target.input();
            scope.input = inputField == null
                    ? capture.captureArguments(args)
                    : capture.captureValue(inputField.evaluate(self, args, null));
        } catch (Throwable t) {
            Diagnostics.failure("capture.input", t);
        }
    }

    // ---- load ----------------------------------------------------------------------------------------------

    private Scope enterLoad(TargetRuntime target, String method, Object self, Object[] args) {
        RequestContext context = RequestContext.current();
        boolean constructor = method.endsWith("#<init>");
        // A constructor that throws is never seen by advice; so that a failed one cannot leave its request on
        // the thread, a constructor load never starts the thread's request (it still gets an id).
        Scope scope = open(context, target, method, !constructor);
        if (target.modelId() != null && !target.modelId().needsReturn() && !(constructor && usesThis(target.modelId()))) {
            scope.modelId = target.modelId().evaluateString(self, args, null);
        }
        if (target.modelVersion() != null && !target.modelVersion().needsReturn()
                && !(constructor && usesThis(target.modelVersion()))) {
            scope.modelVersion = target.modelVersion().evaluateString(self, args, null);
        }
        if (constructor) {
            scope.outerConstructor = (Scope) context.openConstructors();
            context.openConstructors(scope);
        }
        events.accept(new ModelLoadEvent(Phase.START, scope.startEpochMillis, scope.thread, scope.requestId,
                target.name(), method, scope.modelId, scope.modelVersion, Double.NaN, Double.NaN, null, null, null));
        inflightBegin(scope, InflightTable.LOAD, scope.modelId, scope.modelVersion);
        Runtime runtime = Runtime.getRuntime();
        scope.heapBefore = runtime.totalMemory() - runtime.freeMemory();
        scope.args = args;
        scope.startNanos = System.nanoTime();
        return scope;
    }

    private void exitLoad(Scope scope, long endNanos, Object self, Object returned, Throwable thrown) {
        RequestContext context = RequestContext.current();
        boolean constructor = scope.method.endsWith("#<init>");
        if (constructor) {
            failOrphanedConstructorsAbove(context, scope, null);
            context.openConstructors(scope.outerConstructor);
        } else {
            failOrphanedConstructors(context, scope, thrown);
        }
        try {
            if (thrown == null && !constructor && completions.defer(scope, self, returned)) {
                return;
            }
            finishLoad(scope, endNanos, self, returned, thrown);
        } finally {
            close(context, scope);
        }
    }

    /** Records a load that has completed: returned or threw, or its returned future completed. */
    private void finishLoad(Scope scope, long endNanos, Object self, Object returned, Throwable thrown) {
        boolean constructor = scope.method.endsWith("#<init>");
        try {
            TargetRuntime target = scope.target;
            Object model = constructor ? self : returned != null ? returned : self;
            String modelId = scope.modelId;
            String modelVersion = scope.modelVersion;
            if (modelId == null && target.modelId() != null) {
                modelId = target.modelId().evaluateString(self, scope.args, model);
            }
            if (modelVersion == null && target.modelVersion() != null) {
                modelVersion = target.modelVersion().evaluateString(self, scope.args, model);
            }
            double loadTimeMs = (endNanos - scope.startNanos) / NANOS_PER_MS;
            if (thrown == null) {
                if (modelId == null && model != null) {
                    modelId = model.getClass().getSimpleName();
                }
                if (model != null) {
                    models.register(model, new ModelIdentity(modelId, modelVersion));
                }
                Runtime runtime = Runtime.getRuntime();
                long retained = Math.max(0, runtime.totalMemory() - runtime.freeMemory() - scope.heapBefore);
                events.accept(new ModelLoadEvent(Phase.SUCCESS, scope.startEpochMillis, scope.thread,
                        scope.requestId, target.name(), scope.method, modelId, modelVersion, loadTimeMs,
                        retained / BYTES_PER_MB, MEMORY_METHOD, null, null));
            } else {
                events.accept(loadFailure(scope, modelId, modelVersion, loadTimeMs, thrown));
            }
            if (stats != null) {
                stats.load(target.name(), modelId, modelVersion, endNanos - scope.startNanos, thrown == null);
            }
        } finally {
            scope.args = null;
            inflightEnd(scope);
        }
    }

    private static ModelLoadEvent loadFailure(Scope scope, String modelId, String modelVersion, double loadTimeMs,
                                              Throwable thrown) {
        return new ModelLoadEvent(Phase.FAILURE, scope.startEpochMillis, scope.thread, scope.requestId,
                scope.target.name(), scope.method, modelId, modelVersion, loadTimeMs, Double.NaN, null,
                errorType(thrown), thrown == null ? "constructor did not return" : errorMessage(thrown));
    }

    /**
     * Constructor loads that were opened inside {@code scope} and never returned threw: a constructor's
     * exception cannot be caught by advice, so this is where it is noticed. The exception leaving
     * {@code scope}, when there is one, is most likely the same one, and is reported as its cause.
     */
    private void failOrphanedConstructors(RequestContext context, Scope scope, Throwable thrown) {
        if (context.openConstructors() != scope.constructorMark) {
            failOrphanedConstructorsAbove(context, scope, thrown);
            context.openConstructors(scope.constructorMark);
        }
    }

    private void failOrphanedConstructorsAbove(RequestContext context, Scope scope, Throwable thrown) {
        long now = System.nanoTime();
        Scope open = (Scope) context.openConstructors();
        while (open != null && open != scope && open != scope.constructorMark) {
            inflightEnd(open);
            events.accept(loadFailure(open, open.modelId, open.modelVersion, (now - open.startNanos) / NANOS_PER_MS,
                    thrown));
            if (stats != null) {
                stats.load(open.target.name(), open.modelId, open.modelVersion, now - open.startNanos, false);
            }
            open = open.outerConstructor;
        }
    }

    private static boolean usesThis(TargetRuntime.Field field) {
        return field.rootIsThis();
    }

    // ---- entry ---------------------------------------------------------------------------------------------

    private Scope enterEntry(TargetRuntime target, String method, Object self, Object[] args) {
        RequestContext context = RequestContext.current();
        if (context.agentThread()) {
            return null; // the agent's own server (metrics): not a request of the application's
        }
        Scope scope;
        if (context.active()) {
            if (inbound != null && inbound.isBuiltIn(target.spec())) {
                return null; // HTTP requests (issue 3): a built-in server target records a request once
            }
            scope = new Scope(target, method, context.requestId(), false, System.currentTimeMillis());
        } else {
            // ---- HTTP request ids (issue 3): headers when there is no expression, then the echo ----
            String candidate = target.requestId() != null ? target.requestId().evaluateString(self, args, null)
                    : inbound != null ? inbound.requestId(args) : null;
            String id = RequestIds.isAdoptable(candidate) ? candidate : RequestIdSource.newRequestId();
            context.begin(id);
            scope = new Scope(target, method, id, true, System.currentTimeMillis());
            if (inbound != null) {
                inbound.echo(args, id);
            }
            // ---- end HTTP request ids ----
        }
        scope.constructorMark = context.openConstructors();
        scope.sampling = sampler.decide(scope.requestId, target.spec().sampleSuccess(), 2);
        double startRate = sampler.startRate(scope.sampling, target.spec().sampleSuccess());
        if (startRate == startRate) { // not NaN: kept
            events.accept(new RequestEvent(Phase.START, scope.startEpochMillis, scope.thread, scope.requestId,
                    target.name(), method, Double.NaN, null, null, startRate));
        }
        scope.startNanos = System.nanoTime();
        return scope;
    }

    private void exitEntry(Scope scope, long endNanos, Object self, Object returned, Throwable thrown) {
        RequestContext context = RequestContext.current();
        failOrphanedConstructors(context, scope, thrown);
        try {
            if (thrown == null && completions.defer(scope, self, returned)) {
                return;
            }
            finishEntry(scope, endNanos, thrown);
        } finally {
            close(context, scope);
        }
    }

    /** Records a request that has completed: returned or threw, or its returned future completed. */
    private void finishEntry(Scope scope, long endNanos, Throwable thrown) {
        double latencyMs = (endNanos - scope.startNanos) / NANOS_PER_MS;
        double sampleRate = sampler.sampleRate(scope.sampling, scope.target.spec().sampleSuccess(), thrown != null,
                latencyMs);
        if (sampleRate != sampleRate) { // NaN: left out (and counted by the sampler)
            return;
        }
        events.accept(new RequestEvent(thrown == null ? Phase.SUCCESS : Phase.FAILURE, scope.startEpochMillis,
                scope.thread, scope.requestId, scope.target.name(), scope.method,
                latencyMs, errorType(thrown), errorMessage(thrown), sampleRate));
    }

    /**
     * Records a call whose returned future has completed ({@link AsyncCompletions}): latency to completion,
     * outcome and output from the completion. Runs on the completing thread; never throws.
     */
    void completed(Scope scope, Object self, Object value, Throwable error) {
        long endNanos = System.nanoTime();
        try {
            switch (scope.target.kind()) {
                case PREDICT -> finishPredict(scope, endNanos, self, value, error);
                case LOAD -> finishLoad(scope, endNanos, self, value, error);
                case ENTRY -> finishEntry(scope, endNanos, error);
            }
        } catch (Throwable t) {
            Diagnostics.failure("record.completion", t);
        }
    }

    @Override
    public void futureDone(Object future) {
        completions.futureDone(future);
    }

    // ---- statistics and novelty (issue 5) ------------------------------------------------------------------

    /**
     * Hands every predict call and load to {@code stats}, and asks {@code novelty} about every input (either may
     * be null: off); call before installing the recorder. Either one makes every call's input captured.
     */
    public void statistics(StatsRecorder stats, NoveltyFilters novelty) {
        this.stats = stats;
        this.novelty = novelty;
        this.captureAll = stats != null || novelty != null;
    }

    // ---- in-flight record (issue 4, item 3) ----------------------------------------------------------------

    /** Keeps running predict and load calls in {@code table} from now on; call before installing the recorder. */
    public void inflight(InflightTable table) {
        this.inflight = table;
    }

    private void inflightBegin(Scope scope, int kind, String modelId, String modelVersion) {
        InflightTable table = inflight;
        if (table != null) {
            HashResult h = scope.input == null ? null : scope.input.hash();
            scope.inflightSlot = table.begin(kind, scope.startEpochMillis, scope.requestId, scope.target.name(),
                    scope.method, modelId, modelVersion, h == null ? 0 : h.prefix(),
                    h == null ? 0 : InflightTable.flags(h.truncated(), h.partial()), h == null ? -1 : h.size(),
                    scope.thread);
        }
        if (reserve == null) {
            rearm();
        }
    }

    private void inflightEnd(Scope scope) {
        int slot = scope.inflightSlot;
        if (slot >= 0) {
            scope.inflightSlot = -1;
            inflight.end(slot);
        }
    }

    private void rearm() {
        try {
            reserve = new byte[64 * 1024];
        } catch (Throwable t) {
            // still short of memory: try again on a later call
        }
    }

    // ---- end of in-flight record ---------------------------------------------------------------------------

    // ---- shared --------------------------------------------------------------------------------------------

    /** Joins the thread's request, or starts one (when {@code mayOwn}) that this call will end. */
    private static Scope open(RequestContext context, TargetRuntime target, String method, boolean mayOwn) {
        Scope scope;
        if (context.active()) {
            scope = new Scope(target, method, context.requestId(), false, System.currentTimeMillis());
        } else {
            String id = RequestIdSource.newRequestId();
            if (mayOwn) {
                context.begin(id);
            }
            scope = new Scope(target, method, id, mayOwn, System.currentTimeMillis());
        }
        scope.constructorMark = context.openConstructors();
        return scope;
    }

    private static void close(RequestContext context, Scope scope) {
        if (scope.ownsRequest) {
            context.end();
        }
    }

    private static String defaultModelId(Object self, String method) {
        if (self != null) {
            return self.getClass().getSimpleName();
        }
        String declaring = method.substring(0, method.indexOf('#'));
        return declaring.substring(declaring.lastIndexOf('.') + 1);
    }


    private static String errorType(Throwable thrown) {
        return thrown == null ? null : thrown.getClass().getName();
    }

    private static String errorMessage(Throwable thrown) {
        if (thrown == null) {
            return null;
        }
        try {
            return thrown.getMessage();
        } catch (Throwable t) {
            return null;
        }
    }

    /** The kind of target at this index (for tests and diagnostics). */
    TargetKind kindOf(int targetId) {
        return targets[targetId].kind();
    }
}
