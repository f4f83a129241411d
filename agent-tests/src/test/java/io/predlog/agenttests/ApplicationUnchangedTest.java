package io.predlog.agenttests;

import io.predlog.agenttests.fixtures.scoring.GuardedModel;
import io.predlog.agenttests.fixtures.scoring.Model;
import io.predlog.agenttests.fixtures.scoring.ScoringApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC §5: with the agent attached, the application computes, prints, returns and throws exactly the same. */
class ApplicationUnchangedTest {

    private static final String[] SCORING_CALLS = {"linear=3", "tree=1", "approve=2", "refuse=2", "overlong=1",
            "overloads=1", "rankers=1"};

    private static JvmRun scoringWithout;
    private static JvmRun scoringWith;

    @BeforeAll
    static void runScoringAppWithAndWithoutAgent() {
        Path config = ConfigFile.write("agent.properties",
                "predlog.predict.models = " + Model.class.getName() + "#predict",
                "predlog.predict.guarded = " + GuardedModel.class.getName() + "#decide");
        scoringWithout = AgentJvm.main(ScoringApp.class).args(SCORING_CALLS).run().assertSucceeded();
        scoringWith = AgentJvm.main(ScoringApp.class).agentArgs("config=" + config).args(SCORING_CALLS).run()
                .assertSucceeded();
    }

    @Test
    void fixturePrintsTheSameWithAndWithoutTheAgent() {
        assertEquals(scoringWithout.stdout(), scoringWith.stdout(), scoringWith.describe());
        assertEquals(scoringWithout.exitCode(), scoringWith.exitCode());
        assertEquals(List.of(), scoringWith.appStderr(), "the agent writes nothing but [predlog] lines to stderr");
        assertTrue(scoringWith.events().named("prediction_success").size() > 0,
                "the agent was recording: " + scoringWith.describe());
    }

    @Test
    void thrownExceptionsKeepTheirClassMessageAndIdentity() {
        String expected = "refuse 0 -> java.lang.IllegalStateException: " + GuardedModel.REFUSAL.getMessage()
                + " same object: true";
        assertTrue(scoringWith.stdout().contains(expected), scoringWith.describe());
        assertTrue(scoringWith.stdout().contains("overlong 0 -> java.lang.IllegalArgumentException same object: true"),
                scoringWith.describe());
        assertEquals(3, scoringWith.events().named("prediction_failure").size(), "the failures were recorded");
    }

    @Test
    void returnedObjectsAreTheSameObjects() {
        assertTrue(scoringWith.stdout().contains("approve 0 -> approve(0.75) same object: true"), scoringWith.describe());
        assertTrue(scoringWith.stdout().contains("approve 1 -> approve(0.75) same object: true"), scoringWith.describe());
        assertFalse(scoringWith.stdout().stream().anyMatch(line -> line.contains("same object: false")));
    }

    @Test
    void sampleServiceWorkloadPrintsTheSameWithAndWithoutTheAgent() {
        Path jar = TestEnvironment.sampleAppJar();
        Path config = TestEnvironment.exampleConfig();
        JvmRun without = AgentJvm.jar(jar).args("--workload", "300", "--seed", "7").run().assertSucceeded();
        JvmRun with = AgentJvm.jar(jar).agentArgs("config=" + config).args("--workload", "300", "--seed", "7").run()
                .assertSucceeded();

        assertEquals(without.stdout(), with.stdout(), with.describe());
        assertEquals(300, without.stdout().size(), "one line per prediction: " + without.describe());
        assertEquals(without.appStderr().size(), with.appStderr().size(), "nothing new on stderr but [predlog] lines");
        long answered = with.stdout().stream().filter(line -> !line.contains(" error ")).count();
        assertEquals(answered, with.events().named("prediction_success").size(),
                "every answered prediction was recorded\n" + with.describe());
        assertEquals("predlog-sample-app.jar", with.events().all().get(0).path("service").asText(),
                "service defaults to the jar's file name");
    }
}
