package io.predlog.agenttests;

import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agent.metrics.PrometheusText;
import io.predlog.agent.metrics.PrometheusText.Sample;
import io.predlog.agenttests.harness.RunningJvm;
import io.predlog.agenttests.harness.TestEnvironment;
import io.predlog.sample.json.Json;
import io.predlog.sample.workload.InputGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static io.predlog.agent.metrics.PrometheusText.sum;
import static io.predlog.agent.metrics.PrometheusText.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code predlog.metrics.port} set, the sample service under the agent serves {@code /metrics}
 * on 127.0.0.1; a scrape over HTTP parses as Prometheus text (Python prometheus_client) and passes promtool's lint,
 * its health counters agree with the events written, and its prediction and load counters with the events.
 */
class PrometheusEndpointTest {

    private static final Pattern LISTENING = Pattern.compile("sample-app listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START = Duration.ofSeconds(60);
    private static final int PREDICTIONS = 12;

    private final HttpClient client = HttpClient.newHttpClient();

    /** A run of the sample service: the last scrape, taken once the counters settled, and what it wrote. */
    private record Scraped(String text, List<Sample> samples, JvmRun run, java.time.Instant scrapedAt) {
    }

    /**
     * Starts the service with the endpoint, drives predictions and loads (one failing), scrapes until
     * {@code settled} holds (at most 20 s), and stops the service.
     */
    private Scraped runAndScrape(Predicate<List<Sample>> settled) throws Exception {
        int port = freePort();
        try (RunningJvm running = AgentJvm.jar(TestEnvironment.sampleAppJar())
                .agentArgs("config=" + TestEnvironment.exampleConfig() + ",metrics.port=" + port
                        + ",stats.window_s=86400") // one statistics window: its model_stats come at shutdown, after
                .args("--port", "0").start()) {
            URI base = URI.create("http://127.0.0.1:" + running.awaitStdout(LISTENING, START).group(1));
            InputGenerator inputs = new InputGenerator(11);
            for (int i = 0; i < PREDICTIONS; i++) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("model", "churn");
                body.put("input", inputs.customer());
                assertEquals(200, post(base.resolve("/predict"), Json.write(body)).statusCode());
            }
            assertEquals(200, post(base.resolve("/models/load"), "{\"model\":\"churn\",\"version\":\"v2\"}").statusCode());
            post(base.resolve("/models/load"), "{\"model\":\"churn\",\"version\":\"v3-corrupt\"}"); // fails to load

            URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
            String text = null;
            List<Sample> samples = null;
            java.time.Instant scrapedAt;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            do {
                scrapedAt = java.time.Instant.now();
                HttpResponse<String> scrape = client.send(HttpRequest.newBuilder(metrics).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, scrape.statusCode(), scrape.body());
                assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
                text = scrape.body();
                samples = PrometheusText.parse(text);
                if (settled.test(samples)) {
                    break;
                }
                Thread.sleep(200);
            } while (System.nanoTime() < deadline);
            return new Scraped(text, samples, running.stop(), scrapedAt);
        }
    }

    /** Nothing in flight: every event offered has been written, sampled out, shed or dropped. */
    private static boolean drained(List<Sample> s) {
        double offered = value(s, "predlog_events_offered_total");
        double accounted = value(s, "predlog_events_written_total") + value(s, "predlog_events_sampled_out_total")
                + value(s, "predlog_events_shed_total") + sum(s, "predlog_events_dropped_total");
        return offered > 0 && offered == accounted && value(s, "predlog_queue_depth") == 0;
    }

    @Test
    void theSampleServiceServesValidPrometheusTextWhoseHealthAgreesWithTheEventsWritten() throws Exception {
        Scraped scraped = runAndScrape(PrometheusEndpointTest::drained);
        List<Sample> s = scraped.samples();
        JvmRun run = scraped.run();
        PrometheusText.lint(scraped.text());

        assertTrue(drained(s), "offered = written + sampled out + shed + dropped, queue empty: " + s);
        Events beforeScrape = run.events().where(e -> !e.path("event").asText().equals("model_stats")
                || java.time.Instant.parse(e.path("timestamp").asText()).isBefore(scraped.scrapedAt())); // not after
        assertEquals(beforeScrape.size(), (long) value(s, "predlog_events_written_total"),
                "every event in the files was counted as written, and nothing but the last statistics windows was"
                        + " written after the scrape");
        assertEquals(0, sum(s, "predlog_events_dropped_total"));
        assertEquals(0, value(s, "predlog_sink_failures_total", "sink", "file"));
        assertEquals(65_536, value(s, "predlog_queue_capacity"));
        assertEquals(0, value(s, "predlog_events_sampled_out_total"));
        assertEquals(0, value(s, "predlog_stats_observations_dropped_total"));
        assertTrue(run.diagnostics().stream().noneMatch(line -> line.contains("WARN") || line.contains("ERROR")),
                "no warning: " + run.diagnostics());
        assertTrue(run.appStderr().stream().noneMatch(line -> line.contains("prometheus") || line.contains("SEVERE")
                || line.contains("predlog.shaded")), "the library prints nothing: " + run.appStderr());
        assertTrue(run.stdout().contains("sample-app stopped"), "the service shut down normally: " + run.describe());
    }

    /**
     * Predictions and loads reach the endpoint through the statistics: this test needs the
     * statistics wired to the endpoint as their StatsListener.
     */
    @Test
    void predictionAndLoadCountersAgreeWithTheEventsWritten() throws Exception {
        // a histogram leaves out of a scrape the observations made while it is read, a counter does not: wait for both
        Scraped scraped = runAndScrape(s -> drained(s)
                && sum(s, "predlog_predictions_total", "target", "tabular") >= PREDICTIONS
                && sum(s, "predlog_prediction_duration_seconds_count", "target", "tabular") >= PREDICTIONS
                && sum(s, "predlog_input_size_bytes_count", "target", "tabular") >= PREDICTIONS
                && sum(s, "predlog_model_loads_total", "target", "registry") >= 2
                && sum(s, "predlog_model_load_duration_seconds_count", "target", "registry")
                        == sum(s, "predlog_model_loads_total", "target", "registry"));
        List<Sample> s = scraped.samples();
        Events events = scraped.run().events();

        Events predictions = events.target("tabular");
        assertEquals(PREDICTIONS, predictions.named("prediction_success").size(), "sampling keeps every call here");
        assertEquals(predictions.named("prediction_success").size(),
                (long) sum(s, "predlog_predictions_total", "target", "tabular", "outcome", "success"));
        assertEquals(predictions.named("prediction_failure").size(),
                (long) sum(s, "predlog_predictions_total", "target", "tabular", "outcome", "failure"));
        assertEquals(PREDICTIONS, (long) sum(s, "predlog_prediction_duration_seconds_count", "target", "tabular"));
        assertEquals(PREDICTIONS, (long) sum(s, "predlog_input_size_bytes_count", "target", "tabular"));

        Events loads = events.target("registry");
        for (String outcome : List.of("success", "failure")) {
            assertEquals(loads.named("model_load_" + outcome).size(),
                    (long) sum(s, "predlog_model_loads_total", "target", "registry", "outcome", outcome), outcome);
        }
        assertEquals(1, (long) value(s, "predlog_model_loads_total", "target", "registry", "model_id", "churn",
                "model_version", "v3-corrupt", "outcome", "failure"));
        assertEquals(loads.named("model_load_success").size() + loads.named("model_load_failure").size(),
                (long) sum(s, "predlog_model_load_duration_seconds_count", "target", "registry"));
    }

    private HttpResponse<String> post(URI uri, String json) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
