package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agent.metrics.PrometheusText;
import io.predlog.agent.metrics.PrometheusText.Sample;
import io.predlog.agenttests.fixtures.stats.OverflowTraffic;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static io.predlog.agent.metrics.PrometheusText.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the statistics thread cannot keep up and its queue overflows (a queue of 16 here, four threads calling as fast
 * as they can), every call is still counted: in {@code model_stats} (calls, errors by type, and the latency of every
 * call) and in the Prometheus counters and latency histogram, which hear the calls the queue could not take from the
 * calling threads.
 */
class StatisticsQueueOverflowTest {

    private static final int PER_THREAD = 20_000;

    @Test
    void everyCallIsCountedInTheMetricsAndTheWindowWhenTheStatisticsQueueOverflows() throws Exception {
        int port = freePort();
        JvmRun run = AgentJvm.main(OverflowTraffic.class)
                .agentArgs("predict.score=" + OverflowTraffic.Model.class.getName() + "#score"
                        + ",predict.score.model_id=\"scorer\",sample.success=0.01,stats.queue_capacity=16"
                        + ",stats.window_s=86400,metrics.port=" + port)
                .args(String.valueOf(PER_THREAD), String.valueOf(port)).run().assertSucceeded();
        long calls = (long) OverflowTraffic.THREADS * PER_THREAD;
        long failures = (long) OverflowTraffic.THREADS
                * ((PER_THREAD + OverflowTraffic.FAIL_EVERY - 1) / OverflowTraffic.FAIL_EVERY);

        List<String> out = run.stdout();
        int from = out.indexOf("--- metrics");
        int to = out.indexOf("--- end");
        assertTrue(from >= 0 && to > from, "the fixture printed its scrape: " + run.describe());
        List<Sample> s = PrometheusText.parse(String.join("\n", out.subList(from + 1, to)) + "\n");
        double dropped = sum(s, "predlog_stats_observations_dropped_total");
        assertTrue(dropped > 0, "a queue of 16 overflows under four busy threads: " + s);
        assertEquals(calls - failures, sum(s, "predlog_predictions_total", "target", "score", "outcome", "success"),
                dropped + " calls were not taken by the statistics thread; each is counted all the same");
        assertEquals(failures, sum(s, "predlog_predictions_total", "target", "score", "outcome", "failure"));
        assertEquals(calls, sum(s, "predlog_prediction_duration_seconds_count", "target", "score"),
                "every call's latency is in the histogram");

        Events windows = run.events().named("model_stats");
        assertTrue(windows.size() >= 1, run.describe());
        assertEquals(calls, windows.stream().mapToLong(e -> e.path("calls").asLong()).sum());
        assertEquals(failures, windows.stream().mapToLong(e -> e.path("errors").asLong()).sum());
        assertEquals((long) dropped, windows.stream().mapToLong(e -> e.path("observations_dropped").asLong()).sum());
        assertEquals(failures, windows.stream().mapToLong(e -> e.path("error_types")
                .path(IllegalStateException.class.getName()).asLong()).sum(), "every failure by its type");
        for (JsonNode w : windows.all()) {
            if (w.path("calls").asLong() > 0) {
                assertTrue(w.path("latency_ms").path("max").asDouble() > 0, w.toString());
            }
        }
        assertTrue(run.diagnostics().stream().noneMatch(line -> line.contains("ERROR")), run.describe());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
