package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.loading.EarlyInitialised;
import io.predlog.agenttests.fixtures.loading.StaticInitialisersApp;
import io.predlog.agenttests.fixtures.loading.StaticTable;
import io.predlog.agenttests.fixtures.loading.StaticWeights;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model loaded in a static initialiser is a load (docs/CONFIGURATION.md, "Which calls a target records"): the
 * static initialiser that a {@code <init>} target's first {@code new} runs counts in that load, one that ran earlier
 * does not, and a {@code <clinit>} target records the static initialiser itself.
 */
class StaticInitialisersAreLoadsTest {

    private static JvmRun run;

    @BeforeAll
    static void construct() {
        Path config = ConfigFile.write("agent.properties",
                "predlog.load.weights = " + StaticWeights.class.getName() + "#<init>",
                "predlog.load.early = " + EarlyInitialised.class.getName() + "#<init>",
                "predlog.load.table = " + StaticTable.class.getName() + "#<clinit>",
                "predlog.load.table.model_id = \"sqrt-table\"");
        run = AgentJvm.main(StaticInitialisersApp.class).agentArgs("config=" + config).run().assertSucceeded();
    }

    @Test
    void theStaticInitialiserThatTheFirstNewRunsCountsInItsLoad() {
        JsonNode load = run.events().named("model_load_success").target("weights").single();
        assertEquals(StaticWeights.class.getName() + "#<init>", load.path("method").asText());
        assertTrue(load.path("load_time_ms").asDouble() >= 300, "the 300 ms of the static block: " + load);
        assertTrue(load.path("memory_mb").asDouble() >= 8, "the 8 MiB array the static block filled: " + load);
    }

    @Test
    void aStaticInitialiserThatRanBeforeTheConstructionDoesNotCount() {
        JsonNode load = run.events().named("model_load_success").target("early").single();
        assertTrue(load.path("load_time_ms").asDouble() < 300,
                "Class.forName ran the 300 ms static block, not the construction: " + load);
    }

    @Test
    void aClinitTargetRecordsTheStaticInitialiserAsALoad() {
        JsonNode start = run.events().named("model_load_start").target("table").single();
        JsonNode load = run.events().named("model_load_success").target("table").single();
        assertEquals(StaticTable.class.getName() + "#<clinit>", load.path("method").asText());
        assertEquals("sqrt-table", load.path("model_id").asText());
        assertEquals(start.path("request_id").asText(), load.path("request_id").asText());
        assertTrue(load.path("load_time_ms").asDouble() >= 200, "the 200 ms of the static block: " + load);
    }
}
