package io.predlog.agent.record;

import io.predlog.agent.context.RequestContext;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.ModelLoadEvent;
import io.predlog.agent.event.Phase;
import io.predlog.agent.inflight.InflightTable;
import io.predlog.agent.modelfile.PendingDigest;

/**
 * Load targets, on methods and on constructors: {@code model_load_start}, then {@code model_load_success} (with the
 * memory it retained, {@link LoadMemory}, and the digest of the model file it was given, {@link PendingDigest}) or
 * {@code model_load_failure}, and the loaded object's identity registered for the predictions it serves.
 * Constructors are followed as {@link OpenConstructor}s, because advice cannot see one throw.
 */
final class LoadCalls extends CallKind {

    /** A load in progress. */
    static final class LoadScope extends Scope {
        /** Identity known at enter (from arguments or {@code this}); may be completed at exit. */
        String modelId;
        String modelVersion;
        /** The process's memory at enter, for {@code memory_mb}. */
        LoadMemory memoryBefore;
        /** The digest of the model file among the arguments, begun at enter; null when none could be one. */
        PendingDigest digest;
        /** The call's arguments, for identity expressions that can only be evaluated at exit. */
        Object[] args;

        LoadScope(CallKind kind, TargetRuntime target, String method, String requestId, boolean ownsRequest,
                  long startEpochMillis) {
            super(kind, target, method, requestId, ownsRequest, startEpochMillis);
        }
    }

    /** Static initialisers of constructor targets' classes, for the construction that ran them. */
    private final ClassInitRuns classInits = new ClassInitRuns();

    LoadCalls(CallSupport support) {
        super(support);
    }

    @Override
    LoadCalls loads() {
        return this;
    }

    // ---- methods -------------------------------------------------------------------------------------------

    @Override
    Scope enter(RequestContext context, TargetRuntime target, String method, Object self, Object[] args) {
        LoadScope scope = open(context, target, method, System.currentTimeMillis());
        if (target.modelId() != null && !target.modelId().needsReturn()) {
            scope.modelId = target.modelId().evaluateString(self, args, null);
        }
        if (target.modelVersion() != null && !target.modelVersion().needsReturn()) {
            scope.modelVersion = target.modelVersion().evaluateString(self, args, null);
        }
        start(scope, args, null);
        return scope;
    }

