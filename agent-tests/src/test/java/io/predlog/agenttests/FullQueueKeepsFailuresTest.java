package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.predlog.agenttests.fixtures.fullqueue.NotableTraffic;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ExtensionJar;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A queue that a fast service fills with successes still takes its failures, its slow calls and its model loads:
 * the sink is slow (it waits 50 ms before each batch, so the dispatcher writes at most about 20,000 events a
 * second), the service calls far faster than that, most successes are dropped, and every failure, slow call and
 * load is written.
 */
class FullQueueKeepsFailuresTest {

    private static final int CALLS = 200_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path jars;
    private static Path jar;

    @BeforeAll
    static void buildTheSinkJar() throws IOException {
        jar = ExtensionJar.testSinks(jars, "slow-sink.jar");
    }

    @Test
    void failuresSlowCallsAndLoadsAreWrittenWhileSuccessesAreDropped(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("events.jsonl");
        JvmRun run = traffic(CALLS, copy, "queue.capacity=1024");

        int failures = CALLS / NotableTraffic.FAIL_EVERY;
        int slow = CALLS / NotableTraffic.SLOW_EVERY;
        int loads = 1 + CALLS / NotableTraffic.LOAD_EVERY;
        assertTrue(run.appStdout().get(0).startsWith("calls " + CALLS + " failures " + failures + " slow " + slow
                + " loads " + loads + " "), run.describe());

        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(copy)) {
            events.add(JSON.readTree(line));
        }
        long successes = count(events, "prediction_success");
        // the slow model's calls: any other call can be slow too (a GC pause), and is then kept as well
        long slowWritten = events.stream().filter(e -> e.path("event").asText().equals("prediction_success")
                && e.path("target").asText().equals("slow")
                && e.path("latency_ms").asDouble() >= NotableTraffic.SLOW_MILLIS).count();
        JsonNode health = events.stream().filter(e -> e.path("event").asText().equals("agent_health")
                && e.path("final").asBoolean()).findFirst().orElseThrow(() -> new AssertionError(run.describe()));
        long dropped = health.at("/dropped/queue_full").asLong();

        assertTrue(dropped > CALLS / 10, "the slow sink let the queue fill: " + health);
        assertEquals(CALLS - failures, successes + dropped, "every success written or counted: " + health);
        assertEquals(failures, count(events, "prediction_failure"), "every failure written: " + health);
        assertEquals(slow, slowWritten, "every call slower than predlog.sample.slow_ms written: " + health);
        assertEquals(loads, count(events, "model_load_start"), "every load's start written: " + health);
        assertEquals(loads, count(events, "model_load_success"), "every load's success written: " + health);
        assertEquals(health.path("events_offered").asLong(), health.path("events_written").asLong()
                + health.path("events_dropped").asLong(), health.toString());
    }

    /**
     * The same service, its queue bounded by bytes rather than by count: `queue.max_bytes=1MiB` with the default
     * capacity of 65,536. Once the dispatcher is behind, the caller queues encoded lines, and the queue refuses
     * successes once they take a mebibyte: it never holds more than the 4,096 events the dispatcher encodes itself
     * and a mebibyte of lines (and a sixteenth more for failures, slow calls and loads), all of which are written.
     */
    @Test
    void aQueueBoundedByBytesHoldsNoMoreAndKeepsWhatMatters(@TempDir Path dir) throws IOException {
        int calls = 1_000_000; // 200 slow calls of 5 ms: the run lasts long enough for periodic reports
        long maxBytes = 1 << 20;
        Path copy = dir.resolve("events.jsonl");
        JvmRun run = traffic(calls, copy, "queue.max_bytes=1MiB,health.interval_s=1,stats.enabled=false");

        List<JsonNode> events = new ArrayList<>();
        int shortestLine = Integer.MAX_VALUE;
        int longestLine = 0;
        for (String line : Files.readAllLines(copy)) {
            JsonNode event = JSON.readTree(line);
            events.add(event);
            if (!event.path("event").asText().equals("agent_health")) { // the only event not queued
                shortestLine = Math.min(shortestLine, line.length() + 1);
                longestLine = Math.max(longestLine, line.length() + 1);
            }
        }
        List<JsonNode> health = events.stream().filter(e -> e.path("event").asText().equals("agent_health")).toList();
        JsonNode last = health.get(health.size() - 1);
        assertTrue(last.path("final").asBoolean(), run.describe());
        long mostBytes = health.stream().mapToLong(h -> h.path("queue_bytes").asLong()).max().orElse(0);
        long mostDepth = health.stream().mapToLong(h -> h.path("queue_depth").asLong()).max().orElse(0);
        long notableBytes = maxBytes + maxBytes / 16;

        assertEquals(maxBytes, last.path("queue_max_bytes").asLong(), last.toString());
        assertEquals(65_536, last.path("queue_capacity").asLong(), last.toString());
        assertTrue(last.at("/dropped/queue_full").asLong() > calls / 10, "the slow sink let the queue fill: " + last);
        assertTrue(mostBytes > maxBytes / 2, "a report saw the queue near its bytes: " + health);
        assertTrue(mostBytes <= notableBytes + longestLine, "bytes held at most " + mostBytes + ": " + health);
        assertTrue(mostDepth <= 4096 + notableBytes / shortestLine + 2,
                "events held at most " + mostDepth + " (lines of " + shortestLine + " bytes or more): " + health);
        assertEquals(0, last.path("queue_bytes").asLong(), "all taken at the end: " + last);

        int failures = calls / NotableTraffic.FAIL_EVERY;
        int loads = 1 + calls / NotableTraffic.LOAD_EVERY;
        assertEquals(failures, count(events, "prediction_failure"), "every failure written: " + last);
        assertEquals(loads, count(events, "model_load_success"), "every load written: " + last);
        assertEquals(last.path("events_offered").asLong(), last.path("events_written").asLong()
                + last.path("events_shed").asLong() + last.path("events_dropped").asLong(), last.toString());
    }

    /**
     * Runs {@link NotableTraffic} for {@code calls} calls into the slow sink, which copies the events to {@code copy},
     * with the queue's settings {@code queue}.
     */
    private static JvmRun traffic(int calls, Path copy, String queue) {
        return AgentJvm.main(NotableTraffic.class)
                .agentArgs("predict.model=" + NotableTraffic.Model.class.getName() + "#predict"
                        + ",predict.model.model_id=\"scorer\",predict.model.model_version=this.version()"
                        + ",predict.slow=" + NotableTraffic.SlowModel.class.getName() + "#predict"
                        + ",load.registry=" + NotableTraffic.Registry.class.getName() + "#load"
                        + ",load.registry.model_id=\"scorer\",load.registry.model_version=arg0"
                        + ",sample.slow_ms=" + (NotableTraffic.SLOW_MILLIS - 2) + "," + queue
                        + ",sinks=slowcopy,extensions=" + jar + ",copy.file=" + copy + ",slowcopy.pause_ms=50")
                .args(String.valueOf(calls)).run().assertSucceeded();
    }

    private static long count(List<JsonNode> events, String name) {
        return events.stream().filter(e -> e.path("event").asText().equals(name)).count();
    }
}
