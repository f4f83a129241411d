package io.predlog.agent;

import io.predlog.agent.adapter.TypeAdapter;
import io.predlog.agent.capture.CapturedInput;
import io.predlog.agent.capture.CapturedOutput;
import io.predlog.agent.capture.FeatureBudget;
import io.predlog.agent.capture.FeatureSettings;
import io.predlog.agent.capture.HashSettings;
import io.predlog.agent.capture.InputCapture;
import io.predlog.agent.capture.OutputSettings;
import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigKeys;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.drift.BaselineFileException;
import io.predlog.agent.drift.BaselineFiles;
import io.predlog.agent.drift.DriftSettings;
import io.predlog.agent.metrics.MetricsEndpoint;
import io.predlog.agent.novelty.NoveltyFilters;
import io.predlog.agent.pipeline.EventPipeline;
import io.predlog.agent.record.CallObserver;
import io.predlog.agent.record.InputNovelty;
import io.predlog.agent.sampling.Sampler;
import io.predlog.agent.stats.StatsHealth;
import io.predlog.agent.stats.StatsListener;
import io.predlog.agent.stats.StatsRecorder;
import io.predlog.agent.stats.StatsSettings;
import io.predlog.agent.stats.StatsThread;

import java.util.List;

/**
 * Model monitoring, wired together: window statistics (and the feature gathering they need from the
 * capture), drift detection against baselines, novelty, and the Prometheus endpoint that the statistics feed.
 * Each part can be off; a part that fails to start is reported and left out, the others go on.
 *
 * <p>Order at shutdown: {@link #beforeDrain} (the statistics' last window and novelty's final save go into the
 * pipeline and to disk), then the pipeline drains, then {@link #afterDrain} (the endpoint stops last, so a scrape
 * during shutdown still sees the final counts).
 */
final class ModelMonitoring implements Capability {

    private final StatsSettings statsSettings;
    private final InputCapture capture;
    private volatile StatsRecorder stats;
    private StatsThread statsThread;
    private NoveltyFilters novelty;
    private MetricsEndpoint metrics;

    private final AgentConfig config;
    private final HashSettings hashing;
    private final EventPipeline pipeline;
    private final Sampler sampler;

    /** What the configuration turns on; nothing runs until {@link #start}. */
    ModelMonitoring(AgentConfig config, HashSettings hashing, List<TypeAdapter.Factory> inputTypes,
                    EventPipeline pipeline, Sampler sampler) {
        this.config = config;
        this.hashing = hashing;
        this.pipeline = pipeline;
        this.sampler = sampler;
        this.statsSettings = config.bool(ConfigKeys.STATS_ENABLED) ? StatsSettings.from(config) : null;
        // a numeric output's hash is left to the encoders, which have the NumberHash of these settings, while the
        // dispatcher keeps up; when it is behind, more work there would only have callers encode their own events
        this.capture = new InputCapture(hashing, config.inputValues(), statsSettings == null ? null
                : new FeatureSettings(statsSettings.maxFeatures(), statsSettings.maxElements(),
                        featureBudget(statsSettings.queueSlots())),
                config.bool(ConfigKeys.OUTPUT_ENABLED)
                        ? new OutputSettings(true, config.bool(ConfigKeys.OUTPUT_VALUES)) : OutputSettings.HASH_ONLY,
                inputTypes, pipeline.hashesNumbers() ? pipeline::keepingUp : null);
    }

    /**
     * The features storages all threads keep for reuse: the statistics' queue holds at most {@code queueSlots} calls
     * of two storages each (input and output), and 4,096 more are spare.
     */
    static FeatureBudget featureBudget(int queueSlots) {
        return new FeatureBudget((int) Math.min(Integer.MAX_VALUE, 2L * queueSlots + 4096));
    }

    @Override
    public String name() {
        return "monitoring";
    }

