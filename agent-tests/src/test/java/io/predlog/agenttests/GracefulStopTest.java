package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.gracefulstop.GracefulStopApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.RunningJvm;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service told to stop (SIGTERM) while a request runs, which its own shutdown hook lets finish: the agent's exit
 * waits for the calls running then ({@code predlog.shutdown.calls_wait_ms}), so their ends are recorded; a call
 * that outlasts the wait is named on stderr and leaves no end event.
 */
class GracefulStopTest {

    private static final String APP = GracefulStopApp.class.getName();

    private static JvmRun stopWhilePredicting(long predictMillis, String moreArgs) {
        String args = "entry.api=" + APP + "$Handler#handle,entry.api.request_id=arg0,predict.model=" + APP
                + "$Model#predict" + moreArgs;
        try (RunningJvm running = AgentJvm.main(GracefulStopApp.class).agentArgs(args)
                .args(Long.toString(predictMillis)).timeout(Duration.ofSeconds(60)).start()) {
            running.awaitStdout(Pattern.compile("^predicting$"), Duration.ofSeconds(30));
            return running.stop();
        }
    }

    @Test
    void aRequestFinishingDuringTheStopHasItsEndRecorded() {
        JvmRun run = stopWhilePredicting(700, "");
        assertEquals(List.of("predicting", "handled graceful-1:1.0", "stopped"), run.appStdout(), run.describe());
        List<String> names = run.events().with("request_id", "graceful-1").stream()
                .map(e -> e.path("event").asText()).toList();
        assertEquals(List.of("request_start", "prediction_success", "request_success"), names, run.describe());
        JsonNode end = run.events().named("request_success").single();
        assertTrue(end.path("latency_ms").asDouble() >= 700, "the whole request: " + end);
        assertTrue(run.diagnostics().stream().noneMatch(line -> line.contains("still running")), run.describe());
    }

    @Test
    void aRequestOutlastingTheWaitIsNamedAndDoesNotHoldTheAgent() {
        JvmRun run = stopWhilePredicting(3_000, ",shutdown.calls_wait_ms=200");
        // the service still finishes its request: the agent never changes what the application does
        assertEquals(List.of("predicting", "handled graceful-1:1.0", "stopped"), run.appStdout(), run.describe());
        assertEquals(1, run.events().named("request_start").size(), run.describe());
        assertEquals(0, run.events().named("request_success").size(), run.describe());
        assertEquals(0, run.events().named("prediction_success").size(), run.describe());
        assertTrue(run.diagnostics().stream().anyMatch(line -> line.contains(
                "2 recorded call(s) still running 200 ms after the JVM began to exit")), run.describe());
        JsonNode last = run.health().all().get(run.health().all().size() - 1);
        assertTrue(last.path("final").asBoolean(), "the final report was written: " + last);
    }
}
