package io.predlog.cli.inflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.predlog.cli.CommandRunner;
import io.predlog.cli.fixture.AgentLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InflightCommandTest {

    @TempDir
    Path dir;

    @Test
    void showsTheRecoveredEventAndTheInflightFileOfAProcessKilledWhileScoring() throws Exception {
        CommandRunner.Run run = CommandRunner.run("inflight", AgentLogs.fraud().toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("inflight_at_crash events (written by the next agent to start in the same directory):", lines.get(0));
        assertTrue(lines.get(3).matches(" *\\d+  fraud-scorer@\\S+ +\\S+Z +doomed-worker +predict +score +fraud@v1 +[0-9a-f]{32} "
                + "+[0-9a-f]{16} +io.predlog.cli.fixture.FraudModel#score +\\d+"), lines.get(3));
        assertTrue(run.out().contains("1 dead process(es), 1 call(s) in flight when they died"), run.out());
        long rawFiles;
        try (var files = Files.list(AgentLogs.fraud())) {
            rawFiles = files.filter(p -> p.getFileName().toString().matches("inflight-\\d+\\.bin")).count();
        }
        assertEquals(1, rawFiles, "the second crash's file is still there");
        assertTrue(run.out().lines().anyMatch(l -> l.matches("in-flight file .*inflight-\\d+\\.bin: pid \\d+ is dead and no "
                + "agent has recovered the file yet; these calls were running when it died")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\S+Z +doomed-worker +predict +score +fraud@v1 +[0-9a-f]{32} "
                + "+[0-9a-f]{16} +io.predlog.cli.fixture.FraudModel#score")), run.out());
    }

    @Test
    void theSameInputHashIsInTheEventAndTheFileOfTheTwoCrashes() {
        CommandRunner.Run run = CommandRunner.run("inflight", AgentLogs.fraud().toString());
        List<String> hashes = run.out().lines().map(l -> l.replaceAll(".*  ([0-9a-f]{16})  io\\.predlog.*", "$1"))
                .filter(l -> l.matches("[0-9a-f]{16}")).toList();
        assertEquals(2, hashes.size(), run.out());
        assertEquals(hashes.get(0), hashes.get(1));
    }

    @Test
    void logsWithoutCrashesSayThatNothingWasInFlight() {
        CommandRunner.Run run = CommandRunner.run("inflight", AgentLogs.gateway().toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("no calls were in flight in a process that died\n", run.out());
    }

    @Test
    void nothingToReadExitsWithOne() {
        CommandRunner.Run run = CommandRunner.run("inflight", dir.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("no in-flight files"), run.err());
    }

    @Test
    void anUnreadableInflightFileIsNamed() throws Exception {
        Path bogus = Files.write(dir.resolve("inflight-123.bin"), new byte[] {1, 2, 3});
        CommandRunner.Run run = CommandRunner.run("inflight", dir.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("in-flight file " + bogus + ": unreadable (not a predlog in-flight file: " + bogus + ")"),
                run.out());
    }
}
