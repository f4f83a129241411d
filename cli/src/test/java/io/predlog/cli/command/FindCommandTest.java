package io.predlog.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.predlog.cli.CommandRunner;
import io.predlog.cli.fixture.AgentLogs;
import org.junit.jupiter.api.Test;

class FindCommandTest {

    /** The input_hash the agent wrote for the fixture's repeated input, looked up by its characteristics. */
    static String repeatedHash() {
        CommandRunner.Run run = CommandRunner.run("sql", "--format", "csv",
                "SELECT DISTINCT input_hash FROM events WHERE input.values['amount'] = 42.5 AND input.num_fields = 2",
                AgentLogs.fraud().toString());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), "one hash for the repeated input: " + run.out() + run.err());
        return lines.get(1);
    }

    @Test
    void listsEveryPredictionOfAnInputWithVersionsOutcomesAndASummary() {
        String hash = repeatedHash();
        CommandRunner.Run run = CommandRunner.run("find", "--input-hash", hash, AgentLogs.fraud().toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        // three v1 and two v2 calls, then the traced request scored it with each version
        long v1 = lines.stream().filter(l -> l.contains(" fraud@v1 ") && l.endsWith(" ok")).count();
        long v2 = lines.stream().filter(l -> l.contains(" fraud@v2 ") && l.endsWith(" ok")).count();
        assertEquals(4, v1, run.out());
        assertEquals(3, v2, run.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("req-trace-0001")), run.out());
        String summary = lines.get(lines.size() - 1);
        assertTrue(summary.startsWith("input " + hash + ": 7 calls, 2 model versions (fraud@v1: 4, fraud@v2: 3), 0 failures, first "),
                summary);
        // novelty is per model id: only the first call of the input was new to "fraud"
        assertEquals(1, lines.stream().filter(l -> l.matches(".* ms +no +.*")).count(), run.out());
        assertTrue(lines.get(2).matches(".* fraud@v1 .* ms +no +.*"), lines.get(2));
    }

    @Test
    void aCallCutShortByACrashIsListedAsSuch() {
        CommandRunner.Run hashes = CommandRunner.run("sql", "--format", "csv",
                "SELECT input_hash FROM events WHERE event = 'inflight_at_crash'", AgentLogs.fraud().toString());
        String hash = hashes.out().lines().skip(1).findFirst().orElseThrow();
        CommandRunner.Run run = CommandRunner.run("find", "--input-hash", hash, AgentLogs.fraud().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("CRASHED (in flight when pid "), run.out());
        assertTrue(run.out().contains("1 call, 1 model version (fraud@v1: 1), 0 failures, 1 cut short by a crash"), run.out());
    }

    @Test
    void aHashThatIsNotSixteenHexCharactersIsAUsageError() {
        CommandRunner.Run run = CommandRunner.run("find", "--input-hash", "xyz", AgentLogs.fraud().toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--input-hash xyz is not 16 hex characters"), run.err());
    }

    @Test
    void withoutTheHashOptionItIsAUsageError() {
        CommandRunner.Run run = CommandRunner.run("find", AgentLogs.fraud().toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Missing required option: '--input-hash=HASH'"), run.err());
    }
}
