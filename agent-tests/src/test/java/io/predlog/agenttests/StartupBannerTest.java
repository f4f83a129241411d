package io.predlog.agenttests;

import io.predlog.agenttests.fixtures.scoring.Model;
import io.predlog.agenttests.fixtures.scoring.ScoringApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent announces itself once on stderr, and {@code predlog.enabled=false} switches it off. */
class StartupBannerTest {

    @Test
    void oneBannerLineNamesVersionConfigTargetsAndSinks() {
        String pattern = Model.class.getName() + "#predict";
        Path config = ConfigFile.write("agent.properties", "predlog.predict.models = " + pattern);
        JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs("config=" + config).args("linear=1").run()
                .assertSucceeded();

        List<String> banner = run.diagnostics().stream()
                .filter(line -> line.contains(TestEnvironment.projectVersion()))
                .toList();
        assertEquals(1, banner.size(), "one line with the version: " + run.diagnostics());
        String line = banner.get(0);
        assertTrue(line.startsWith("[predlog] "), line);
        assertTrue(line.contains(config.toString()) || line.contains(config.getFileName().toString()),
                "names the config source: " + line);
        assertTrue(line.contains("models") && line.contains(pattern), "names the targets: " + line);
        assertTrue(line.contains("file"), "names the sinks: " + line);
    }

    @Test
    void theBannerSaysWhereTheMetricsAreServedAndWhatIsOff() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        JvmRun run = AgentJvm.main(ScoringApp.class).agentArgs("predict.models=" + Model.class.getName()
                        + "#predict,metrics.port=" + port + ",novelty.enabled=false").args("linear=1").run()
                .assertSucceeded();
        String line = run.diagnostics().stream().filter(l -> l.contains(TestEnvironment.projectVersion()))
                .findFirst().orElseThrow();
        assertTrue(line.contains("metrics: http://127.0.0.1:" + port + "/metrics"), line);
        assertTrue(line.contains("novelty off") && !line.contains("statistics off"), line);
    }

    @Test
    void enabledFalseTurnsTheAgentOffWithoutRemovingTheFlag() {
        JvmRun without = AgentJvm.main(ScoringApp.class).args("linear=2").run().assertSucceeded();
        JvmRun off = AgentJvm.main(ScoringApp.class)
                .agentArgs("predict.models=" + Model.class.getName() + "#predict,enabled=false")
                .args("linear=2").run().assertSucceeded();

        assertEquals(without.stdout(), off.stdout());
        assertEquals(0, off.events().size(), "nothing recorded");
        assertTrue(off.diagnostics().stream().noneMatch(line -> line.contains("ERROR")), off.describe());
    }
}