    /**
     * Starts what the configuration turns on: the endpoint serves from now on, the statistics thread runs, saved
     * novelty filters are read back. A part that fails is reported and left off; the others go on.
     */
    @Override
    public void start() {
        metrics = MetricsEndpoint.start(config, pipeline, sampler, health);
        if (statsSettings != null) {
            try {
                stats = new StatsRecorder(statsSettings, metrics == null ? StatsListener.NONE : metrics);
                DriftSettings drift = drift(config);
                statsThread = new StatsThread(stats, drift, baselines(drift), capture, pipeline::offerOwn,
                        System::currentTimeMillis);
                statsThread.start();
            } catch (Throwable t) {
                Diagnostics.failure("stats", t); // predictions go on without statistics
                stats = null;
                statsThread = null;
            }
        }
        try {
            novelty = NoveltyFilters.from(config, hashing.hmacKey());
            if (novelty != null) {
                novelty.start();
            }
        } catch (Throwable t) {
            Diagnostics.failure("novelty", t); // predictions go on without input_seen_before
            novelty = null;
        }
    }

    /** Drift settings, or null when drift detection is off. */
    private static DriftSettings drift(AgentConfig config) {
        try {
            DriftSettings drift = DriftSettings.from(config);
            return drift.enabled() ? drift : null;
        } catch (IllegalArgumentException e) {
            Diagnostics.error("config: " + ConfigKeys.DRIFT_BASELINE.name() + ": " + e.getMessage()
                    + "; drift is scored against learned baselines");
            return DriftSettings.defaults();
        }
    }

    /** The baseline files, read now; an unreadable one is reported and every model learns its baseline instead. */
    private static BaselineFiles baselines(DriftSettings drift) {
        if (drift == null) {
            return BaselineFiles.NONE;
        }
        try {
            return BaselineFiles.read(drift);
        } catch (BaselineFileException e) {
            Diagnostics.error("config: " + ConfigKeys.DRIFT_BASELINE.name() + ": " + e.getMessage()
                    + "; drift is scored against learned baselines");
            return BaselineFiles.NONE;
        }
    }

    /** The capture the recorder uses: with feature gathering when statistics are on. */
    InputCapture capture() {
        return capture;
    }

    /** What the recorder tells of every finished predict call and load: the statistics, when on. */
    List<CallObserver> observers() {
        StatsRecorder statistics = stats;
        if (statistics == null) {
            return List.of();
        }
        return List.of(new CallObserver() {
            @Override
            public void predicted(String target, String modelId, String modelVersion, long latencyNanos,
                                  String errorType, CapturedInput input, CapturedOutput output,
                                  Boolean seenBefore) {
                statistics.prediction(target, modelId, modelVersion, latencyNanos, errorType, input, output,
                        seenBefore);
            }

            @Override
            public void loaded(String target, String modelId, String modelVersion, long loadNanos,
                               boolean succeeded) {
                statistics.load(target, modelId, modelVersion, loadNanos, succeeded);
            }
        });
    }

    /** What answers {@code input_seen_before}; null when novelty is off. */
    InputNovelty novelty() {
        NoveltyFilters filters = novelty;
        return filters == null ? null : filters::seenBefore;
    }

    /** What the start-up banner says of these parts: the endpoint's address, and what is off. */
    String banner() {
        StringBuilder b = new StringBuilder();
        if (metrics != null) {
            java.net.InetSocketAddress a = metrics.address();
            b.append("; metrics: http://").append(a.getHostString()).append(':').append(a.getPort()).append("/metrics");
        }
        if (stats == null) {
            b.append("; statistics off");
        }
        if (novelty == null) {
            b.append("; novelty off");
        }
        return b.toString();
    }

    /** What the statistics lost, read at scrape time (before the statistics exist, and when off: nothing). */
    private final StatsHealth health = new StatsHealth() {
        @Override
        public long observationsDropped() {
            StatsRecorder s = stats;
            return s == null ? 0 : s.observationsDropped();
        }

        @Override
        public long untrackedCalls() {
            StatsRecorder s = stats;
            return s == null ? 0 : s.untrackedCalls();
        }
    };

    /** Writes the statistics' last window into the pipeline and saves novelty, before the pipeline drains. */
    @Override
    public void beforeDrain(long timeoutMs) {
        if (statsThread != null) {
            statsThread.shutdown(timeoutMs);
        }
        if (novelty != null) {
            novelty.close();
        }
        if (stats != null && stats.untrackedCalls() > 0) {
            Diagnostics.warn("statistics: " + stats.untrackedCalls() + " call(s) of models past "
                    + ConfigKeys.STATS_MAX_MODELS.name() + "=" + statsSettings.maxModels() + " were not tracked");
        }
    }

    /** Stops the endpoint, after the pipeline drained. */
    @Override
    public void afterDrain() {
        if (metrics != null) {
            metrics.stop();
        }
    }
}
