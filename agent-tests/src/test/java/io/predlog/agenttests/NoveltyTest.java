package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.novelty.NoveltyApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Novelty: each prediction says {@code input_seen_before}, per model id: false the first time a model
 * is given an input, true after; with {@code predlog.novelty.dir}, a restarted service remembers what it saw.
 */
class NoveltyTest {

    private static final String TARGETS = "predict.fraud=" + NoveltyApp.FraudModel.class.getName() + "#predict"
            + ",predict.churn=" + NoveltyApp.ChurnModel.class.getName() + "#predict";
    private static final int REPEATED = NoveltyApp.REPEATED.length;

    private static JvmRun run(String extraArgs, int freshFrom, int freshCount) {
        return AgentJvm.main(NoveltyApp.class).agentArgs(TARGETS + extraArgs)
                .args(String.valueOf(freshFrom), String.valueOf(freshCount)).run().assertSucceeded();
    }

    /** The {@code input_seen_before} of each prediction of a target, in call order (one thread, one queue). */
    private static List<Boolean> seen(JvmRun run, String target) {
        Events events = run.events().named("prediction_success").target(target);
        for (JsonNode e : events.all()) {
            assertTrue(e.path("input_seen_before").isBoolean(), "a boolean on every prediction: " + e);
        }
        return events.stream().map(e -> e.path("input_seen_before").asBoolean()).toList();
    }

    @Test
    void anInputIsUnseenTheFirstTimeAModelGetsItAndSeenEveryTimeAfter() {
        JvmRun run = run("", 1000, 100);
        List<Boolean> fraud = seen(run, "fraud");
        assertEquals(REPEATED * NoveltyApp.ROUNDS + 100, fraud.size(), run.describe());
        for (int i = 0; i < fraud.size(); i++) {
            boolean firstRound = i < REPEATED;
            boolean fresh = i >= REPEATED * NoveltyApp.ROUNDS;
            assertEquals(!(firstRound || fresh), fraud.get(i), "call " + i + " of fraud: " + fraud);
        }
        List<Boolean> churn = seen(run, "churn");
        assertEquals(REPEATED * NoveltyApp.ROUNDS, churn.size());
        for (int i = 0; i < churn.size(); i++) {
            assertEquals(i >= REPEATED, churn.get(i), "churn has its own memory; call " + i + ": " + churn);
        }
        // the same input has the same hash under both models; only the model id separates their answers
        Set<String> hashes = new HashSet<>(run.events().target("fraud").texts("input_hash").subList(0, REPEATED));
        assertEquals(new HashSet<>(run.events().target("churn").texts("input_hash").subList(0, REPEATED)), hashes);
    }

    @Test
    void callsLeftOutBySamplingStillCount() {
        // no success is kept; the last round's failures always are, and their inputs came in earlier rounds
        String flaky = ",predict.flaky=" + NoveltyApp.FlakyModel.class.getName() + "#predict,predict.flaky.input=arg0";
        JvmRun run = run(flaky + ",sample.success=0", 1000, 0);
        assertEquals(0, run.events().named("prediction_success").size());
        Events failures = run.events().named("prediction_failure").target("flaky");
        assertEquals(REPEATED, failures.size(), run.describe());
        for (JsonNode e : failures.all()) {
            assertTrue(e.path("input_seen_before").asBoolean(), "given in unsampled earlier rounds: " + e);
        }
    }

    @Test
    void withADirectoryARestartedServiceHasSeenWhatItSawBefore(@TempDir Path dir) throws Exception {
        String persisted = ",novelty.dir=" + dir.toAbsolutePath();
        JvmRun first = run(persisted, 1000, 100);
        assertEquals(REPEATED + 100, seen(first, "fraud").stream().filter(s -> !s).count());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.filter(p -> p.toString().endsWith(".bloom")).count(), "one file per model");
        }

        JvmRun second = run(persisted, 1000, 200);
        List<Boolean> fraud = seen(second, "fraud");
        int fresh = REPEATED * NoveltyApp.ROUNDS;
        for (int i = 0; i < fresh + 100; i++) {
            assertTrue(fraud.get(i), "seen in the first run; call " + i + ": " + fraud);
        }
        for (int i = fresh + 100; i < fraud.size(); i++) {
            assertFalse(fraud.get(i), "new in the second run; call " + i);
        }
        assertTrue(seen(second, "churn").stream().allMatch(s -> s));
        assertTrue(second.diagnostics().stream().noneMatch(l -> l.contains("novelty:")), second.diagnostics().toString());
    }
}
