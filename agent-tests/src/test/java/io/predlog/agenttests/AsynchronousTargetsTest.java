package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.expected.Digests;
import io.predlog.agenttests.fixtures.async.AsyncModel;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asynchronous targets: a predict that returns a CompletionStage or a Future is recorded when it
 * completes, with the latency to completion, the completion's outcome and the completed value's hash.
 */
class AsynchronousTargetsTest {

    private static JvmRun run;

    @BeforeAll
    static void predictAsynchronously() {
        run = AgentJvm.main(AsyncModel.class).agentArgs("config=" + ConfigFile.write("agent.properties",
                "predlog.predict.async = " + AsyncModel.class.getName() + "#predict*")).run().assertSucceeded();
    }

    @Test
    void theApplicationSeesItsOwnResults() {
        assertEquals(List.of("ok 0.5", "failed scoring backend unavailable", "later 1.5"), run.appStdout());
    }

    @Test
    void aFutureThatCompletesExceptionallyIsAPredictionFailureWithItsErrorAndTheWait() {
        JsonNode failure = run.events().named("prediction_failure").single();
        assertEquals("java.lang.IllegalStateException", failure.path("error_type").asText(), failure.toString());
        assertEquals("scoring backend unavailable", failure.path("error_msg").asText());
        assertTrue(failure.path("latency_ms").asDouble() >= AsyncModel.WAIT_MS, failure.toString());
        assertFalse(failure.has("output_hash"));
    }

    @Test
    void successfulFuturesAreRecordedWithTheCompletedValuesHashAndTheWait() {
        Events successes = run.events().named("prediction_success");
        assertEquals(2, successes.size(), run.describe());
        for (JsonNode event : successes.all()) {
            assertTrue(event.path("latency_ms").asDouble() >= AsyncModel.WAIT_MS, event.toString());
        }
        JsonNode stage = successes.with("method", AsyncModel.class.getName() + "#predictAsync").single();
        assertEquals(Digests.hash("0.5".getBytes(StandardCharsets.UTF_8)), stage.path("output_hash").asText(),
                "the output hash is of the completed value 0.5, not of the future");
        JsonNode task = successes.with("method", AsyncModel.class.getName() + "#predictLater").single();
        assertEquals(Digests.hash("1.5".getBytes(StandardCharsets.UTF_8)), task.path("output_hash").asText());
    }
}
