package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.early.FirstInstantApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's pipeline starts beside the application (docs/ARCHITECTURE.md, {@code predlog-start}): whatever the
 * application does in its first instant, nothing is lost and nothing changes for it. Calls made then wait for the
 * start and are recorded; a process that ends then still writes what the agent has.
 */
class StartsBesideTheApplicationTest {

    private static final String TARGET = "predict.first=" + FirstInstantApp.Model.class.getName() + "#predict";

    private static JsonNode finalReport(JvmRun run) {
        List<JsonNode> reports = run.health().all();
        assertFalse(reports.isEmpty(), "an agent_health at exit: " + run.describe());
        JsonNode last = reports.get(reports.size() - 1);
        assertTrue(last.path("final").asBoolean(), last.toString());
        return last;
    }

    private static void assertStarted(JvmRun run) {
        assertTrue(run.diagnostics().stream().anyMatch(l -> l.contains(" started; config:")),
                "the banner: " + run.diagnostics());
        assertTrue(run.diagnostics().stream().noneMatch(l -> l.contains("ERROR") || l.contains("had not")),
                "no error, no wait given up: " + run.diagnostics());
    }

    @Test
    void callsFromManyThreadsInTheFirstInstantAreAllRecorded() {
        int threads = 8;
        int calls = 200;
        JvmRun run = AgentJvm.main(FirstInstantApp.class).agentArgs(TARGET)
                .args("predict", String.valueOf(threads), String.valueOf(calls)).run().assertSucceeded();
        long sum = (long) threads * calls * (calls - 1) / 2;
        assertTrue(run.appStdout().contains("predictions " + threads * calls + " sum " + sum),
                "the application's own result, unchanged: " + run.appStdout());
        assertEquals(threads * calls, run.events().named("prediction_success").size(), run.describe());
        assertEquals(threads * calls, finalReport(run).path("events_offered").asLong()
                - run.events().named("model_stats").size(), "every call offered once");
        assertStarted(run);
    }

    @Test
    void aMainThatReturnsAtOnceStillGetsTheExitReport() {
        JvmRun run = AgentJvm.main(FirstInstantApp.class).agentArgs(TARGET).args("return").run().assertSucceeded();
        assertEquals(List.of("returned"), run.appStdout());
        assertEquals(0, run.events().named("prediction_success").size());
        assertEquals(0, finalReport(run).path("events_dropped").asLong());
        assertStarted(run);
    }

    @Test
    void anImmediateExitKeepsItsCodeAndTheExitReport() {
        JvmRun run = AgentJvm.main(FirstInstantApp.class).agentArgs(TARGET).args("exit").run();
        assertEquals(3, run.exitCode(), "the application's exit code: " + run.describe());
        assertEquals(0, finalReport(run).path("events_dropped").asLong());
        assertStarted(run);
    }
}
