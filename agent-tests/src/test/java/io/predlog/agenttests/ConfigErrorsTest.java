package io.predlog.agenttests;

import io.predlog.agenttests.fixtures.scoring.Model;
import io.predlog.agenttests.fixtures.scoring.ScoringApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A config error is reported on stderr as one {@code [predlog]} line naming the key (and
 * {@code file:line} when it came from the file); the agent then disables itself and the application runs as
 * it would without it, unless {@code predlog.fail_fast=true}. Settings are taken from agent arguments, then
 * system properties, then the environment, then the file.
 */
class ConfigErrorsTest {

    private static final String MODELS = "predlog.predict.models = " + Model.class.getName() + "#predict";
    private static final String[] APP_ARGS = {"linear=2"};

    private static List<String> normalOutput;

    @BeforeAll
    static void runWithoutAgent() {
        normalOutput = AgentJvm.main(ScoringApp.class).args(APP_ARGS).run().assertSucceeded().stdout();
    }

    /** Each case: a file whose line 2 is wrong, and the key its error must name. */
    static Stream<Arguments> errorsInTheFile() {
        return Stream.of(
                arguments("bad boolean", "predlog.input.values = yes", "predlog.input.values"),
                arguments("bad number", "predlog.hash.max_nodes = lots", "predlog.hash.max_nodes"),
                arguments("unknown sink", "predlog.sinks = file,kafka", "predlog.sinks"),
                arguments("malformed method pattern",
                        "predlog.predict.broken = " + Model.class.getName() + "#predict(java.util.Map",
                        "predlog.predict.broken"),
                arguments("malformed expression", "predlog.predict.models.model_id = arg0..name",
                        "predlog.predict.models.model_id"),
                arguments("request_id on a predict target", "predlog.predict.models.request_id = arg0.id",
                        "predlog.predict.models.request_id"),
                arguments("sub-key without its target", "predlog.predict.ghost.model_id = \"x\"",
                        "predlog.predict.ghost.model_id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorsInTheFile")
    void anErrorInTheFileNamesKeyAndLineAndTheAppRunsUnchanged(String kind, String badLine, String key) {
        Path config = ConfigFile.write("agent.properties", MODELS, badLine);
        JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs("config=" + config).args(APP_ARGS).run();

        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(normalOutput, run.stdout(), "the application's output is unchanged");
        List<String> naming = run.diagnostics().stream()
                .filter(line -> line.contains(key) && line.contains("agent.properties:2"))
                .toList();
        assertEquals(1, naming.size(), kind + ": one [predlog] line naming " + key + " and agent.properties:2, got "
                + run.diagnostics());
        assertEquals(0, run.events().size(), "the agent disabled itself");
    }

    @Test
    void anErrorInTheAgentArgumentsNamesTheKey() {
        JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs("predict.models=" + Model.class.getName()
                + "#predict,queue.capacity=many").args(APP_ARGS).run();

        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(normalOutput, run.stdout());
        assertTrue(run.diagnostics().stream().anyMatch(line -> line.contains("queue.capacity")), "names predlog.queue.capacity: " + run.diagnostics());
        assertEquals(0, run.events().size());
    }

    @Test
    void aMissingConfigFileIsReportedAndTheAppRunsUnchanged() {
        String missing = "/nonexistent/predlog/agent.properties";
        JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs("config=" + missing).args(APP_ARGS).run();

        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(normalOutput, run.stdout());
        assertTrue(run.diagnostics().stream().anyMatch(line -> line.contains(missing)),
                "names the file: " + run.diagnostics());
    }

    @Test
    void failFastMakesAConfigErrorStopTheJvm() {
        Path config = ConfigFile.write("agent.properties", MODELS, "predlog.sinks = kafka");
        JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs("config=" + config + ",fail_fast=true")
                .args(APP_ARGS).run();

        assertNotEquals(0, run.exitCode(), run.describe());
        assertFalse(run.stdout().contains("done"), "the application did not run");
        assertTrue(run.diagnostics().stream().anyMatch(line -> line.contains("predlog.sinks")), run.describe());
    }

    @Test
    void agentArgumentsOverrideSystemPropertiesOverrideEnvironmentOverrideTheFile() {
        Path config = ConfigFile.write("agent.properties", MODELS, "predlog.service = from-file");

        assertEquals("from-args", serviceOf(AgentJvm.main(ScoringApp.class)
                .agentArgs("config=" + config + ",service=from-args")
                .systemProperty("predlog.service", "from-sysprop").env("PREDLOG_SERVICE", "from-env")));
        assertEquals("from-sysprop", serviceOf(AgentJvm.main(ScoringApp.class).agentArgs("config=" + config)
                .systemProperty("predlog.service", "from-sysprop").env("PREDLOG_SERVICE", "from-env")));
        assertEquals("from-env", serviceOf(AgentJvm.main(ScoringApp.class).agentArgs("config=" + config)
                .env("PREDLOG_SERVICE", "from-env")));
        assertEquals("from-file", serviceOf(AgentJvm.main(ScoringApp.class).agentArgs("config=" + config)));
    }

    private static String serviceOf(AgentJvm jvm) {
        JvmRun run = jvm.args(APP_ARGS).run().assertSucceeded();
        List<String> services = run.events().stream().map(e -> e.path("service").asText()).distinct().toList();
        assertEquals(1, services.size(), "one service in all events: " + run.describe());
        return services.get(0);
    }
}
