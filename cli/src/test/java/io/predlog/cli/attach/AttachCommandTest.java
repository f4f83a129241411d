package io.predlog.cli.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.predlog.cli.CommandRunner;
import io.predlog.cli.UsageException;

/**
 * {@code predlog attach}: the agent loaded into a JVM that started without it, which then records its next calls;
 * and the errors of a wrong process id or agent jar.
 */
class AttachCommandTest {

    /** The agent jar the reactor built before this module's tests. */
    private static final Path AGENT_JAR = Path.of("..", "agent", "target", "predlog-agent.jar").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aRunningJvmStartedWithoutTheAgentRecordsItsCallsOnceAttached() throws Exception {
        assertTrue(Files.isRegularFile(AGENT_JAR), "the agent jar is built first: " + AGENT_JAR);
        Path events = dir.resolve("events");
        Path err = dir.resolve("target.err");
        Process target = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the test classes only: the agent's own classes on the application's class path would be found
                // before the jar's
                "-cp", Path.of(AttachTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                AttachTarget.class.getName(), "8000")
                .redirectError(err.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine());
            CommandRunner.Run run = CommandRunner.run("attach", Long.toString(target.pid()), "--agent-jar",
                    AGENT_JAR.toString(), "--agent-args", "predict.model=" + AttachTarget.Model.class.getName()
                            + "#predict,file.dir=" + events);
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().startsWith("loaded " + AGENT_JAR + " into process " + target.pid() + " with arguments"),
                    run.out());

            CommandRunner.Run again = CommandRunner.run("attach", Long.toString(target.pid()), "--agent-jar",
                    AGENT_JAR.toString());
            assertEquals(0, again.exit(), again.err());

            String last = out.readLine();
            assertTrue(target.waitFor(60, TimeUnit.SECONDS), "the application ends as it would have");
            assertTrue(last != null && last.startsWith("calls "), last);
            long calls = Long.parseLong(last.split(" ")[1]);
            long recorded = lines(events).stream().filter(l -> l.contains("\"event\":\"prediction_success\"")).count();
            assertTrue(recorded > 0 && recorded <= calls, recorded + " events of " + calls + " calls; the target's "
                    + "stderr: " + Files.readString(err));
            String stderr = Files.readString(err);
            assertTrue(stderr.contains("[predlog]"), "the agent's lines go to the target's stderr");
            assertTrue(stderr.contains("agent already started in this JVM; ignoring this second start"), stderr);
        } finally {
            target.destroyForcibly();
        }
    }

    private static List<String> lines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> plain = files.filter(f -> f.toString().endsWith(".jsonl")).toList();
            List<String> lines = new java.util.ArrayList<>();
            for (Path f : plain) {
                lines.addAll(Files.readAllLines(f));
            }
            return lines;
        }
    }

    @Test
    void aProcessIdThatIsNoJvmIsAUsageErrorSayingWhatToGive() {
        long none = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 100_000;
        CommandRunner.Run run = CommandRunner.run("attach", Long.toString(none), "--agent-jar", AGENT_JAR.toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("cannot attach to process " + none) && run.err().contains("jps -l"), run.err());
    }

    @Test
    void anAgentJarThatIsNotThereIsAUsageError() {
        CommandRunner.Run run = CommandRunner.run("attach", "1", "--agent-jar", dir.resolve("nope.jar").toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("nope.jar is not a file"), run.err());
    }

    @Test
    void theDefaultAgentJarIsTheCheckoutsAndThenTheEnvironmentsWhenSet() throws IOException {
        Path checkout = dir.resolve("repo");
        Path agent = Files.createDirectories(checkout.resolve("agent/target")).resolve("predlog-agent.jar");
        Files.writeString(agent, "jar");
        Path cliJar = checkout.resolve("cli/target/predlog-cli.jar");
        assertEquals(agent.toAbsolutePath(), AttachCommand.agentJar(null, null, cliJar));
        Path other = Files.writeString(dir.resolve("other.jar"), "jar");
        assertEquals(other.toAbsolutePath(), AttachCommand.agentJar(null, other.toString(), cliJar));
        assertEquals(other.toAbsolutePath(), AttachCommand.agentJar(other, null, null));
        UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> AttachCommand.agentJar(null, null, dir.resolve("cli.jar")));
        assertTrue(e.getMessage().contains("--agent-jar"), e.getMessage());
    }
}
