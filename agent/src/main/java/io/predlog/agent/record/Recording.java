package io.predlog.agent.record;

import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.event.Event;
import io.predlog.agent.http.InboundIds;
import io.predlog.agent.inflight.InflightTable;
import io.predlog.agent.modelfile.ModelFileDigests;
import io.predlog.agent.sampling.Sampler;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the {@link Recorder} works with, fixed before it is installed: immutable, built with {@code with…} methods.
 *
 * @param capture   hashes and characterises inputs and outputs
 * @param models    model identities learned from load calls
 * @param events    where finished events go (the pipeline's non-blocking offer)
 * @param sampler   which prediction and request events are kept
 * @param inbound   HTTP request ids: the id from the headers for entry targets without a {@code request_id}
 *                  expression, and its echo on the response; null for neither
 * @param observers told of every finished predict and load call, in this order (statistics)
 * @param novelty   {@code input_seen_before}; null when off
 * @param inflight  the in-flight record the running predict and load calls are kept in; null when off
 * @param digests   {@code model_sha256} of the files load calls are given; null when off
 * @param jdkWeaving whether the JDK's classes are woven yet: the first recorded call waits for it
 * @param calls     the calls in progress, which the JVM's exit waits for
 */
public record Recording(InputCapture capture, ModelRegistry models, Consumer<Event> events, Sampler sampler,
                        InboundIds inbound, List<CallObserver> observers, InputNovelty novelty,
                        InflightTable inflight, ModelFileDigests digests, JdkWeaving jdkWeaving,
                        CallsInProgress calls) {

    public Recording {
        Objects.requireNonNull(capture, "capture");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(jdkWeaving, "jdkWeaving");
        Objects.requireNonNull(calls, "calls");
        observers = List.copyOf(observers);
    }

    /** Every event kept, no HTTP headers read, no observers, novelty or in-flight record. */
    public static Recording of(InputCapture capture, ModelRegistry models, Consumer<Event> events) {
        return new Recording(capture, models, events, Sampler.keepAll(), null, List.of(), null, null, null,
                JdkWeaving.DONE, new CallsInProgress());
    }

    public Recording withSampler(Sampler sampler) {
        return new Recording(capture, models, events, sampler, inbound, observers, novelty, inflight, digests,
                jdkWeaving, calls);
    }

    public Recording withInbound(InboundIds inbound) {
        return new Recording(capture, models, events, sampler, inbound, observers, novelty, inflight, digests,
                jdkWeaving, calls);
    }

    public Recording withObservers(List<CallObserver> observers) {
        return new Recording(capture, models, events, sampler, inbound, observers, novelty, inflight, digests,
                jdkWeaving, calls);
    }

    public Recording withNovelty(InputNovelty novelty) {
        return new Recording(capture, models, events, sampler, inbound, observers, novelty, inflight, digests,
                jdkWeaving, calls);
    }

    public Recording withInflight(InflightTable inflight) {
        return new Recording(capture, models, events, sampler, inbound, observers, novelty, inflight, digests,
                jdkWeaving, calls);
    }

    public Recording withDigests(ModelFileDigests digests) {
        return new Recording(capture, models, events, sampler, inbound, observers, novelty, inflight, digests,
                jdkWeaving, calls);
    }

    public Recording withJdkWeaving(JdkWeaving jdkWeaving) {
        return new Recording(capture, models, events, sampler, inbound, observers, novelty, inflight, digests,
                jdkWeaving, calls);
    }

    public Recording withCalls(CallsInProgress calls) {
        return new Recording(capture, models, events, sampler, inbound, observers, novelty, inflight, digests,
                jdkWeaving, calls);
    }

    /** Whether every predict call's input is captured, sampled or not: observers and novelty need it. */
    boolean capturesEveryInput() {
        return !observers.isEmpty() || novelty != null;
    }
}
