package io.predlog.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.predlog.cli.CommandRunner;
import io.predlog.cli.fixture.AgentLogs;
import io.predlog.cli.fixture.ScoringApp;
import org.junit.jupiter.api.Test;

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
