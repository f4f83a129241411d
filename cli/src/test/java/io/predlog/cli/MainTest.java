package io.predlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

class MainTest {

    @Test
    void anUnknownSubcommandIsAUsageErrorThatSuggestsWhatToType() {
        CommandRunner.Run run = CommandRunner.run("sqll");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("predlog: Unmatched argument at index 0: 'sqll'"), run.err());
        assertTrue(run.err().contains("Try 'predlog --help'"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void noSubcommandIsAUsageError() {
        CommandRunner.Run run = CommandRunner.run();
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("a subcommand is missing"), run.err());
    }

    @Test
    void helpGoesToStandardOutputAndExitsZero() {
        CommandRunner.Run run = CommandRunner.run("--help");
        assertEquals(0, run.exit());
        assertTrue(run.out().startsWith("Usage: predlog"), run.out());
    }

    @Test
    void everySubcommandTakesHelpAndPrintsItsOwnUsage() {
        for (String subcommand : List.of("sql", "trace", "find", "tail", "compare", "report", "dashboard", "inflight",
                "baseline", "doctor")) {
            CommandRunner.Run run = CommandRunner.run(subcommand, "--help");
            assertEquals(0, run.exit(), subcommand + ": " + run.err());
            assertTrue(run.out().startsWith("Usage: predlog " + subcommand), subcommand + ": " + run.out());
            assertTrue(run.out().contains("-h, --help"), subcommand + ": " + run.out());
        }
    }

    @Test
    void aBadTimeIsAUsageErrorNamingTheOptionAndTheFormsAccepted() {
        CommandRunner.Run run = CommandRunner.run("sql", "--since", "yesterday", "SELECT 1");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("predlog sql: --since: 'yesterday' is neither an ISO-8601 time"), run.err());
    }

    @Test
    void sinceAfterUntilIsAUsageError() {
        CommandRunner.Run run = CommandRunner.run("tail", "--since", "1h", "--until", "2h");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--since 1h is not before --until 2h: give the earlier time to --since"), run.err());
    }
}
