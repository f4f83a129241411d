package io.predlog.agent.metrics;

import io.predlog.agent.config.AgentConfig;
import io.predlog.agent.config.ConfigLoader;
import io.predlog.agent.config.ConfigResult;
import io.predlog.agent.event.EventJsonEncoder;
import io.predlog.agent.event.SampleEvents;
import io.predlog.agent.pipeline.EventPipeline;
import io.predlog.agent.pipeline.UpstreamCounts;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.SinkFactories;
import io.predlog.agent.stats.StatsKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.predlog.agent.metrics.PrometheusText.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Prometheus endpoint: what is fed through the StatsListener and read from the pipeline is what a scrape shows. */
@Timeout(120)
class MetricsEndpointTest {

    private static final StatsKey CHURN = new StatsKey("tabular", "churn", "v2");
    private static final StatsKey UNVERSIONED = new StatsKey("vector", "embed-sim", null);
    private static final UpstreamCounts SAMPLER = new UpstreamCounts() {
        @Override
        public long sampledOut() {
            return 7;
        }

        @Override
        public long shed() {
            return 3;
        }
    };

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<MetricsEndpoint> endpoints = new ArrayList<>();

    @AfterEach
    void stopEndpoints() {
        endpoints.forEach(MetricsEndpoint::stop);
    }

    private MetricsEndpoint endpoint(EventPipeline pipeline) throws IOException {
        MetricsEndpoint endpoint = new MetricsEndpoint("127.0.0.1", 0, pipeline, SAMPLER, io.predlog.agent.stats.StatsHealth.fixed(5, 2));
        endpoints.add(endpoint);
        return endpoint;
    }

    private static EventPipeline pipeline(int capacity, Sink... sinks) {
        return new EventPipeline(capacity, 1 << 20, new EventJsonEncoder(SampleEvents.PROCESS), List.of(sinks));
    }

    private HttpResponse<String> scrape(MetricsEndpoint endpoint, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"));
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private List<PrometheusText.Sample> scrapeAndParse(MetricsEndpoint endpoint) throws Exception {
        HttpResponse<String> response = scrape(endpoint, null);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                "the classic text format: " + response.headers());
        return PrometheusText.parse(response.body());
    }

    @Test
    void predictionsLoadsDriftAndCategoriesAreCountedAsFed() throws Exception {
        MetricsEndpoint endpoint = endpoint(pipeline(16));
        for (int i = 0; i < 3; i++) {
            endpoint.prediction(CHURN, true, 0.004, 300);
        }
        endpoint.prediction(CHURN, false, 0.2, 5_000);
        endpoint.prediction(CHURN, false, 12.0, 20_000_000); // beyond the last buckets: only +Inf
        endpoint.prediction(UNVERSIONED, true, 0.0001, -1); // input size unknown: not observed
        endpoint.load("registry", "churn", "v2", true, 0.3);
        endpoint.load("registry", "churn", "v2", true, 0.7);
        endpoint.load("registry", "churn", "v3-corrupt", false, 0.05);
        endpoint.driftScore(CHURN, "amount", "psi", 0.05);
        endpoint.driftScore(CHURN, "amount", "psi", 0.31); // the latest score wins
        endpoint.driftScore(CHURN, "plan", "psi", 0.02);
        for (String plan : List.of("basic", "basic", "premium", "other")) {
            endpoint.category(CHURN, "plan", plan);
        }

        List<PrometheusText.Sample> s = scrapeAndParse(endpoint);
        String[] churn = {"model_id", "churn", "model_version", "v2", "target", "tabular"};
        assertEquals(3, value(s, "predlog_predictions_total", with(churn, "outcome", "success")));
        assertEquals(2, value(s, "predlog_predictions_total", with(churn, "outcome", "failure")));
        assertEquals(1, value(s, "predlog_predictions_total", "model_id", "embed-sim", "target", "vector",
                "outcome", "success"));
        assertTrue(s.stream().filter(x -> x.name().equals("predlog_predictions_total")
                && "embed-sim".equals(x.labels().get("model_id"))).allMatch(x -> !x.labels().containsKey("model_version")
                || x.labels().get("model_version").isEmpty()), "an unknown version is the empty label: " + s);

        assertEquals(5, value(s, "predlog_prediction_duration_seconds_count", churn));
        assertEquals(3 * 0.004 + 0.2 + 12.0, value(s, "predlog_prediction_duration_seconds_sum", churn), 1e-9);
        assertEquals(3, value(s, "predlog_prediction_duration_seconds_bucket", with(churn, "le", "0.005")));
        assertEquals(4, value(s, "predlog_prediction_duration_seconds_bucket", with(churn, "le", "10.0")));
        assertEquals(5, value(s, "predlog_prediction_duration_seconds_bucket", with(churn, "le", "+Inf")));
        assertEquals(5, value(s, "predlog_input_size_bytes_count", churn));
        assertEquals(3, value(s, "predlog_input_size_bytes_bucket", with(churn, "le", "1024.0")));
        assertEquals(4, value(s, "predlog_input_size_bytes_bucket", with(churn, "le", "1.6777216E7")));
        assertEquals(0, value(s, "predlog_input_size_bytes_count", "model_id", "embed-sim"));

        String[] v2 = {"model_id", "churn", "model_version", "v2", "target", "registry"};
        assertEquals(2, value(s, "predlog_model_loads_total", with(v2, "outcome", "success")));
        assertEquals(0, value(s, "predlog_model_loads_total", with(v2, "outcome", "failure")));
        assertEquals(1, value(s, "predlog_model_loads_total", "model_version", "v3-corrupt", "outcome", "failure"));
        assertEquals(2, value(s, "predlog_model_load_duration_seconds_count", v2));
        assertEquals(1.0, value(s, "predlog_model_load_duration_seconds_sum", v2), 1e-9);

        assertEquals(0.31, value(s, "predlog_drift_score", with(churn, "feature", "amount", "metric", "psi")));
        assertEquals(0.02, value(s, "predlog_drift_score", with(churn, "feature", "plan", "metric", "psi")));
        assertEquals(2, value(s, "predlog_input_category_total", with(churn, "feature", "plan", "category", "basic")));
        assertEquals(1, value(s, "predlog_input_category_total", with(churn, "feature", "plan", "category", "other")));
        assertEquals("histogram", s.stream().filter(x -> x.name().startsWith("predlog_prediction_duration_seconds"))
                .findFirst().orElseThrow().type());
        assertFalse(s.stream().anyMatch(x -> x.name().contains("native")), "classic histograms only");
    }

