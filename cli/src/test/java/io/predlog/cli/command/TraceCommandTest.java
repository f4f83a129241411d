package io.predlog.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.predlog.cli.CommandRunner;
import io.predlog.cli.fixture.AgentLogs;
import io.predlog.cli.fixture.ScoringApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceCommandTest {

    @Test
    void showsEveryEventOfARequestAcrossServicesInStartOrderWithStepsAndThreads() {
        CommandRunner.Run run = CommandRunner.run("trace", ScoringApp.TRACED,
                AgentLogs.fraud().toString(), AgentLogs.gateway().toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("time (UTC)  "), run.out());
        List<String> events = lines.subList(2, 10);
        // each service: the request starts on main, then v1 and v2 score on the worker thread
        for (int service = 0; service < 2; service++) {
            List<String> four = events.subList(service * 4, service * 4 + 4);
            String name = service == 0 ? "fraud-scorer" : "gateway";
            assertTrue(four.get(0).matches(".*  " + name + " +main +request_start.*"), four.get(0));
            assertTrue(four.get(1).matches(".*" + name + " +main +request_success .*"), four.get(1));
            assertTrue(four.get(2).matches(".*\\+\\d+ ms +" + name + " +scoring-worker +prediction_success +fraud@v1 +[0-9.]+ ms.*"), four.get(2));
            assertTrue(four.get(3).matches(".*\\+\\d+ ms +" + name + " +scoring-worker +prediction_success +fraud@v2 +[0-9.]+ ms.*"), four.get(3));
        }
        assertEquals("(8 rows)", lines.get(10));
        assertTrue(lines.get(11).matches("request req-trace-0001: 8 events, 2 services, 4 threads, first to last start \\d+ ms"),
                lines.get(11));
    }

    @TempDir
    Path dir;

    /**
     * Within one millisecond: the start, then the request that encloses the calls (whatever their lengths), then two
     * predictions made one after another in the order they ended (the longer second), not the longer first.
     */
    @Test
    void callsStartedInTheSameMillisecondKeepTheirOrder() throws Exception {
        String at = "\"timestamp\":\"2026-11-27T02:48:00.000Z\",\"service\":\"a\",\"request_id\":\"r-1\"";
        Path file = Files.writeString(dir.resolve("e.jsonl"), String.join("\n",
                "{\"event\":\"request_start\",\"level\":\"INFO\"," + at + ",\"thread\":\"main\"}",
                "{\"event\":\"prediction_success\",\"level\":\"INFO\"," + at
                        + ",\"thread\":\"w\",\"model_id\":\"m\",\"model_version\":\"v1\",\"latency_ms\":0.25}",
                "{\"event\":\"prediction_success\",\"level\":\"INFO\"," + at
                        + ",\"thread\":\"w\",\"model_id\":\"m\",\"model_version\":\"v2\",\"latency_ms\":0.5}",
                "{\"event\":\"request_success\",\"level\":\"INFO\"," + at + ",\"thread\":\"main\",\"latency_ms\":0.9}",
                ""));
        CommandRunner.Run run = CommandRunner.run("trace", "r-1", file.toString());
        assertEquals(0, run.exit(), run.err());
        List<String> events = run.out().lines().skip(2).limit(4).toList();
        assertTrue(events.get(0).contains("request_start"), run.out());
        assertTrue(events.get(1).contains("request_success"), run.out());
        assertTrue(events.get(2).contains("m@v1"), run.out());
        assertTrue(events.get(3).contains("m@v2"), run.out());
    }

    @Test
    void aFailedStepShowsItsError() {
        CommandRunner.Run run = CommandRunner.run("trace", "req-trace-0002", AgentLogs.gateway().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.contains("prediction_failure") && l.contains("fraud@v2")
                && l.endsWith("java.lang.IllegalArgumentException: amount out of range for v2")), run.out());
    }

    @Test
    void anUnknownRequestSaysSoAndSucceeds() {
        CommandRunner.Run run = CommandRunner.run("trace", "no-such-request", AgentLogs.gateway().toString());
        assertEquals(0, run.exit());
        assertEquals("no events of request no-such-request\n", run.out());
    }

    @Test
    void aMissingRequestIdIsAUsageError() {
        CommandRunner.Run run = CommandRunner.run("trace");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Missing required parameter: 'REQUEST_ID'"), run.err());
        assertTrue(run.err().contains("predlog trace"), run.err());
    }
}
