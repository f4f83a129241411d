package io.predlog.agent.metrics;

import io.predlog.agent.pipeline.DropCounts;
import io.predlog.agent.pipeline.EventPipeline;
import io.predlog.agent.pipeline.UpstreamCounts;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import io.predlog.agent.stats.StatsHealth;

/**
 * The agent's health as metrics, read from the pipeline's and the sampler's own counters at scrape time (the same
 * numbers {@code agent_health} reports), so keeping them costs the application nothing.
 */
final class HealthMetrics {

    private HealthMetrics() {
    }

    static void register(PrometheusProperties properties, PrometheusRegistry registry, EventPipeline pipeline,
                         UpstreamCounts upstream, StatsHealth stats) {
        UpstreamCounts sampler = upstream == null ? UpstreamCounts.NONE : upstream;
        GaugeWithCallback.builder(properties).name("predlog_queue_depth")
                .help("Events waiting in the queue for the sinks")
                .callback(cb -> cb.call(pipeline.queued())).register(registry);
        GaugeWithCallback.builder(properties).name("predlog_queue_capacity")
                .help("Events the queue holds at most (predlog.queue.capacity)")
                .callback(cb -> cb.call(pipeline.capacity())).register(registry);
        GaugeWithCallback.builder(properties).name("predlog_queue_bytes")
                .help("Bytes of the events waiting in the queue that their callers encoded (the dispatcher behind)")
                .callback(cb -> cb.call(pipeline.queuedBytes())).register(registry);
        GaugeWithCallback.builder(properties).name("predlog_queue_max_bytes")
                .help("Bytes of encoded events the queue holds at most (predlog.queue.max_bytes)")
                .callback(cb -> cb.call(pipeline.maxQueuedBytes())).register(registry);
        CounterWithCallback.builder(properties).name("predlog_events_offered_total")
                .help("Events recorded: written, sampled out, shed or dropped (agent_health events_offered)")
                .callback(cb -> cb.call(pipeline.offered(sampler)))
                .register(registry);
        CounterWithCallback.builder(properties).name("predlog_events_written_total")
                .help("Events every sink took").callback(cb -> cb.call(pipeline.written())).register(registry);
        CounterWithCallback.builder(properties).name("predlog_events_dropped_total")
                .help("Events lost, by cause (sink_error counts an event once per sink that failed it)")
                .labelNames("cause").callback(cb -> {
                    DropCounts drops = pipeline.drops();
                    cb.call(drops.queueFull(), "queue_full");
                    cb.call(drops.sinkErrorTotal(), "sink_error");
                    cb.call(drops.encodeError(), "encode_error");
                    cb.call(drops.afterShutdown(), "after_shutdown");
                }).register(registry);
        CounterWithCallback.builder(properties).name("predlog_sink_failures_total")
                .help("Calls to a sink (write, flush, close) that failed").labelNames("sink")
                .callback(cb -> pipeline.sinkFailures().forEach((sink, n) -> cb.call(n, sink))).register(registry);
        CounterWithCallback.builder(properties).name("predlog_events_sampled_out_total")
                .help("Routine events left out by sampling (predlog.sample.success)")
                .callback(cb -> cb.call(sampler.sampledOut())).register(registry);
        CounterWithCallback.builder(properties).name("predlog_events_shed_total")
                .help("Routine events left out by the rate cap (predlog.sample.max_per_second)")
                .callback(cb -> cb.call(sampler.shed())).register(registry);
        CounterWithCallback.builder(properties).name("predlog_stats_observations_dropped_total")
                .help("Predict calls the statistics could not take (their queue was full)")
                .callback(cb -> cb.call(stats.observationsDropped())).register(registry);
        CounterWithCallback.builder(properties).name("predlog_stats_untracked_calls_total")
                .help("Predict calls of models past predlog.stats.max_models: counted, without statistics")
                .callback(cb -> cb.call(stats.untrackedCalls())).register(registry);
    }
}