    @Test
    void healthIsReadFromThePipelineAndTheSamplerAtScrapeTime() throws Exception {
        FailingSink broken = new FailingSink();
        EventPipeline pipeline = pipeline(16, broken); // not started: offers wait in the queue
        MetricsEndpoint endpoint = endpoint(pipeline);
        for (int i = 0; i < 20; i++) {
            pipeline.offer(SampleEvents.numbered(i));
        }
        List<PrometheusText.Sample> before = scrapeAndParse(endpoint);
        assertEquals(16, value(before, "predlog_queue_depth"));
        assertEquals(16, value(before, "predlog_queue_capacity"));
        // past half of a queue of 16, the offering thread encodes its event: 8 lines wait
        assertTrue(pipeline.queuedBytes() > 8 * 100, "eight encoded lines: " + pipeline.queuedBytes());
        assertEquals(pipeline.queuedBytes(), (long) value(before, "predlog_queue_bytes"));
        assertEquals(1 << 20, value(before, "predlog_queue_max_bytes"));
        assertEquals(20 + 7 + 3, value(before, "predlog_events_offered_total"), "offered counts upstream's too");
        assertEquals(4, value(before, "predlog_events_dropped_total", "cause", "queue_full"));
        assertEquals(0, value(before, "predlog_events_dropped_total", "cause", "sink_error"));
        assertEquals(7, value(before, "predlog_events_sampled_out_total"));
        assertEquals(3, value(before, "predlog_events_shed_total"));
        assertEquals(5, value(before, "predlog_stats_observations_dropped_total"));
        assertEquals(2, value(before, "predlog_stats_untracked_calls_total"));

        pipeline.shutdown(10_000); // the broken sink fails the 16 queued events
        pipeline.offer(SampleEvents.numbered(99));
        List<PrometheusText.Sample> after = scrapeAndParse(endpoint);
        assertEquals(0, value(after, "predlog_queue_depth"));
        assertEquals(0, value(after, "predlog_queue_bytes"), "the dispatcher took the lines");
        assertEquals(16, value(after, "predlog_events_dropped_total", "cause", "sink_error"));
        assertEquals(1, value(after, "predlog_events_dropped_total", "cause", "after_shutdown"));
        assertEquals(0, value(after, "predlog_events_dropped_total", "cause", "encode_error"));
        assertEquals(pipeline.written(), (long) value(after, "predlog_events_written_total"));
        assertEquals(pipeline.sinkFailures().get("broken"),
                (long) value(after, "predlog_sink_failures_total", "sink", "broken"));
        assertTrue(value(after, "predlog_sink_failures_total", "sink", "broken") >= 1);
    }

    @Test
    void theExpositionPassesPromtoolsNamingLint() throws Exception {
        MetricsEndpoint endpoint = endpoint(pipeline(16));
        endpoint.prediction(CHURN, true, 0.01, 100);
        endpoint.load("registry", "churn", "v2", true, 0.3);
        endpoint.driftScore(CHURN, "amount", "psi", 0.1);
        endpoint.category(CHURN, "plan", "basic");
        PrometheusText.lint(scrape(endpoint, null).body());
    }