    /** Records a load that has completed: returned or threw, or its returned future completed. */
    @Override
    void completed(Scope call, long endNanos, Object self, Object returned, Throwable thrown) {
        LoadScope scope = (LoadScope) call;
        LoadMemory memoryAfter = thrown == null ? LoadMemory.now() : null;
        boolean constructor = scope.target.constructor();
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
            double loadTimeMs = (endNanos - scope.startNanos) / CallSupport.NANOS_PER_MS;
            if (thrown == null) {
                if (modelId == null && model != null) {
                    modelId = model.getClass().getSimpleName();
                } else if (modelId == null && target.typeInitializer()) {
                    modelId = simpleName(ClassInitRuns.className(scope.method));
                }
                if (model != null) {
                    support.recording.models().register(model, new ModelIdentity(modelId, modelVersion));
                }
                LoadMemory.Retained retained = LoadMemory.between(scope.memoryBefore, memoryAfter);
                ModelLoadEvent success = new ModelLoadEvent(Phase.SUCCESS, scope.startEpochMillis, scope.thread,
                        scope.requestId(), target.name(), scope.method, modelId, modelVersion, loadTimeMs,
                        retained.memoryMb(), retained.method(), retained.heapMb(), retained.nativeMb(), null, null,
                        null, null);
                if (scope.digest != null) {
                    scope.digest.complete(success, support.recording.events());
                } else {
                    support.recording.events().accept(success);
                }
            } else {
                cancelDigest(scope);
                support.recording.events().accept(failure(scope, modelId, modelVersion, loadTimeMs, thrown));
            }
            support.loaded(target.name(), modelId, modelVersion, endNanos - scope.startNanos, thrown == null);
        } finally {
            scope.args = null;
            scope.digest = null;
            support.inflightEnd(scope);
        }
    }

    private static void cancelDigest(LoadScope scope) {
        if (scope.digest != null) {
            scope.digest.cancel();
            scope.digest = null;
        }
    }

    /** {@code Outer$Inner} → {@code Inner}, as {@code Class.getSimpleName()} names a nested class. */
    static String simpleName(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple.substring(simple.lastIndexOf('$') + 1);
    }

    private LoadScope open(RequestContext context, TargetRuntime target, String method, long startEpochMillis) {
        boolean owns = !context.active();
        LoadScope scope = new LoadScope(this, target, method, CallSupport.requestId(context, owns), owns,
                startEpochMillis);
        scope.constructorMark = context.openConstructors();
        return scope;
    }

    /**
     * Writes {@code model_load_start} and takes the measurements the load's end is compared with: now, or those taken
     * when the static initialiser that the construction ran started ({@code classInit}, else null).
     */
    private void start(LoadScope scope, Object[] args, ClassInitRuns.Run classInit) {
        support.recording.events().accept(ModelLoadEvent.start(scope.startEpochMillis, scope.thread,
                scope.requestId(), scope.target.name(), scope.method, scope.modelId, scope.modelVersion));
        support.inflightBegin(scope, InflightTable.LOAD, scope.modelId, scope.modelVersion, null);
        if (support.recording.digests() != null) {
            scope.digest = support.recording.digests().begin(args);
        }
        scope.args = args;
        scope.memoryBefore = classInit != null ? classInit.memoryBefore() : LoadMemory.now();
        scope.startNanos = classInit != null ? classInit.startNanos() : System.nanoTime();
    }

    private static ModelLoadEvent failure(LoadScope scope, String modelId, String modelVersion, double loadTimeMs,
                                          Throwable thrown) {
        return ModelLoadEvent.failure(scope.startEpochMillis, scope.thread, scope.requestId(), scope.target.name(),
                scope.method, modelId, modelVersion, loadTimeMs, CallSupport.errorType(thrown),
                thrown == null ? "constructor did not return" : CallSupport.errorMessage(thrown));
    }

    // ---- constructors --------------------------------------------------------------------------------------

    /**
     * A load target's constructor starts. It has no {@code this} yet; identity expressions on {@code this} are
     * evaluated when it returns. A constructor nested in one of the same target (a subclass's calling
     * {@code super(…)}) is part of that load: it is followed, not recorded.
     */
    OpenConstructor enterConstructor(TargetRuntime target, int index, String method, Object[] args) {
        RequestContext context = RequestContext.current();
        OpenConstructor outer = (OpenConstructor) context.openConstructors();
        OpenConstructor entry;
        if (outer != null && outer.within(index)) {
            entry = new OpenConstructor(null, index, method, outer);
        } else {
            ClassInitRuns.Run classInit = classInits.takeFor(method);
            LoadScope scope = open(context, target, method,
                    classInit != null ? classInit.startEpochMillis() : System.currentTimeMillis());
            if (target.modelId() != null && !target.modelId().needsReturn() && !target.modelId().rootIsThis()) {
                scope.modelId = target.modelId().evaluateString(null, args, null);
            }
            if (target.modelVersion() != null && !target.modelVersion().needsReturn()
                    && !target.modelVersion().rootIsThis()) {
                scope.modelVersion = target.modelVersion().evaluateString(null, args, null);
            }
            entry = new OpenConstructor(scope, index, method, outer);
            start(scope, args, classInit);
        }
        context.openConstructors(entry);
        return entry;
    }

    /** The static initialiser of a constructor target's class starts; what it returns goes to {@link #classInitExit}. */
    ClassInitRuns.Run classInitEnter(String method) {
        return classInits.begin(method);
    }

    /** That static initialiser returned ({@code thrown == null}) or threw. */
    void classInitExit(ClassInitRuns.Run run, Throwable thrown) {
        if (thrown == null) {
            classInits.ran(run);
        }
    }

    /** A constructor returned: its load succeeded; constructors it began that never returned failed. */
    void exitConstructor(OpenConstructor entry, long endNanos, Object self) {
        RequestContext context = RequestContext.current();
        if (isOpen(context, entry)) {
            failConstructors(context, (OpenConstructor) context.openConstructors(), entry, null, endNanos);
            context.openConstructors(entry.outer);
        }
        LoadScope scope = entry.scope;
        if (scope != null && !entry.finished) {
            entry.finished = true;
            try {
                completed(scope, endNanos, self, self, null);
            } finally {
                CallSupport.close(context, scope);
            }
        }
    }

    /** The innermost open constructor's {@code super(…)} call returned. */
    void constructorInitialised(String method) {
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
    void constructorThrew(Throwable thrown, String method, boolean named) {
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

    /**
     * Constructor loads that were begun inside {@code scope} and never returned threw where nothing could see it
     * (a superclass constructor outside the application's code failed). The exception leaving {@code scope}, when
     * there is one, is most likely the same one, and is reported as its cause.
     */
    void failOrphanedConstructors(RequestContext context, Scope scope, Throwable thrown) {
        Object head = context.openConstructors();
        if (head != scope.constructorMark) {
            failConstructors(context, (OpenConstructor) head, (OpenConstructor) scope.constructorMark, thrown,
                    System.nanoTime());
            context.openConstructors(scope.constructorMark);
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
            LoadScope scope = c.scope;
            if (scope == null || c.finished) {
                continue;
            }
            c.finished = true;
            try {
                support.inflightEnd(scope);
                cancelDigest(scope);
                double loadTimeMs = (nowNanos - scope.startNanos) / CallSupport.NANOS_PER_MS;
                support.recording.events().accept(failure(scope, scope.modelId, scope.modelVersion, loadTimeMs,
                        thrown));
                support.loaded(scope.target.name(), scope.modelId, scope.modelVersion, nowNanos - scope.startNanos,
                        false);
            } finally {
                scope.args = null;
                CallSupport.close(context, scope);
            }
        }
    }
}
