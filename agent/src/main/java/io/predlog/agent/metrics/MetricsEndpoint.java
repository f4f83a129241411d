package io.predlog.agent.metrics;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigKeys;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.pipeline.EventPipeline;
import io.predlog.agent.pipeline.UpstreamCounts;
import io.predlog.agent.stats.StatsHealth;
import io.predlog.agent.stats.StatsKey;
import io.predlog.agent.stats.StatsListener;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Prometheus endpoint ({@code predlog.metrics.port}, docs/METRICS.md): told about predictions, loads, drift
 * scores and categorical values as a {@link StatsListener}, and reads the agent's health (queue, drops, sinks,
 * sampling) from the pipeline at scrape time. Its registry is its own, never the client library's default one,
 * which the application may use itself.
 *
 * <p>Threads: the listener methods run on the statistics thread (loads on the application thread that loaded);
 * each looks its data points up in a per-key cache, so an observation allocates nothing once a key is known.
 * Scrapes run on {@code predlog-metrics-http}. Nothing here throws into its caller.
 */
public final class MetricsEndpoint implements StatsListener {

    /** Classic buckets for inference latency: 0.5 ms to 10 s. */
    static final double[] PREDICTION_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
            2.5, 5, 10};
    /** Classic buckets for model loads: 10 ms to 5 min. */
    static final double[] LOAD_SECONDS = {0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
    /** 64 B, then each bucket four times the last, to 16 MiB. */
    static final double FIRST_SIZE_BUCKET = 64;
    static final double SIZE_FACTOR = 4;
    static final int SIZE_BUCKETS = 10;

    private static final String[] MODEL_LABELS = {"model_id", "model_version", "target"};

    private final ScrapeServer server;
    private final Counter predictions;
    private final Histogram predictionSeconds;
    private final Histogram inputBytes;
    private final Counter loads;
    private final Histogram loadSeconds;
    private final Gauge driftScore;
    private final Counter categories;

    private final ConcurrentHashMap<StatsKey, PredictionPoints> predictionPoints = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<StatsKey, LoadPoints> loadPoints = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DriftKey, GaugeDataPoint> driftPoints = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<StatsKey, Map<String, Map<String, CounterDataPoint>>> categoryPoints =
            new ConcurrentHashMap<>();

    /**
     * Registers every metric and starts serving on {@code host:port} (0: an ephemeral port, for tests).
     *
     * @param pipeline     read at scrape time for queue and drop counts
     * @param upstream     the sampler's counts (sampled out, shed)
     * @param stats        what the statistics counted but could not keep
     * @throws IOException when the address cannot be bound
     */
    public MetricsEndpoint(String host, int port, EventPipeline pipeline, UpstreamCounts upstream,
                           StatsHealth stats) throws IOException {
        // explicit, empty properties: neither the application's prometheus.properties nor io.prometheus.* system
        // properties (meant for the application's own copy of the library) may change predlog's metrics
        PrometheusProperties properties = PrometheusProperties.builder().build();
        PrometheusRegistry registry = new PrometheusRegistry();
        predictions = Counter.builder(properties).name("predlog_predictions_total")
                .help("Predict calls that finished, by outcome").labelNames(labels("outcome"))
                .withoutExemplars().register(registry);
        predictionSeconds = Histogram.builder(properties).name("predlog_prediction_duration_seconds")
                .unit(Unit.SECONDS).help("Latency of predict calls").labelNames(MODEL_LABELS)
                .classicOnly().classicUpperBounds(PREDICTION_SECONDS).withoutExemplars().register(registry);
        inputBytes = Histogram.builder(properties).name("predlog_input_size_bytes").unit(Unit.BYTES)
                .help("Canonical size of predict inputs").labelNames(MODEL_LABELS).classicOnly()
                .classicExponentialUpperBounds(FIRST_SIZE_BUCKET, SIZE_FACTOR, SIZE_BUCKETS)
                .withoutExemplars().register(registry);
        loads = Counter.builder(properties).name("predlog_model_loads_total")
                .help("Model loads that finished, by outcome").labelNames(labels("outcome"))
                .withoutExemplars().register(registry);
        loadSeconds = Histogram.builder(properties).name("predlog_model_load_duration_seconds").unit(Unit.SECONDS)
                .help("Duration of model loads").labelNames(MODEL_LABELS).classicOnly()
                .classicUpperBounds(LOAD_SECONDS).withoutExemplars().register(registry);
        driftScore = Gauge.builder(properties).name("predlog_drift_score")
                .help("Latest drift score of a feature against its baseline (PSI, KS or JS by metric)")
                .labelNames(labels("feature", "metric")).withoutExemplars().register(registry);
        categories = Counter.builder(properties).name("predlog_input_category_total")
                .help("Values of categorical input features (predlog.input.categorical), by category")
                .labelNames(labels("feature", "category")).withoutExemplars().register(registry);
        HealthMetrics.register(properties, registry, pipeline, upstream, stats == null ? StatsHealth.NONE : stats);
        this.server = new ScrapeServer(new InetSocketAddress(InetAddress.getByName(host), port), properties, registry);
    }

    /**
     * The endpoint the configuration asks for, started; null when {@code predlog.metrics.port} is unset or 0, or
     * when it cannot be bound (then reported as an error naming the key: the agent goes on without it).
     */
    public static MetricsEndpoint start(AgentConfig config, EventPipeline pipeline, UpstreamCounts upstream,
                                        StatsHealth stats) {
        int port = config.text(ConfigKeys.METRICS_PORT) == null ? 0 : (int) config.number(ConfigKeys.METRICS_PORT);
        if (port == 0) {
            return null;
        }
        String host = config.text(ConfigKeys.METRICS_HOST);
        try {
            return new MetricsEndpoint(host, port, pipeline, upstream, stats);
        } catch (IOException e) {
            Diagnostics.error("metrics: cannot serve " + ConfigKeys.METRICS_PORT.name() + "=" + port + " on "
                    + ConfigKeys.METRICS_HOST.name() + "=" + host + " (" + describe(e)
                    + "); the agent goes on without the Prometheus endpoint");
        } catch (Throwable t) { // e.g. jdk.httpserver left out of a modular application's module graph
            Diagnostics.error("metrics: the Prometheus endpoint on " + ConfigKeys.METRICS_PORT.name() + "=" + port
                    + " could not start (" + describe(t) + "); the agent goes on without it");
        }
        return null;
    }

    /** The port it listens on. */
    public int port() {
        return server.address().getPort();
    }

    /** The address it listens on. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** Stops serving and closes the socket; idempotent, never throws. */
    public void stop() {
        server.stop();
    }

    @Override
    public void prediction(StatsKey key, boolean success, double latencySeconds, long inputSizeBytes) {
        try {
            PredictionPoints points = predictionPoints.get(key);
            if (points == null) {
                points = predictionPoints.computeIfAbsent(key, this::predictionPoints);
            }
            (success ? points.success : points.failure).inc();
            if (latencySeconds >= 0 && latencySeconds < Double.POSITIVE_INFINITY) {
                points.seconds.observe(latencySeconds);
            }
            if (inputSizeBytes >= 0) {
                points.bytes.observe(inputSizeBytes);
            }
        } catch (Throwable t) {
            Diagnostics.failure("metrics", t);
        }
    }

    @Override
    public void load(String target, String modelId, String modelVersion, boolean success, double durationSeconds) {
        try {
            StatsKey key = new StatsKey(target, modelId, modelVersion); // loads are rare: a key each is fine
            LoadPoints points = loadPoints.computeIfAbsent(key, this::loadPoints);
            (success ? points.success : points.failure).inc();
            if (durationSeconds >= 0 && durationSeconds < Double.POSITIVE_INFINITY) {
                points.seconds.observe(durationSeconds);
            }
        } catch (Throwable t) {
            Diagnostics.failure("metrics", t);
        }
    }

    @Override
    public void driftScore(StatsKey key, String feature, String metric, double value) {
        try {
            driftPoints.computeIfAbsent(new DriftKey(key, feature, metric), k -> driftScore.labelValues(
                    label(k.key.modelId()), label(k.key.modelVersion()), label(k.key.target()), label(feature),
                    label(metric))).set(value);
        } catch (Throwable t) {
            Diagnostics.failure("metrics", t);
        }
    }

    @Override
    public void category(StatsKey key, String feature, String category) {
        try {
            Map<String, Map<String, CounterDataPoint>> byFeature = categoryPoints.get(key);
            if (byFeature == null) {
                byFeature = categoryPoints.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
            }
            Map<String, CounterDataPoint> byCategory = byFeature.get(feature);
            if (byCategory == null) {
                byCategory = byFeature.computeIfAbsent(feature, f -> new ConcurrentHashMap<>());
            }
            CounterDataPoint point = byCategory.get(category);
            if (point == null) {
                point = byCategory.computeIfAbsent(category, c -> categories.labelValues(label(key.modelId()),
                        label(key.modelVersion()), label(key.target()), label(feature), label(c)));
            }
            point.inc();
        } catch (Throwable t) {
            Diagnostics.failure("metrics", t);
        }
    }

    private PredictionPoints predictionPoints(StatsKey key) {
        String id = label(key.modelId());
        String version = label(key.modelVersion());
        String target = label(key.target());
        return new PredictionPoints(predictions.labelValues(id, version, target, "success"),
                predictions.labelValues(id, version, target, "failure"),
                predictionSeconds.labelValues(id, version, target), inputBytes.labelValues(id, version, target));
    }

    private LoadPoints loadPoints(StatsKey key) {
        String id = label(key.modelId());
        String version = label(key.modelVersion());
        String target = label(key.target());
        return new LoadPoints(loads.labelValues(id, version, target, "success"),
                loads.labelValues(id, version, target, "failure"), loadSeconds.labelValues(id, version, target));
    }

    /** The model labels followed by {@code more}. */
    private static String[] labels(String... more) {
        String[] all = new String[MODEL_LABELS.length + more.length];
        System.arraycopy(MODEL_LABELS, 0, all, 0, MODEL_LABELS.length);
        System.arraycopy(more, 0, all, MODEL_LABELS.length, more.length);
        return all;
    }

    /** Unknown becomes the empty value, which Prometheus treats as the label being absent. */
    private static String label(String value) {
        return value == null ? "" : value;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": "
                + t.getMessage();
    }

    private record PredictionPoints(CounterDataPoint success, CounterDataPoint failure, DistributionDataPoint seconds,
                                    DistributionDataPoint bytes) {
    }

    private record LoadPoints(CounterDataPoint success, CounterDataPoint failure, DistributionDataPoint seconds) {
    }

    private record DriftKey(StatsKey key, String feature, String metric) {
    }
}
