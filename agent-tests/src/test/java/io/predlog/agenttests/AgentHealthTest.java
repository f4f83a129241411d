package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.requests.BulkApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health: at shutdown the agent writes one last {@code agent_health} event whose counts add up to
 * every event it recorded (written + sampled out + shed + dropped = offered), WARN when it dropped any.
 */
class AgentHealthTest {

    private static final String BULK = "predict.bulk=" + BulkApp.CounterModel.class.getName() + "#predict";

    private static JsonNode finalReport(JvmRun run) {
        List<JsonNode> reports = run.health().all();
        assertTrue(!reports.isEmpty(), "an agent_health event at shutdown: " + run.describe());
        JsonNode last = run.allEvents().all().get(run.allEvents().size() - 1);
        assertEquals("agent_health", last.path("event").asText(), "the last line is the final report");
        assertTrue(last.path("final").asBoolean(), last.toString());
        return last;
    }

    private static void assertCountsAddUp(JsonNode h) {
        long dropped = h.at("/dropped/queue_full").asLong() + h.at("/dropped/encode_error").asLong()
                + h.at("/dropped/after_shutdown").asLong();
        for (JsonNode n : h.at("/dropped/sink_error")) {
            dropped += n.asLong();
        }
        assertEquals(dropped, h.path("events_dropped").asLong(), "events_dropped is the sum of dropped: " + h);
        assertEquals(h.path("events_offered").asLong(), h.path("events_written").asLong()
                + h.path("events_sampled_out").asLong() + h.path("events_shed").asLong() + dropped,
                "offered = written + sampled out + shed + dropped: " + h);
    }

    @Test
    void atShutdownOneReportAccountsForEverySampledCall() {
        JvmRun run = SamplingTest.service("health");
        JsonNode h = finalReport(run);
        assertCountsAddUp(h);
        // every request writes up to three events: request_start, a prediction, request_success or failure;
        // and the statistics thread its model_stats windows (nothing is dropped here, so all of them are written)
        long windows = run.events().named("model_stats").size();
        assertTrue(windows >= 1, "the last statistics window is written at shutdown");
        assertEquals(3L * SamplingTest.REQUESTS + windows, h.path("events_offered").asLong(), h.toString());
        assertEquals(run.events().size(), h.path("events_written").asLong(), "written: the lines before it");
        assertTrue(h.path("events_sampled_out").asLong() > SamplingTest.REQUESTS, h.toString());
        assertEquals("INFO", h.path("level").asText(), "nothing dropped");
        assertEquals(0, h.path("queue_depth").asInt());
        assertEquals("predlog-dispatcher", h.path("thread").asText());
    }

    @Test
    void aFullQueueMakesTheReportAWarningThatStillAddsUp() {
        int calls = 100_000;
        // statistics off: with a queue this small their model_stats could be dropped too, and are not calls
        JvmRun run = AgentJvm.main(BulkApp.class).agentArgs(BULK + ",queue.capacity=16,stats.enabled=false")
                .args(String.valueOf(calls)).run().assertSucceeded();
        JsonNode h = finalReport(run);
        assertCountsAddUp(h);
        assertEquals(calls, h.path("events_offered").asLong());
        assertEquals(run.events().size(), h.path("events_written").asLong());
        if (h.at("/dropped/queue_full").asLong() > 0) {
            assertEquals("WARN", h.path("level").asText(), h.toString());
        }
    }

    @Test
    void theCapShedsRoutineEventsAndTheReportCountsThem() {
        int calls = 50_000;
        JvmRun run = AgentJvm.main(BulkApp.class).agentArgs(BULK + ",sample.max_per_second=100")
                .args(String.valueOf(calls)).run().assertSucceeded();
        JsonNode h = finalReport(run);
        assertCountsAddUp(h);
        long seconds = java.time.Duration.between(run.started(), run.finished()).toSeconds() + 2;
        int written = run.events().named("prediction_success").size(); // not the statistics' own events
        assertTrue(written <= 100 * seconds, written + " events kept in about " + seconds + " s");
        assertEquals(calls - written, h.path("events_shed").asLong(), h.toString());
        assertEquals(0, h.path("events_sampled_out").asLong());
    }
}
