package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.load.LoadApp;
import io.predlog.agenttests.fixtures.requests.Handler;
import io.predlog.agenttests.fixtures.requests.ScoreModel;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 64 application threads for a while ({@code -Dpredlog.test.load.seconds}, 10 s by default, 60 s with the
 * {@code load-full} profile), each request ({@link Handler}) an entry point making two predictions, with the agent's
 * defaults. Below capacity (paced) every call is an event, every line is valid JSON (the harness fails on any
 * other line) and no request id appears on another thread's events. Above capacity (as fast as the threads can),
 * the application's results are the same, and every event the agent did not write is counted as dropped: the
 * final {@code agent_health}'s counts add up, and its {@code events_written} is the number of lines in the files.
 */
class LoadTest {

    private static final int THREADS = 64;
    private static final double SECONDS = Double.parseDouble(System.getProperty("predlog.test.load.seconds", "10"));

    private static Path config() {
        return ConfigFile.write("load.properties",
                "predlog.entry.http = " + Handler.class.getName() + "#handle",
                "predlog.entry.http.request_id = arg0.header(\"X-Request-ID\")",
                "predlog.predict.score = " + ScoreModel.class.getName() + "#predict",
                "predlog.predict.score.model_id = \"score\"");
    }

    private static JvmRun run(int perThread) {
        return AgentJvm.main(LoadApp.class).agentArgs("config=" + config())
                .args(String.valueOf(THREADS), String.valueOf(SECONDS), String.valueOf(perThread))
                .timeout(Duration.ofSeconds((long) SECONDS * 4 + 90)).run().assertSucceeded();
    }

    /** requests, sum, p99_us, max_us from the application's line. */
    private static Map<String, Double> figures(JvmRun run) {
        List<String> out = run.appStdout();
        assertEquals(1, out.size(), run.describe());
        String[] parts = out.get(0).split(" ");
        Map<String, Double> figures = new HashMap<>();
        for (int i = 0; i + 1 < parts.length; i += 2) {
            figures.put(parts[i], Double.parseDouble(parts[i + 1]));
        }
        return figures;
    }

    private static JsonNode finalHealth(JvmRun run) {
        List<JsonNode> reports = run.health().all();
        assertTrue(!reports.isEmpty(), "an agent_health at shutdown: " + run.describe());
        return reports.get(reports.size() - 1);
    }

    private static long dropped(JsonNode h) {
        long dropped = h.at("/dropped/queue_full").asLong() + h.at("/dropped/encode_error").asLong()
                + h.at("/dropped/after_shutdown").asLong();
        for (JsonNode n : h.at("/dropped/sink_error")) {
            dropped += n.asLong();
        }
        return dropped;
    }

    @Test
    void belowCapacityEveryCallIsAnEventAndEachRequestIdStaysOnItsThread() {
        // 64 threads × 20 requests a second: 1,280 requests, 2,560 predictions and 5,120 events a second
        JvmRun run = run(20);
        Map<String, Double> app = figures(run);
        long requests = app.get("requests").longValue();
        assertTrue(requests > THREADS * SECONDS * 10, "the threads made their requests: " + app);
        assertEquals(2.0 * requests, app.get("sum"), "the results are unchanged: each request's predictions sum to 2");

        Events events = run.events();
        assertEquals(requests, events.named("request_start").size(), run.describe());
        assertEquals(requests, events.named("request_success").size());
        Events predictions = events.named("prediction_success");
        assertEquals(Handler.PREDICTIONS_PER_REQUEST * requests, predictions.size());
        JsonNode h = finalHealth(run);
        assertEquals(0, dropped(h), "nothing dropped below capacity: " + h);
        assertEquals(0, h.path("events_shed").asLong(), h.toString());

        // each request's events carry its own id, all on the thread that made it: t<thread>-<n> on worker-<thread>
        Map<String, Long> perRequest = new HashMap<>();
        for (JsonNode e : events.all()) {
            String event = e.path("event").asText();
            if (!event.startsWith("request_") && !event.startsWith("prediction_")) {
                continue;
            }
            String id = e.path("request_id").asText();
            String thread = e.path("thread").asText();
            assertTrue(id.startsWith("t") && thread.equals("worker-" + id.substring(1, id.indexOf('-'))),
                    "request " + id + " on thread " + thread + ": " + e);
            perRequest.merge(id, 1L, Long::sum);
        }
        assertEquals(requests, perRequest.size(), "every request id once");
        assertTrue(perRequest.values().stream().allMatch(n -> n == 2 + Handler.PREDICTIONS_PER_REQUEST),
                "four events for each request id");
        System.out.println("[load] below capacity: " + requests + " requests in " + SECONDS + " s, p99 "
                + app.get("p99_us").longValue() + " µs, max " + app.get("max_us").longValue() + " µs");
    }

    @Test
    void aboveCapacityTheApplicationRunsOnAndWhatIsNotWrittenIsCountedAsDropped() {
        JvmRun run = run(0);
        Map<String, Double> app = figures(run);
        long requests = app.get("requests").longValue();
        assertTrue(requests > 0, app.toString());
        assertEquals(2.0 * requests, app.get("sum"), "the results are unchanged: each request's predictions sum to 2");

        JsonNode h = finalHealth(run);
        long dropped = dropped(h);
        assertEquals(dropped, h.path("events_dropped").asLong(), "events_dropped is the sum of the reasons: " + h);
        assertEquals(h.path("events_offered").asLong(), h.path("events_written").asLong()
                + h.path("events_sampled_out").asLong() + h.path("events_shed").asLong() + dropped,
                "offered = written + sampled out + shed + dropped: " + h);
        Events events = run.events();
        assertEquals(events.size(), h.path("events_written").asLong(), "written: the lines before the final report");
        // every request offers four events (its start and end, two predictions), kept, shed or dropped; the agent
        // offers its own: the statistics windows, and self-protection's steps (the drops are pressure)
        long own = events.named("model_stats").size() + events.named("agent_protection").size();
        long others = h.path("events_offered").asLong() - 4 * requests;
        assertTrue(others >= own && others <= own + dropped,
                "offered: four events a request and the agent's own: " + others + " others, " + own
                        + " of the agent's own written: " + h);
        System.out.println("[load] above capacity: " + requests + " requests in " + SECONDS + " s, "
 + h.path("events_written").asLong() + " events written, " + dropped + " dropped ("
                + h.path("dropped") + "), " + h.path("events_shed").asLong() + " shed by self-protection (steps: "
                + events.named("agent_protection").texts("step_name") + "), p99 " + app.get("p99_us").longValue() + " µs, max "
                + app.get("max_us").longValue() + " µs");
    }
}
