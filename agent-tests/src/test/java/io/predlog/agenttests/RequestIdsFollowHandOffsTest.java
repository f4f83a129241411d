package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.handoff.HandOffApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thread hand-offs: a request's id follows its work to pooled, scheduled, fork-join, new and virtual
 * threads and CompletableFuture's async stages, and never leaks: a pooled thread carries no id into its next
 * task, and a task submitted outside any request runs without one.
 */
class RequestIdsFollowHandOffsTest {

    private static final List<Integer> EVERY_JDK_KIND = List.of(HandOffApp.POOL_SUBMIT, HandOffApp.POOL_EXECUTE,
            HandOffApp.CF_ASYNC, HandOffApp.CF_ASYNC_POOL, HandOffApp.NEW_THREAD, HandOffApp.FORK_JOIN,
            HandOffApp.SCHEDULED);

    private static Path config() {
        return ConfigFile.write("agent.properties",
                "predlog.predict.model = " + HandOffApp.class.getName() + "#predict",
                "predlog.entry.request = " + HandOffApp.class.getName() + "#handle",
                "predlog.entry.request.request_id = arg0",
                "predlog.queue.capacity = 1000000");
    }

    private static int value(JsonNode event, String field) {
        return event.path("input").path("values").path(field).asInt(Integer.MIN_VALUE);
    }

    @Test
    void everyHandOffRunsWithTheRequestThatSubmittedIt() {
        JvmRun run = AgentJvm.main(HandOffApp.class).agentArgs("config=" + config()).args("kinds").run()
                .assertSucceeded();
        Events predictions = run.events().named("prediction_success");
        boolean virtual = run.appStdout().contains("virtual threads used");

        for (int n = 1; n <= 2; n++) {
            int request = n;
            Set<Integer> kinds = new TreeSet<>();
            for (JsonNode event : predictions.where(e -> value(e, "n") == request).all()) {
                assertEquals("req-" + request, event.path("request_id").asText(), "kind " + value(event, "kind")
                        + " on thread " + event.path("thread").asText() + ": " + event);
                kinds.add(value(event, "kind"));
            }
            Set<Integer> expected = new TreeSet<>(EVERY_JDK_KIND);
            if (virtual) {
                expected.add(HandOffApp.VIRTUAL_THREAD);
            }
            assertEquals(expected, kinds, "every hand-off of request " + request + " was recorded");
        }
        JsonNode outside = predictions.where(e -> value(e, "kind") == HandOffApp.OUTSIDE).single();
        assertTrue(outside.path("request_id").asText().matches("[0-9a-f]{32}"),
                "a task submitted outside any request runs without one (and gets its own): " + outside);
    }

    @Test
    void tenThousandInterleavedRequestsOverASmallPoolNeverCrossOver() {
        int requests = 10_000;
        JvmRun run = AgentJvm.main(HandOffApp.class).agentArgs("config=" + config())
                .args("stress", String.valueOf(requests)).timeout(Duration.ofMinutes(3)).run().assertSucceeded();
        Events predictions = run.events().named("prediction_success");

        Set<Integer> seen = new HashSet<>();
        int outside = 0;
        for (JsonNode event : predictions.all()) {
            int n = value(event, "n");
            String id = event.path("request_id").asText();
            if (value(event, "kind") == HandOffApp.OUTSIDE) {
                outside++;
                assertFalse(id.startsWith("req-"), "a task from outside any request ran with " + id);
            } else {
                assertEquals("req-" + n, id, "request " + n + "'s task ran with another id");
                assertTrue(seen.add(n), "request " + n + " recorded twice");
            }
        }
        assertEquals(requests, seen.size(), "every request's task was recorded");
        assertEquals(requests / 10, outside);
    }
}
