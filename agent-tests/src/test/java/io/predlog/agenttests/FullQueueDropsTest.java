package io.predlog.agenttests;

import io.predlog.agenttests.fixtures.requests.BulkApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Application threads never wait on the agent; when the bounded queue is full an event is dropped
 * and counted, and the count is reported, so that written plus dropped is every call.
 */
class FullQueueDropsTest {

    @Test
    void aFullQueueDropsEventsCountsThemAndTheCountsAddUp() {
        int calls = 100_000;
        JvmRun run = AgentJvm.main(BulkApp.class)
                .agentArgs("predict.bulk=" + BulkApp.CounterModel.class.getName() + "#predict,queue.capacity=16")
                .args(String.valueOf(calls)).run().assertSucceeded();

        assertEquals(List.of("predictions 100000 sum " + (long) calls * (calls - 1) / 2), run.stdout(),
                "the application's result is unchanged");
        int written = run.events().named("prediction_success").size();
        int dropped = calls - written;
        assertTrue(written > 0, run.describe());
        if (dropped > 0) {
            assertTrue(run.diagnostics().stream()
                            .anyMatch(line -> line.contains("drop") && line.matches(".*\\b" + dropped + "\\b.*")),
                    "a [predlog] line reports all " + dropped + " dropped events: " + run.diagnostics());
        }
    }
}
