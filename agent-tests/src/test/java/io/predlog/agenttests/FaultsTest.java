package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.faults.FaultsApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults thrown by or around a predict ({@link FaultsApp}): the application sees exactly what it sees without the
 * agent, and the agent records what it can: an {@code OutOfMemoryError} and a real {@code StackOverflowError} as
 * failures, an interrupted predict as a failure with the interrupt's exception, a predict that sets its thread's
 * interrupt flag without clearing it, a predict that never returns without holding up the exit, and an exit in the
 * middle of a burst with the final counts adding up.
 */
class FaultsTest {

    private static final String MODEL = FaultsApp.Model.class.getName();
    private static JvmRun without;
    private static JvmRun with;

    @BeforeAll
    static void runWithAndWithoutTheAgent() {
        without = AgentJvm.main(FaultsApp.class).run().assertSucceeded();
        String targets = String.join(",", List.of("predict.score=" + MODEL + "#predict",
                "predict.exhaust=" + MODEL + "#exhaust", "predict.recurse=" + MODEL + "#recurse",
                "predict.sleep=" + MODEL + "#sleep", "predict.interrupt=" + MODEL + "#interruptItself",
                "predict.hang=" + MODEL + "#hang"));
        with = AgentJvm.main(FaultsApp.class).agentArgs(targets).timeout(Duration.ofSeconds(120)).run()
                .assertSucceeded();
    }

    private static JsonNode failure(String target) {
        return with.events().named("prediction_failure").target(target).single();
    }

    @Test
    void theApplicationSeesWhatItSeesWithoutTheAgent() {
        assertEquals(List.of("exhaust: java.lang.OutOfMemoryError: model ran out of memory",
                "recurse: java.lang.StackOverflowError", "sleep: interrupted, flag false",
                "interruptItself: 3.0, flag true", "after: 10.0", "exiting with the burst running: true"),
                without.appStdout(), without.describe());
        assertEquals(without.appStdout(), with.appStdout(), with.describe());
        assertEquals(0, with.exitCode());
    }

    @Test
    void errorsThrownByAPredictAreRecordedAsFailures() {
        assertEquals("java.lang.OutOfMemoryError", failure("exhaust").path("error_type").asText());
        assertEquals("model ran out of memory", failure("exhaust").path("error_msg").asText());
        // the recursion's frames are all calls of the target: one event, the outermost call's
        assertEquals("java.lang.StackOverflowError", failure("recurse").path("error_type").asText(), with.describe());
        assertEquals("java.lang.InterruptedException", failure("sleep").path("error_type").asText());
        assertEquals(1, with.events().named("prediction_success").target("interrupt").size());
    }

    @Test
    void aPredictThatNeverReturnsWritesNothingAndDoesNotHoldUpTheExit() {
        assertEquals(0, with.events().target("hang").size(), with.describe());
        // the exit waited for it (predlog.shutdown.calls_wait_ms, 1 s), then said it gave up
        assertTrue(with.diagnostics().stream().anyMatch(line -> line.contains(
                "1 recorded call(s) still running 1000 ms after the JVM began to exit")), with.describe());
        // exit within the shutdown timeout (5 s) of the process's last line, however long the call would block
        Duration run = Duration.between(with.started(), with.finished());
        assertTrue(run.compareTo(Duration.ofSeconds(60)) < 0, "the process ended: " + run);
    }

    @Test
    void anExitInTheMiddleOfABurstLeavesCountsThatAddUp() {
        List<JsonNode> reports = with.health().all();
        JsonNode h = reports.get(reports.size() - 1);
        assertTrue(h.path("final").asBoolean(), "a final agent_health: " + h);
        long dropped = h.at("/dropped/queue_full").asLong() + h.at("/dropped/encode_error").asLong()
                + h.at("/dropped/after_shutdown").asLong();
        for (JsonNode n : h.at("/dropped/sink_error")) {
            dropped += n.asLong();
        }
        assertEquals(h.path("events_offered").asLong(), h.path("events_written").asLong()
                + h.path("events_sampled_out").asLong() + h.path("events_shed").asLong() + dropped, h.toString());
        Events events = with.events();
        assertEquals(events.size(), h.path("events_written").asLong(), "written: the lines before the final report");
        assertTrue(events.named("prediction_success").target("score").size() > 1, "the burst was recorded");
    }
}
