package io.predlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
}
