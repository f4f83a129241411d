package io.predlog.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.predlog.cli.fixture.AgentLogs;
import io.predlog.cli.CommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlCommandTest {

    @TempDir
    Path dir;

    @Test
    void countsTheEventsARealAgentWroteByKindAcrossTwoServiceDirectories() {
        CommandRunner.Run run = CommandRunner.run("sql", "--format", "csv",
                "SELECT service, event, count(*) AS n FROM events WHERE event LIKE 'prediction_%' "
                        + "GROUP BY ALL ORDER BY service, event",
                AgentLogs.fraud().toString(), AgentLogs.gateway().toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("service,event,n", lines.get(0));
        // one full run: 300 calls per version (v2 fails those over 112), 5 of the repeated input, 2 requests x 2 versions
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("fraud-scorer,prediction_failure,")), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("gateway,prediction_success,")), run.out());
        int fraudCalls = lines.stream().filter(l -> l.startsWith("fraud-scorer,prediction_"))
                .mapToInt(l -> Integer.parseInt(l.substring(l.lastIndexOf(',') + 1))).sum();
        assertEquals(600 + 5 + 4, fraudCalls);
    }

    @Test
    void typedColumnsAndRawFieldsAnswerQueriesOverRealEvents() {
        CommandRunner.Run run = CommandRunner.run("sql", "--format", "json",
                "SELECT model_version, count(*) FILTER (WHERE input.values['amount'] > 112) AS big, "
                        + "count(*) FILTER (WHERE event = 'prediction_failure') AS failed, "
                        + "max(error_type) AS error_type FROM events WHERE event LIKE 'prediction_%' "
                        + "GROUP BY ALL ORDER BY model_version",
                AgentLogs.fraud().toString());
        assertEquals(0, run.exit(), run.err());
        List<String> rows = run.out().lines().toList();
        assertEquals(2, rows.size(), run.out());
        assertTrue(rows.get(0).matches("\\{\"model_version\":\"v1\",\"big\":\\d+,\"failed\":0,\"error_type\":null}"), rows.get(0));
        assertTrue(rows.get(1).contains("\"error_type\":\"java.lang.IllegalArgumentException\""), rows.get(1));
        String big = rows.get(1).replaceAll(".*\"big\":(\\d+).*", "$1");
        String failed = rows.get(1).replaceAll(".*\"failed\":(\\d+).*", "$1");
        assertEquals(big, failed, "v2 fails exactly the calls whose amount is over 112");
    }

    @Test
    void modelStatsFieldsAreReachableThroughRaw() {
        CommandRunner.Run run = CommandRunner.run("sql", "--format", "csv",
                "SELECT model_version, sum((raw->>'calls')::BIGINT) AS calls FROM events WHERE event = 'model_stats' "
                        + "GROUP BY ALL ORDER BY model_version",
                AgentLogs.gateway().toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("model_version,calls", "v1,305", "v2,304"), run.out().lines().toList());
    }

    @Test
    void theTableFormatAlignsColumnsAndCountsRows() throws Exception {
        Path file = Files.writeString(dir.resolve("e.jsonl"), String.join("\n",
                "{\"event\":\"request_start\",\"level\":\"INFO\",\"timestamp\":\"2026-11-27T02:48:00.000Z\",\"service\":\"a\",\"latency_ms\":1.5}",
                "{\"event\":\"request_success\",\"level\":\"INFO\",\"timestamp\":\"2026-11-27T02:48:00.010Z\",\"service\":\"a\",\"latency_ms\":12.25}",
                ""));
        CommandRunner.Run run = CommandRunner.run("sql", "SELECT event, latency_ms FROM events ORDER BY \"timestamp\"", file.toString());
        assertEquals(List.of(
                "event            latency_ms",
                "---------------  ----------",
                "request_start           1.5",
                "request_success       12.25",
                "(2 rows)"), run.out().lines().toList());
    }

    @Test
    void aQueryThatDoesNotBindIsAUsageErrorNamingTheView() throws Exception {
        Path file = Files.writeString(dir.resolve("e.jsonl"), "{\"event\":\"request_start\"}\n");
        CommandRunner.Run run = CommandRunner.run("sql", "SELECT nope FROM events", file.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("the query failed: Binder Error: Referenced column \"nope\" not found"), run.err());
        assertTrue(run.err().contains("DESCRIBE events"), run.err());
    }

    @Test
    void pathsWithNoEventsExitWithOne() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        CommandRunner.Run run = CommandRunner.run("sql", "SELECT 1", empty.toString(), dir.resolve("missing").toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("could not read " + dir.resolve("missing") + ": no such file or directory"), run.err());
        assertTrue(run.err().contains("no events in 1 file"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void anUnknownFormatIsAUsageErrorListingTheFormats() {
        CommandRunner.Run run = CommandRunner.run("sql", "--format", "xml", "SELECT 1");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("expected one of [TABLE, CSV, JSON]"), run.err());
    }

    @Test
    void skippedLinesAndACutShortGzipAreWarnedOnStandardErrorAndTheRestIsAnswered() throws Exception {
        Path torn = Files.writeString(dir.resolve("a.jsonl"), String.join("\n",
                "{\"event\":\"request_start\",\"level\":\"INFO\",\"timestamp\":\"2026-11-27T02:48:00.000Z\"}",
                "{\"event\":\"request_succ"));
        byte[] whole = TailCommandTest.gzip("{\"event\":\"request_start\"}\n".repeat(2000));
        Path cut = Files.write(dir.resolve("b.jsonl.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        CommandRunner.Run run = CommandRunner.run("sql", "--format", "csv", "SELECT count(*) > 1 AS some FROM events",
                dir.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("some", "true"), run.out().lines().toList());
        assertTrue(run.err().contains("predlog: skipped 1 unreadable line in 1 file: " + torn + " (1)"), run.err());
        assertTrue(run.err().contains("predlog: read only part of " + cut + ": gzip data cut short or corrupt"), run.err());
    }
}
