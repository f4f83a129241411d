package io.predlog.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.predlog.cli.CommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoppedPredictionsTest {

    private static final Instant START = Instant.parse("2026-11-27T02:00:00Z");

    @TempDir
    Path dir;

    @Test
    void predictionsThatStopWhileRequestsGoOnAreReported() throws Exception {
        List<String> lines = serving(60);
        for (int i = 0; i < 100; i++) { // 10 s more of requests that reach no model (a wedged worker pool answers 503)
            lines.add(event("request_failure", START.plusMillis(60_000 + 100L * i), "\"error_type\":\"Unavailable\""));
        }
        lines.addAll(agentOwn(70));

        CommandRunner.Run run = CommandRunner.run("report", Files.write(dir.resolve("wedged.jsonl"), lines).toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("model churn (target score, service scoring): predictions stopped after"), run.out());
    }

    @Test
    void aServiceWhoseTrafficEndedIsIdleNotStoppedThoughTheAgentGoesOnWriting() throws Exception {
        List<String> lines = serving(60);
        lines.addAll(agentOwn(70)); // 10 s of statistics windows and health after the last request

        CommandRunner.Run run = CommandRunner.run("report", Files.write(dir.resolve("idle.jsonl"), lines).toString());

        assertEquals(0, run.exit(), run.err());
        assertFalse(run.out().contains("predictions_stopped") || run.out().contains("predictions stopped"), run.out());
    }

    /** 10 requests a second, each one churn prediction, for {@code seconds}. */
    private static List<String> serving(int seconds) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < seconds * 10; i++) {
            Instant t = START.plusMillis(100L * i);
            lines.add(event("request_success", t, "\"request_id\":\"r" + i + "\",\"latency_ms\":2.0"));
            lines.add(event("prediction_success", t, "\"request_id\":\"r" + i + "\",\"target\":\"score\",\"model_id\":\"churn\","
                    + "\"model_version\":\"v1\",\"latency_ms\":1.0"));
        }
        return lines;
    }

    /** What the agent writes by itself, each second from the start to {@code untilSecond}. */
    private static List<String> agentOwn(int untilSecond) {
        List<String> lines = new ArrayList<>();
        for (int s = 1; s <= untilSecond; s++) {
            Instant t = START.plusSeconds(s);
            lines.add(event("model_stats", t, "\"target\":\"score\",\"model_id\":\"churn\",\"model_version\":\"v1\","
                    + "\"window_start\":\"" + t.minusSeconds(1) + "\",\"window_end\":\"" + t + "\",\"window_s\":1.0,"
                    + "\"calls\":" + (s <= 60 ? 10 : 0) + ",\"errors\":0"));
        }
        lines.add(event("agent_health", START.plusSeconds(untilSecond), "\"events_written\":1"));
        return lines;
    }

    private static String event(String name, Instant t, String fields) {
        return "{\"event\":\"" + name + "\",\"level\":\"INFO\",\"timestamp\":\"" + t + "\",\"schema\":1,\"service\":\"scoring\","
                + "\"host\":\"h\",\"pid\":7,\"thread\":\"main\"," + fields + "}";
    }
}
