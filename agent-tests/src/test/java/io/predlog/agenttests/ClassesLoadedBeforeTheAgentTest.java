package io.predlog.agenttests;

import io.predlog.agenttests.fixtures.early.EarlyLoaderAgent;
import io.predlog.agenttests.fixtures.scoring.FirstCallsApp;
import io.predlog.agenttests.fixtures.scoring.LinearModel;
import io.predlog.agenttests.fixtures.scoring.Model;
import io.predlog.agenttests.fixtures.scoring.ScoringApp;
import io.predlog.agenttests.harness.AgentJar;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A target class that is already loaded when predlog starts (another agent loaded it first) is still
 * instrumented: predlog retransforms it, and its calls are recorded like any other.
 */
class ClassesLoadedBeforeTheAgentTest {

    @Test
    void aModelClassLoadedByAnEarlierAgentIsRetransformedAndRecorded(@TempDir Path dir) throws IOException {
        JvmRun run = besideAnEarlyAgent(dir, ScoringApp.class, "linear=3");

        assertTrue(run.stdout().contains("early agent loaded " + LinearModel.class.getName()), run.describe());
        assertEquals(3, linearCalls(run), run.describe());
    }

    /**
     * The application's first calls of such a class, made before it loads any other class the agent waits for, are
     * recorded too: the agent's start returns only once the class is retransformed.
     */
    @Test
    void theVeryFirstCallsOfAClassLoadedBeforeTheAgentAreRecorded(@TempDir Path dir) throws IOException {
        JvmRun run = besideAnEarlyAgent(dir, FirstCallsApp.class, "2");

        assertEquals(2, linearCalls(run), run.describe());
    }

    /** Runs {@code main} with the early agent, loading {@link LinearModel}, listed before predlog. */
    private static JvmRun besideAnEarlyAgent(Path dir, Class<?> main, String... args) throws IOException {
        Path earlyAgent = AgentJar.of(dir, EarlyLoaderAgent.class);
        Path config = ConfigFile.write("agent.properties",
                "predlog.predict.models = " + Model.class.getName() + "#predict");
        return AgentJvm.main(main)
                .beforeAgent("-javaagent:" + earlyAgent + "=" + LinearModel.class.getName())
                .agentArgs("config=" + config)
                .args(args).run().assertSucceeded();
    }

    private static int linearCalls(JvmRun run) {
        return run.events().named("prediction_success").with("method", LinearModel.class.getName() + "#predict").size();
    }
}