    @Test
    void aScraperThatPrefersProtobufGetsTextAndOpenMetricsIsServedWhenAsked() throws Exception {
        MetricsEndpoint endpoint = endpoint(pipeline(16));
        endpoint.prediction(CHURN, true, 0.01, 100);
        HttpResponse<String> proto = scrape(endpoint, "application/vnd.google.protobuf;"
                + "proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3");
        assertTrue(proto.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), proto.headers().toString());
        assertEquals(1, value(PrometheusText.parse(proto.body()), "predlog_predictions_total", "outcome", "success"));
        HttpResponse<String> open = scrape(endpoint, "application/openmetrics-text; version=1.0.0");
        assertTrue(open.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(open.body().endsWith("# EOF\n"), open.body());
        HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port()
                + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, other.statusCode(), "only /metrics is served");
    }

    @Test
    void theServerRunsOnNamedDaemonThreadsAndLeavesTheJdkHttpServerPropertiesAlone() throws Exception {
        MetricsEndpoint endpoint = endpoint(pipeline(16));
        scrape(endpoint, null);
        List<Thread> ours = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("predlog-metrics")).toList();
        assertTrue(ours.stream().anyMatch(t -> t.getName().equals(ScrapeServer.DISPATCHER_THREAD)), ours.toString());
        assertTrue(ours.stream().anyMatch(t -> t.getName().equals(ScrapeServer.HTTP_THREAD)), ours.toString());
        assertTrue(ours.stream().allMatch(Thread::isDaemon), "never keeps the JVM alive: " + ours);
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("HTTP-Dispatcher")));
        assertNull(System.getProperty("sun.net.httpserver.maxReqTime"), "the application's HTTP server is unchanged");
        assertNull(System.getProperty("sun.net.httpserver.maxRspTime"));
    }

    @Test
    void offByDefaultAndBoundToLoopbackWhenAPortIsSet() throws Exception {
        EventPipeline pipeline = pipeline(16);
        assertNull(MetricsEndpoint.start(config(""), pipeline, SAMPLER, io.predlog.agent.stats.StatsHealth.NONE), "no port: no endpoint");
        assertNull(MetricsEndpoint.start(config("metrics.port=0"), pipeline, SAMPLER, io.predlog.agent.stats.StatsHealth.NONE), "0: no endpoint");
        int port = freePort();
        MetricsEndpoint endpoint = MetricsEndpoint.start(config("metrics.port=" + port), pipeline, SAMPLER, io.predlog.agent.stats.StatsHealth.NONE);
        assertNotNull(endpoint);
        endpoints.add(endpoint);
        assertEquals(port, endpoint.port());
        assertEquals(InetAddress.getByName("127.0.0.1"), endpoint.address().getAddress());
        scrape(endpoint, null);
    }

    @Test
    void aPortInUseIsOneErrorNamingTheKeyAndTheAgentGoesOnWithNothingElseOnStderr() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    PortInUse.class.getName(), String.valueOf(taken.getLocalPort())).start();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exits: every thread of ours is a daemon");
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), out + err);
            assertEquals("[predlog] ERROR metrics: cannot serve predlog.metrics.port=" + taken.getLocalPort()
                    + " on predlog.metrics.host=127.0.0.1 (BindException: Address already in use); the agent goes on"
                    + " without the Prometheus endpoint\n", err, "one line, and nothing from the library: " + err);
            assertTrue(out.contains("in use: none"), out);
            assertTrue(out.contains("ephemeral: 200 200"), "a second endpoint scraped twice without a word: " + out);
        }
    }

    /** In a JVM of its own, so that its stderr holds only what the endpoint printed. */
    static final class PortInUse {
        public static void main(String[] args) throws Exception {
            EventPipeline pipeline = pipeline(16);
            MetricsEndpoint none = MetricsEndpoint.start(config("metrics.port=" + args[0]), pipeline, SAMPLER, io.predlog.agent.stats.StatsHealth.NONE);
            System.out.println("in use: " + (none == null ? "none" : none.port()));
            MetricsEndpoint endpoint = new MetricsEndpoint("127.0.0.1", 0, pipeline, SAMPLER, io.predlog.agent.stats.StatsHealth.NONE);
            endpoint.prediction(CHURN, true, 0.01, 100);
            HttpClient client = HttpClient.newHttpClient();
            StringBuilder codes = new StringBuilder("ephemeral:");
            for (String accept : new String[] {"text/plain", "application/vnd.google.protobuf;"
                    + "proto=io.prometheus.client.MetricFamily;encoding=delimited"}) {
                codes.append(' ').append(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + endpoint.port() + "/metrics")).header("Accept", accept).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
            }
            System.out.println(codes); // the endpoint is left running: its daemon threads must not hold the JVM
        }
    }

    private static AgentConfig config(String agentArgs) {
        ConfigResult result = ConfigLoader.load(agentArgs, new Properties(), Map.of(), "test", SinkFactories.load().names());
        assertTrue(result.errors().isEmpty(), result.errors().toString());
        return result.config();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static String[] with(String[] labels, String... more) {
        String[] all = new String[labels.length + more.length];
        System.arraycopy(labels, 0, all, 0, labels.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }

    /** A sink whose every write fails. */
    private static final class FailingSink implements Sink {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public void write(EncodedBatch batch) throws IOException {
            throw new IOException("disk on fire");
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
