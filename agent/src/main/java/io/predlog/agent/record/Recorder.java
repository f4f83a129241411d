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

import java.util.Arrays;
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
    /** The in-flight record; null when off. Set once, before the recorder is installed. */
    private InflightTable inflight;
    /** Statistics on every predict call and load; null when off. Set once, before installing. */
    private StatsRecorder stats;
    /** {@code input_seen_before}; null when off. Set once, before installing. */
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
        int index = targetId & TargetRuntime.INDEX_MASK;
        RequestContext context = null;
        boolean outermost = false;
        try {
            TargetRuntime target = targets[index];
            if ((targetId & TargetRuntime.RECEIVER_CHECK) != 0 && !target.receiverMatches(self)) {
                return null; // inherited code running for a class the target does not name
            }
            int captured = (targetId & ~TargetRuntime.RECEIVER_CHECK) >>> TargetRuntime.CAPTURED_SHIFT;
            if (captured > 0) { // a lambda's body: its first parameters are the values it captured
                args = Arrays.copyOfRange(args, Math.min(captured, args.length), args.length);
            }
            if (target.spec().pattern().isConstructor()) {
                return enterConstructor(target, index, method, args);
            }
            // one call, one event: a call nested in a call of the same target is part of it
            context = RequestContext.current();
            if (!context.enterTarget(index)) {
                return null;
            }
            outermost = true;
            Scope scope = switch (target.kind()) {
                case PREDICT -> enterPredict(context, target, method, self, args);
                case LOAD -> enterLoad(context, target, method, self, args);
                case ENTRY -> enterEntry(context, target, method, self, args);
            };
            if (scope == null) {
                context.leaveTarget(index);
            } else {
                scope.outermostOf = index;
            }
            return scope;
        } catch (Throwable t) {
            if (outermost) {
                context.leaveTarget(index);
            }
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
            if (scopeObject instanceof OpenConstructor constructor) {
                exitConstructor(constructor, endNanos, self);
                return;
            }
            Scope scope = (Scope) scopeObject;
            RequestContext context = RequestContext.current();
            if (scope.outermostOf >= 0) {
                context.leaveTarget(scope.outermostOf);
            }
            switch (scope.target.kind()) {
                case PREDICT -> exitPredict(context, scope, endNanos, self, returned, thrown);
                case LOAD -> exitLoad(context, scope, endNanos, self, returned, thrown);
                case ENTRY -> exitEntry(context, scope, endNanos, self, returned, thrown);
            }
        } catch (Throwable t) {
            if (scopeObject instanceof Scope s) {
                inflightEnd(s);
            }
            Diagnostics.failure("record.exit", t);
        }
    }

    // ---- predict -------------------------------------------------------------------------------------------

    private Scope enterPredict(RequestContext context, TargetRuntime target, String method, Object self,
                               Object[] args) {
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

    private void exitPredict(RequestContext context, Scope scope, long endNanos, Object self, Object returned,
                             Throwable thrown) {
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
            // ---- statistics and novelty: every call, whatever the sampling ----
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

    private Scope enterLoad(RequestContext context, TargetRuntime target, String method, Object self,
                            Object[] args) {
        Scope scope = open(context, target, method, true);
        if (target.modelId() != null && !target.modelId().needsReturn()) {
            scope.modelId = target.modelId().evaluateString(self, args, null);
        }
        if (target.modelVersion() != null && !target.modelVersion().needsReturn()) {
            scope.modelVersion = target.modelVersion().evaluateString(self, args, null);
        }
        startLoad(scope, args);
        return scope;
    }

    /** Writes {@code model_load_start} and takes the measurements the load's end is compared with. */
    private void startLoad(Scope scope, Object[] args) {
        events.accept(new ModelLoadEvent(Phase.START, scope.startEpochMillis, scope.thread, scope.requestId,
                scope.target.name(), scope.method, scope.modelId, scope.modelVersion, Double.NaN, Double.NaN,
                null, null, null));
        inflightBegin(scope, InflightTable.LOAD, scope.modelId, scope.modelVersion);
        Runtime runtime = Runtime.getRuntime();
        scope.heapBefore = runtime.totalMemory() - runtime.freeMemory();
        scope.args = args;
        scope.startNanos = System.nanoTime();
    }

    private void exitLoad(RequestContext context, Scope scope, long endNanos, Object self, Object returned,
                          Throwable thrown) {
        failOrphanedConstructors(context, scope, thrown);
        try {
            if (thrown == null && completions.defer(scope, self, returned)) {
                return;
            }
            finishLoad(scope, endNanos, self, returned, thrown);
        } finally {
            close(context, scope);
        }
    }

    // ---- constructor loads ---------------------------------------------------------------------------------

    /**
     * A load target's constructor starts. It has no {@code this} yet; identity expressions on {@code this} are
     * evaluated when it returns. A constructor nested in one of the same target (a subclass's calling
     * {@code super(…)}) is part of that load: it is followed, not recorded.
     */
    private OpenConstructor enterConstructor(TargetRuntime target, int index, String method, Object[] args) {
        RequestContext context = RequestContext.current();
        OpenConstructor outer = (OpenConstructor) context.openConstructors();
        OpenConstructor entry;
        if (outer != null && outer.within(index)) {
            entry = new OpenConstructor(null, index, method, outer);
        } else {
            Scope scope = open(context, target, method, true);
            if (target.modelId() != null && !target.modelId().needsReturn() && !target.modelId().rootIsThis()) {
                scope.modelId = target.modelId().evaluateString(null, args, null);
            }
            if (target.modelVersion() != null && !target.modelVersion().needsReturn()
                    && !target.modelVersion().rootIsThis()) {
                scope.modelVersion = target.modelVersion().evaluateString(null, args, null);
            }
            entry = new OpenConstructor(scope, index, method, outer);
            startLoad(scope, args);
        }
        context.openConstructors(entry);
        return entry;
    }

    /** A constructor returned: its load succeeded; constructors it began that never returned failed. */
    private void exitConstructor(OpenConstructor entry, long endNanos, Object self) {
        RequestContext context = RequestContext.current();
        if (isOpen(context, entry)) {
            failConstructors(context, (OpenConstructor) context.openConstructors(), entry, null, endNanos);
            context.openConstructors(entry.outer);
        }
        Scope scope = entry.scope;
        if (scope != null && !entry.finished) {
            entry.finished = true;
            try {
                finishLoad(scope, endNanos, self, self, null);
            } finally {
                close(context, scope);
            }
        }
    }

    @Override
    public void constructorInitialised(String method) {
        OpenConstructor head = (OpenConstructor) RequestContext.current().openConstructors();
        if (head != null && !head.initialised && head.method.equals(method)) {
            head.initialised = true;
        }
    }

    /**
     * An exception is leaving a constructor's body. A target's own constructor: its load failed, with any it
     * began that never returned; a superclass constructor of one: it fails the named constructors still in their
     * {@code super(…)} call. Either way the exception also leaves every constructor it reaches that is still in
     * its {@code super(…)} call (nothing there can catch it), so those loads failed too.
     */
    @Override
    public void constructorThrew(Throwable thrown, String method, boolean named) {
        long now = System.nanoTime();
        try {
            RequestContext context = RequestContext.current();
            OpenConstructor head = (OpenConstructor) context.openConstructors();
            OpenConstructor stop;
            if (named) {
                OpenConstructor own = head;
                while (own != null && !(own.initialised && own.method.equals(method))) {
                    own = own.outer;
                }
                if (own == null) {
                    return; // not followed (its enter was not recorded)
                }
                stop = own.outer;
            } else {
                stop = head;
            }
            while (stop != null && !stop.initialised) {
                stop = stop.outer;
            }
            if (stop != head) {
                failConstructors(context, head, stop, thrown, now);
                context.openConstructors(stop);
            }
        } catch (Throwable t) {
            Diagnostics.failure("record.constructor", t);
        }
    }

    private static boolean isOpen(RequestContext context, OpenConstructor entry) {
        for (OpenConstructor c = (OpenConstructor) context.openConstructors(); c != null; c = c.outer) {
            if (c == entry) {
                return true;
            }
        }
        return false;
    }

    /** Records the loads of the constructors from {@code from} out to (not including) {@code stop} as failed. */
    private void failConstructors(RequestContext context, OpenConstructor from, OpenConstructor stop,
                                  Throwable thrown, long nowNanos) {
        for (OpenConstructor c = from; c != null && c != stop; c = c.outer) {
            Scope scope = c.scope;
            if (scope == null || c.finished) {
                continue;
            }
            c.finished = true;
            try {
                inflightEnd(scope);
                double loadTimeMs = (nowNanos - scope.startNanos) / NANOS_PER_MS;
                events.accept(loadFailure(scope, scope.modelId, scope.modelVersion, loadTimeMs, thrown));
                if (stats != null) {
                    stats.load(scope.target.name(), scope.modelId, scope.modelVersion, nowNanos - scope.startNanos,
                            false);
                }
            } finally {
                scope.args = null;
                close(context, scope);
            }
        }
    }

    /** Records a load that has completed: returned or threw, or its returned future completed. */
    private void finishLoad(Scope scope, long endNanos, Object self, Object returned, Throwable thrown) {
        boolean constructor = scope.target.spec().pattern().isConstructor();
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
     * Constructor loads that were begun inside {@code scope} and never returned threw where nothing could see it
     * (a superclass constructor outside the application's code failed). The exception leaving {@code scope}, when
     * there is one, is most likely the same one, and is reported as its cause.
     */
    private void failOrphanedConstructors(RequestContext context, Scope scope, Throwable thrown) {
        Object head = context.openConstructors();
        if (head != scope.constructorMark) {
            failConstructors(context, (OpenConstructor) head, (OpenConstructor) scope.constructorMark, thrown,
                    System.nanoTime());
            context.openConstructors(scope.constructorMark);
        }
    }

    // ---- entry ---------------------------------------------------------------------------------------------

    private Scope enterEntry(RequestContext context, TargetRuntime target, String method, Object self,
                             Object[] args) {
        if (context.agentThread()) {
            return null; // the agent's own server (metrics): not a request of the application's
        }
        if (context.active()) {
            return null; // an entry inside a request (a filter, a delegating handler) is part of that request
        }
        // the inbound id: the target's expression, else the HTTP headers; then its echo on the response
        String candidate = target.requestId() != null ? target.requestId().evaluateString(self, args, null)
                : inbound != null ? inbound.requestId(args) : null;
        String id = RequestIds.isAdoptable(candidate) ? candidate : RequestIdSource.newRequestId();
        context.begin(id);
        Scope scope = new Scope(target, method, id, true, System.currentTimeMillis());
        if (inbound != null) {
            inbound.echo(args, id);
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

    private void exitEntry(RequestContext context, Scope scope, long endNanos, Object self, Object returned,
                           Throwable thrown) {
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

    // ---- statistics and novelty ------------------------------------------------------------------

    /**
     * Hands every predict call and load to {@code stats}, and asks {@code novelty} about every input (either may
     * be null: off); call before installing the recorder. Either one makes every call's input captured.
     */
    public void statistics(StatsRecorder stats, NoveltyFilters novelty) {
        this.stats = stats;
        this.novelty = novelty;
        this.captureAll = stats != null || novelty != null;
    }

    // ---- in-flight record ----------------------------------------------------------------

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
            return GeneratedClasses.userClass(self.getClass()).getSimpleName();
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
