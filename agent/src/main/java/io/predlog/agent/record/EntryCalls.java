package io.predlog.agent.record;

import io.predlog.agent.context.RequestContext;
import io.predlog.agent.context.RequestIdSource;
import io.predlog.agent.context.RequestIds;
import io.predlog.agent.event.Phase;
import io.predlog.agent.event.RequestEvent;
import io.predlog.agent.http.InboundIds;
import io.predlog.agent.sampling.Sampler;

/**
 * Entry targets: a request begins on the thread (its id adopted from the call or the HTTP headers, else made),
 * {@code request_start} and {@code request_success}/{@code request_failure} are offered when the sampler keeps
 * them. An entry inside a request is part of it and records nothing.
 */
final class EntryCalls extends CallKind {

    /** A request in progress. */
    static final class EntryScope extends Scope {
        /** What the sampler decided at enter. */
        byte sampling;

        EntryScope(CallKind kind, TargetRuntime target, String method, String requestId) {
            super(kind, target, method, requestId, true, System.currentTimeMillis());
        }
    }

    private final LoadCalls loads;

    EntryCalls(CallSupport support, LoadCalls loads) {
        super(support);
        this.loads = loads;
    }

    @Override
    LoadCalls loads() {
        return loads;
    }

    @Override
    Scope enter(RequestContext context, TargetRuntime target, String method, Object self, Object[] args) {
        if (context.agentThread()) {
            return null; // the agent's own server (metrics): not a request of the application's
        }
        if (context.active()) {
            return null; // an entry inside a request (a filter, a delegating handler) is part of that request
        }
        // the inbound id: the target's expression, else the HTTP headers; then its echo on the response
        InboundIds inbound = support.recording.inbound();
        String candidate = target.requestId() != null ? target.requestId().evaluateString(self, args, null)
                : inbound != null ? inbound.requestId(args) : null;
        String id = RequestIds.isAdoptable(candidate) ? candidate
                : RequestIdSource.newRequestId(context.idScratch());
        context.begin(id);
        EntryScope scope = new EntryScope(this, target, method, id);
        if (inbound != null) {
            inbound.echo(args, id);
        }
        scope.constructorMark = context.openConstructors();
        Sampler sampler = support.recording.sampler();
        scope.sampling = sampler.decide(scope.requestId(), target.spec().sampleSuccess(), 2);
        double startRate = sampler.startRate(scope.sampling, target.spec().sampleSuccess());
        if (startRate == startRate) { // not NaN: kept
            support.recording.events().accept(new RequestEvent(Phase.START, scope.startEpochMillis, scope.thread,
                    scope.requestId(), target.name(), method, Double.NaN, null, null, startRate));
        }
        scope.startNanos = System.nanoTime();
        return scope;
    }

    /** Records a request that has completed: returned or threw, or its returned future completed. */
    @Override
    void completed(Scope call, long endNanos, Object self, Object value, Throwable thrown) {
        EntryScope scope = (EntryScope) call;
        double latencyMs = (endNanos - scope.startNanos) / CallSupport.NANOS_PER_MS;
        double sampleRate = support.recording.sampler().sampleRate(scope.sampling,
                scope.target.spec().sampleSuccess(), thrown != null, latencyMs);
        if (sampleRate != sampleRate) { // NaN: left out (and counted by the sampler)
            return;
        }
        support.recording.events().accept(new RequestEvent(thrown == null ? Phase.SUCCESS : Phase.FAILURE,
                scope.startEpochMillis, scope.thread, scope.requestId(), scope.target.name(), scope.method,
                latencyMs, CallSupport.errorType(thrown), CallSupport.errorMessage(thrown), sampleRate));
    }
}
