package io.predlog.agent.record;

import io.predlog.agent.bootstrap.CallRecorder;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.config.TargetKind;
import io.predlog.agent.context.RequestContext;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.event.Event;
import io.predlog.agent.sampling.Sampler;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns each instrumented call into events. The bridge hands it every call; it applies the rules that hold for
 * every kind of target — a receiver check for inherited code, a lambda's captured values skipped, one event for the
 * outermost call of a target on a thread (docs/CONFIGURATION.md, "Which calls a target records") — and routes the
 * call to its kind: {@link PredictCalls}, {@link LoadCalls}, {@link EntryCalls}. Runs on the application's thread,
 * so it does as little as it can and never lets an exception out ({@link io.predlog.agent.bootstrap.PredlogBridge}
 * is the last guard).
 */
public final class Recorder implements CallRecorder {

    private final TargetRuntime[] targets;
    private final CallSupport support;
    private final LoadCalls loads;
    /** By {@link TargetKind#ordinal()}. */
    private final CallKind[] kinds;

    /** A recorder that keeps every event (no sampling) and reads no HTTP headers. */
    public Recorder(List<TargetRuntime> targets, InputCapture capture, ModelRegistry models, Consumer<Event> events) {
        this(targets, Recording.of(capture, models, events));
    }

    /** A recorder that reads no HTTP headers. */
    public Recorder(List<TargetRuntime> targets, InputCapture capture, ModelRegistry models, Consumer<Event> events,
                    Sampler sampler) {
        this(targets, Recording.of(capture, models, events).withSampler(sampler));
    }

    /**
     * @param targets   the configured targets; a target's index is the id its advice carries
     * @param recording what it works with: capture, events, sampler, observers, … all fixed from now on
     */
    public Recorder(List<TargetRuntime> targets, Recording recording) {
        this.targets = targets.toArray(new TargetRuntime[0]);
        this.support = new CallSupport(recording);
        this.loads = new LoadCalls(support);
        this.kinds = new CallKind[TargetKind.values().length];
        kinds[TargetKind.PREDICT.ordinal()] = new PredictCalls(support, loads);
        kinds[TargetKind.LOAD.ordinal()] = loads;
        kinds[TargetKind.ENTRY.ordinal()] = new EntryCalls(support, loads);
    }

    @Override
    public Object enter(int targetId, String method, Object self, Object[] args) {
        return enter(targetId, method, self, args, null);
    }

    @Override
    public Object enterOne(int targetId, String method, Object self, Object arg) {
        return enter(targetId, method, self, null, arg);
    }

    /**
     * A call starts: with its arguments in {@code args}, or, when {@code args} is null, with its one argument
     * {@code onlyArg} (a predict call keeps it in its scope's own one-slot array; the other kinds make one).
     */
    private Object enter(int targetId, String method, Object self, Object[] args, Object onlyArg) {
        int index = targetId & TargetRuntime.INDEX_MASK;
        RequestContext context = null;
        boolean outermost = false;
        try {
            if (!support.recording.sampler().recording()) {
                return null; // switched off while running (predlog.enabled=false in the configuration file)
            }
            support.recording.jdkWeaving().awaitBeforeRecording();
            TargetRuntime target = targets[index];
            if ((targetId & TargetRuntime.RECEIVER_CHECK) != 0 && !target.receiverMatches(self)) {
                return null; // inherited code running for a class the target does not name
            }
            if ((targetId & TargetRuntime.CLASS_INIT) != 0) { // a constructor target's class initialises
                return loads.classInitEnter(method);
            }
            int captured = (targetId & ~(TargetRuntime.RECEIVER_CHECK | TargetRuntime.CLASS_INIT))
                    >>> TargetRuntime.CAPTURED_SHIFT;
            if (args == null && (captured > 0 || target.constructor())) { // never woven so: kept whole all the same
                args = new Object[] {onlyArg};
            }
            if (captured > 0) { // a lambda's body: its first parameters are the values it captured
                args = Arrays.copyOfRange(args, Math.min(captured, args.length), args.length);
            }
            if (target.constructor()) {
                return loads.enterConstructor(target, index, method, args);
            }
            // one call, one event: a call nested in a call of the same target is part of it
            context = RequestContext.current();
            if (!context.enterTarget(index)) {
                return null;
            }
            outermost = true;
            CallKind kind = kinds[target.kind().ordinal()];
            Scope scope = args != null ? kind.enter(context, target, method, self, args)
                    : kind.enterOne(context, target, method, self, onlyArg);
            if (scope == null) {
                context.leaveTarget(index);
            } else {
                scope.outermostOf = index;
                scope.context = context;
                support.recording.calls().begun(scope);
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
            support.outOfMemory();
        }
        try {
            if (scopeObject instanceof OpenConstructor constructor) {
                loads.exitConstructor(constructor, endNanos, self);
                return;
            }
            if (scopeObject instanceof ClassInitRuns.Run classInit) {
                loads.classInitExit(classInit, thrown);
                return;
            }
            Scope scope = (Scope) scopeObject;
            RequestContext context = scope.context;
            if (scope.outermostOf >= 0) {
                context.leaveTarget(scope.outermostOf);
            }
            scope.kind.exit(context, scope, endNanos, self, returned, thrown);
        } catch (Throwable t) {
            if (scopeObject instanceof Scope s) {
                support.inflightEnd(s);
                support.recording.calls().ended(s);
            }
            Diagnostics.failure("record.exit", t);
        }
    }

    /**
     * A predict call's number stays one: its scope holds it for the output's capture, which needs no box; any other
     * call gets its box.
     */
    @Override
    public void exitNumber(Object scopeObject, Object self, double returned, boolean single, Throwable thrown) {
        if (thrown == null && scopeObject instanceof PredictCalls.PredictScope predict) {
            predict.returnedNumber(returned, single);
            exit(scopeObject, self, null, null);
        } else {
            CallRecorder.super.exitNumber(scopeObject, self, returned, single, thrown);
        }
    }

    @Override
    public void constructorInitialised(String method) {
        loads.constructorInitialised(method);
    }

    @Override
    public void constructorThrew(Throwable thrown, String method, boolean named) {
        loads.constructorThrew(thrown, method, named);
    }

    @Override
    public void futureDone(Object future) {
        support.completions.futureDone(future);
    }

    /** The kind of target at this index (for tests and diagnostics). */
    TargetKind kindOf(int targetId) {
        return targets[targetId].kind();
    }
}
