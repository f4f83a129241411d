package io.predlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every failure says what went wrong and what to do instead (docs/CLI.md: exit 2 usage, 1 nothing read). */
class ErrorMessagesTest {

    @TempDir
    Path dir;

    private Path oneEventWithoutValues() throws Exception {
        return Files.writeString(dir.resolve("one.jsonl"), "{\"event\":\"prediction_success\",\"level\":\"INFO\","
                + "\"timestamp\":\"2026-11-27T02:48:00.123Z\",\"schema\":1,\"model_id\":\"m\",\"model_version\":\"1\","
                + "\"latency_ms\":1.5,\"sample_rate\":1.0}\n");
    }

    @Test
    void noSubcommandNamesTheSubcommandsAndAnExample() {
        CommandRunner.Run run = CommandRunner.run();
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("a subcommand is missing: type predlog <subcommand> [options] [PATH...], "
                + "e.g. predlog report predlog-logs; the subcommands: sql, trace, find, tail, compare, report, dashboard, "
                + "inflight, baseline, doctor"), run.err());
    }

    @Test
    void nothingToReadSaysWhereTheAgentWrites() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        CommandRunner.Run run = CommandRunner.run("sql", "SELECT 1", empty.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("predlog sql: no event files (*.jsonl, *.jsonl.gz) found in " + empty
                + "; give the files or directories the agent writes (predlog.file.dir, by default ./predlog-logs where "
                + "the application runs)"), run.err());
        CommandRunner.Run inflight = CommandRunner.run("inflight", empty.toString());
        assertEquals(1, inflight.exit());
        assertTrue(inflight.err().contains("give the directories the agent writes (predlog.file.dir"), inflight.err());
    }

    @Test
    void aBadTimeGetsAnExampleOfEachForm() {
        CommandRunner.Run run = CommandRunner.run("tail", "--until", "noon");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("predlog tail: --until: 'noon' is neither an ISO-8601 time (2026-11-27T02:48:00Z) "
                + "nor a duration back from now (90m, 2h, 7d); e.g. --until 2h or --until 2026-11-27T02:48:00Z"), run.err());
    }

    @Test
    void aFileThatCannotBeWrittenIsNamedWithTheReason() throws Exception {
        Path values = Files.writeString(dir.resolve("v.jsonl"), "{\"event\":\"prediction_success\",\"level\":\"INFO\","
                + "\"timestamp\":\"2026-11-27T02:48:00.123Z\",\"schema\":1,\"model_id\":\"m\",\"model_version\":\"1\","
                + "\"latency_ms\":1.5,\"input\":{\"type\":\"java.util.HashMap\",\"values\":{\"a\":1.0}},\"sample_rate\":1.0}\n");
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        Path out = aFile.resolve("sub").resolve("b.json");
        CommandRunner.Run run = CommandRunner.run("baseline", "--model", "m", "--version", "1", "-o", out.toString(),
                values.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("predlog baseline: " + aFile.resolve("sub") + ": "), run.err());
        assertTrue(run.err().strip().endsWith("; check that the path exists and that predlog may read and write there"),
                run.err());
        assertFalse(run.err().contains("Exception"), "a reason in words, not a class name: " + run.err());
    }

    @Test
    void aFaultThatIsNotTheUsersSaysToReportIt() {
        CommandLine sql = Main.commandLine().getSubcommands().get("sql");
        StringWriter err = new StringWriter();
        sql.setErr(new PrintWriter(err));
        assertEquals(1, Failures.executionError(new SQLException("INTERNAL Error: boom"), sql, null));
        assertEquals("predlog sql: failed: java.sql.SQLException: INTERNAL Error: boom\n"
                + "This is not a mistake in the command line: if it happens again, report it with the command and "
                + "'predlog --version'.\n", err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aBaselineWithoutNumericValuesSaysHowToGetThem() throws Exception {
        CommandRunner.Run run = CommandRunner.run("baseline", "--model", "m", "--version", "1", "-o",
                dir.resolve("b.json").toString(), oneEventWithoutValues().toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("no numeric input.values and no output characteristics in 1 successful prediction "
                + "of m 1; nothing written. A baseline needs them: run the agent with predlog.input.values=true (the default) "
                + "on a model whose inputs have numeric fields, or with its outputs characterised"), run.err());
    }

    @Test
    void compareOfAVersionThatDidNotServeNamesTheOnesThatDid() throws Exception {
        CommandRunner.Run run = CommandRunner.run("compare", "--model", "m", "1", "2", oneEventWithoutValues().toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("no predictions of m version 2 in the events read (versions seen: 1): "
                + "name two of the versions seen, or widen --since/--until"), run.err());
    }

    @Test
    void aDashboardOfNothingSaysWhichFiltersToWiden() throws Exception {
        CommandRunner.Run run = CommandRunner.run("dashboard", "--model", "other", "-o", dir.resolve("d.html").toString(),
                oneEventWithoutValues().toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("no events passed the filters; nothing written. Widen or drop --since, --until, "
                + "--service, --model, --version or --target"), run.err());
    }

    @Test
    void doctorWithoutClassesSaysWhatAClassPathIs() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.properties"), "predlog.predict.s = a.B#c\n");
        CommandRunner.Run run = CommandRunner.run("doctor", "--config", config.toString(), "--classpath",
                Files.createDirectory(dir.resolve("no-classes")).toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("; give the application's jars, wars and class directories, ':'-separated, "
                + "e.g. --classpath app.jar:lib/dep.jar"), run.err());
    }
}
