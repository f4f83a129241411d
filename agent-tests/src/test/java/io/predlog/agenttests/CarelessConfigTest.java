package io.predlog.agenttests;

import io.predlog.agenttests.fixtures.scoring.Model;
import io.predlog.agenttests.fixtures.scoring.ScoringApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configurations a careless user gives: a binary file, values far beyond any sensible length, text that would
 * drive the terminal. Each is one clear {@code [predlog]} line (or a few), every line printable, start-up quick,
 * and the application runs as it would without the agent.
 */
class CarelessConfigTest {

    private static final String MODELS = "predlog.predict.models = " + Model.class.getName() + "#predict";
    private static final String[] APP_ARGS = {"linear=2"};

    private static List<String> normalOutput;

    @BeforeAll
    static void runWithoutAgent() {
        normalOutput = AgentJvm.main(ScoringApp.class).args(APP_ARGS).run().assertSucceeded().stdout();
    }

    private static void assertPrintable(JvmRun run) {
        for (String line : run.diagnostics()) {
            assertTrue(line.chars().noneMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F)),
                    "a control character in: " + line.replaceAll("\\p{Cntrl}", "?"));
        }
    }

    @Test
    void aBinaryFileGivenAsTheConfigIsOneLineSayingSoNotAFloodOfGarbage() throws Exception {
        byte[] bytes = new byte[200 * 1024];
        new Random(7).nextBytes(bytes);
        Path model = ConfigFile.write("model.onnx");
        Files.write(model, bytes);

        JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs("config=" + model).args(APP_ARGS).run();

        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(normalOutput, run.stdout(), "the application's output is unchanged");
        assertTrue(run.diagnostics().size() <= 2, "the error and 'agent disabled': " + run.diagnostics());
        assertEquals(1, run.diagnostics().stream().filter(l -> l.contains("does not look like a properties file")
                && l.contains("predlog.config")).count(), run.diagnostics().toString());
        assertPrintable(run);
        assertEquals(0, run.events().size(), "the agent disabled itself");
    }

    @Test
    void controlCharactersInAValueAreEscapedInTheMessageThatEchoesIt() {
        Path config = ConfigFile.write("agent.properties", MODELS,
                "predlog.input.values = n\\u001b[2J\\u001b[31m\\u0007o");
        JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs("config=" + config).args(APP_ARGS).run();

        assertEquals(0, run.exitCode(), run.describe());
        assertPrintable(run);
        assertTrue(run.diagnostics().stream().anyMatch(l -> l.contains("predlog.input.values")
                && l.contains("n\\u001b[2J\\u001b[31m\\u0007o")), run.diagnostics().toString());
    }

    @Test
    void anOverlongServiceIsAnErrorNamingTheKeyAndTheLimit() {
        Path config = ConfigFile.write("agent.properties", MODELS, "predlog.service = " + "s".repeat(100_000));
        JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs("config=" + config).args(APP_ARGS).run();

        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(normalOutput, run.stdout());
        List<String> naming = run.diagnostics().stream()
                .filter(l -> l.contains("predlog.service") && l.contains("agent.properties:2") && l.contains("128"))
                .toList();
        assertEquals(1, naming.size(), run.diagnostics().toString());
        assertTrue(naming.get(0).length() < 400, "the value is not echoed: " + naming.get(0).length() + " chars");
        assertEquals(0, run.events().size());
    }

    @Test
    void aHugeUnknownKeyIsOneShortWarningAndCostsNoStartUpTime() {
        Path config = ConfigFile.write("agent.properties", MODELS,
                "predlog." + "k".repeat(900_000) + " = 1");
        long start = System.nanoTime();
        JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs("config=" + config).args(APP_ARGS)
                .timeout(Duration.ofSeconds(60)).run().assertSucceeded();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        List<String> about = run.diagnostics().stream().filter(l -> l.contains("longer than the 256")).toList();
        assertEquals(1, about.size(), run.diagnostics().toString());
        assertTrue(about.get(0).length() < 300, about.get(0));
        assertTrue(run.events().size() > 0, "the agent runs: the unknown key is only ignored");
        assertTrue(took.toSeconds() < 30, "start-up stays quick: " + took);
    }
}
