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
import io.predlog.agenttests.harness.Events;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With the agent attached, the application computes, prints, returns and throws exactly the same. */
class ApplicationUnchangedTest {

    private static final String[] SCORING_CALLS = {"linear=3", "tree=1", "approve=2", "refuse=2", "overlong=1",
            "overloads=1", "rankers=1"};

    private static JvmRun sampleWithout;
    private static JvmRun sampleWith;
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

    @BeforeAll
    static void runSampleWorkloadWithAndWithoutAgent() {
        Path jar = TestEnvironment.sampleAppJar();
        String[] workload = {"--workload", "300", "--seed", "7"};
        sampleWithout = AgentJvm.jar(jar).args(workload).run().assertSucceeded();
        sampleWith = AgentJvm.jar(jar).agentArgs("config=" + TestEnvironment.exampleConfig()).args(workload).run()
                .assertSucceeded();
    }

    @Test
    void fixturePrintsTheSameWithAndWithoutTheAgent() {
        assertEquals(scoringWithout.stdout(), scoringWith.stdout(), scoringWith.describe());
        assertEquals(scoringWithout.exitCode(), scoringWith.exitCode());
        assertTrue(scoringWith.events().named("prediction_success").size() > 0,
                "the agent was recording: " + scoringWith.describe());
    }

    @Test
    void theAgentWritesNothingToStderrButItsOwnPrefixedLines() {
        assertEquals(scoringWithout.appStderr(), scoringWith.appStderr(),
                "stderr holds nothing new but [predlog] lines: no JVM warnings caused by the agent either");
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
        assertEquals(300, sampleWithout.stdout().size(), "one line per prediction: " + sampleWithout.describe());
        assertEquals(sampleWithout.stdout(), sampleWith.stdout(), sampleWith.describe());
    }

    @Test
    void everyAnsweredSampleWorkloadPredictionIsRecorded() {
        Map<String, Long> answered = sampleWith.stdout().stream()
                .filter(line -> !line.contains(" error "))
                .collect(Collectors.groupingBy(line -> line.split(" ")[1], TreeMap::new, Collectors.counting()));
        Events successes = sampleWith.events().named("prediction_success");
        assertEquals(answered.get("churn"), (long) successes.target("tabular").size(), "churn: Model#predict(Map)");
        assertEquals(answered.get("embed-sim"), (long) successes.target("vector").size(),
                "embed-sim: VectorModel#predict(float[])");
        assertEquals("predlog-sample-app", sampleWith.events().all().get(0).path("service").asText(),
                "service defaults to the jar's file name");
    }
}
