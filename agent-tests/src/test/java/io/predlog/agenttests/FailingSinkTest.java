package io.predlog.agenttests;

import io.predlog.agenttests.fixtures.scoring.Model;
import io.predlog.agenttests.fixtures.scoring.ScoringApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sink that cannot write never breaks the application. Its events are dropped and counted, the count
 * is reported, and the other sinks still get every event.
 */
class FailingSinkTest {

    private static final String[] APP_ARGS = {"linear=4"};
    private static final String TARGET = "predict.models=" + Model.class.getName() + "#predict";

    private static JvmRun normal;

    @BeforeAll
    static void runWithoutAgent() {
        normal = AgentJvm.main(ScoringApp.class).args(APP_ARGS).run().assertSucceeded();
    }

    /** A directory under a regular file: no one can create it, not even root. */
    private static Path unusableDir(Path tmp) throws IOException {
        Path blocker = Files.writeString(tmp.resolve("not-a-directory"), "a regular file");
        return blocker.resolve("events");
    }

    @Test
    void anUnusableFileDirLeavesTheAppUnchangedAndIsReported(@TempDir Path tmp) throws IOException {
        Path dir = unusableDir(tmp);
        JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs(TARGET).fileDir(dir).args(APP_ARGS).run();

        assertEquals(normal.exitCode(), run.exitCode(), run.describe());
        assertEquals(normal.stdout(), run.stdout());
        assertTrue(run.diagnostics().stream().anyMatch(line -> line.contains("file") && line.contains(dir.toString())),
                "a [predlog] line names the file sink and its directory: " + run.diagnostics());
        assertTrue(run.diagnostics().stream().anyMatch(line -> line.toLowerCase().contains("drop")),
                "dropped events are counted and reported: " + run.diagnostics());
    }

    @Test
    void theOtherSinksStillGetEveryEvent(@TempDir Path tmp) throws IOException {
        Path dir = unusableDir(tmp);
        JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs(TARGET + ",sinks=file,stdout").fileDir(dir)
                .args(APP_ARGS).run();

        assertEquals(normal.exitCode(), run.exitCode(), run.describe());
        assertEquals(normal.stdout(), run.appStdout(), "the application's own lines are unchanged");
        assertEquals(4, run.stdoutEvents().named("prediction_success").size(),
                "every prediction reached the stdout sink: " + run.describe());
    }
}
