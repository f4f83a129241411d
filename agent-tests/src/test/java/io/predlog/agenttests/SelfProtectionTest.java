package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.protect.HeapPressureApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Self-protection in a real JVM under heap pressure: an application that keeps three quarters of a 128 MB heap for
 * a while, then lets it go. The agent steps up while the old generation stays full after collections (one step a
 * second here, {@code predlog.protect.up_s=1}), steps back down once it is not (two seconds a step), reports each
 * step as an event and a line, and its counts add up.
 */
class SelfProtectionTest {

    @Test
    void heapPressureShedsWorkInStepsAndItsEndTakesThemBack() {
        JvmRun run = AgentJvm.main(HeapPressureApp.class).jvmOption("-Xmx128m")
                .agentArgs("predict.score=" + HeapPressureApp.Model.class.getName() + "#predict,"
                        + "protect.heap_pct=60,protect.up_s=1,protect.down_s=2")
                .args("6000", "9000").run().assertSucceeded();

        List<JsonNode> steps = run.events().named("agent_protection").all();
        assertTrue(steps.size() >= 2, run.describe());
        JsonNode first = steps.get(0);
        assertEquals("up", first.path("direction").asText(), first.toString());
        assertEquals("WARN", first.path("level").asText());
        assertEquals("big_inputs", first.path("step_name").asText());
        assertTrue(first.path("reason").asText().contains("old generation"), first.toString());
        int highest = steps.stream().mapToInt(s -> s.path("step").asInt()).max().orElse(0);
        assertTrue(highest >= 2, "several steps under sustained pressure: " + steps);
        JsonNode last = steps.get(steps.size() - 1);
        assertEquals(0, last.path("step").asInt(), "back to normal once the heap was let go: " + steps);
        assertEquals("down", last.path("direction").asText());
        assertTrue(run.diagnostics().stream().anyMatch(l -> l.contains("self-protection: step 1 (big_inputs), up:")),
                run.diagnostics().toString());

        JsonNode h = run.health().all().get(run.health().size() - 1);
        assertTrue(h.path("events_shed").asLong() > 0, "routine events left out under pressure are counted: " + h);
        long dropped = h.path("events_dropped").asLong();
        assertEquals(h.path("events_offered").asLong(), h.path("events_written").asLong()
                + h.path("events_sampled_out").asLong() + h.path("events_shed").asLong() + dropped, h.toString());
        long written = run.events().named("prediction_success").size();
        assertTrue(written > 100, "predictions were recorded before and after: " + written);
        // the predictions kept under pressure say at what rate: a tenth at step 2
        assertTrue(run.events().named("prediction_success").stream()
                .anyMatch(e -> e.path("sample_rate").asDouble() == 0.1), "sample_rate 0.1 at step 2");
    }
}
