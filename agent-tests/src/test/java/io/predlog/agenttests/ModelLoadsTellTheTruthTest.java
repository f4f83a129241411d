package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.xgboost.XgboostModels;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model loads tell the truth (docs/EVENTS.md, "model_load_success"): with a real library that keeps its models in
 * native memory, XGBoost from Maven Central, {@code memory_mb} grows with the model and {@code model_sha256} is what
 * {@code sha256sum} says of the file that served.
 *
 * <p>The two models are trained by one JVM and loaded by another, with the agent: a process that has just trained
 * has memory its allocator freed and hands out again, so a load there grows the resident set less than the model
 * occupies (docs/EVENTS.md, "Memory"). The loading JVM loads the native library first, as any service that has
 * already used XGBoost has: it trains a one-tree model and predicts with it before the loads that are measured.
 */
class ModelLoadsTellTheTruthTest {

    private static Path small;
    private static Path large;
    private static JvmRun run;

    @BeforeAll
    static void trainThenLoad() throws IOException {
        Path models = Files.createTempDirectory("predlog-xgboost");
        small = models.resolve("small.ubj");
        large = models.resolve("large.ubj");
        AgentJvm.main(XgboostModels.class).classpath(classpath())
                .args("train", small.toString(), large.toString())
                .timeout(Duration.ofMinutes(4)).run().assertSucceeded();
        Path config = ConfigFile.write("agent.properties",
                "predlog.load.xgboost = ml.dmlc.xgboost4j.java.XGBoost#loadModel",
                "predlog.load.xgboost.model_id = \"churn\"");
        run = AgentJvm.main(XgboostModels.class).classpath(classpath()).agentArgs("config=" + config)
                .args("load", small.toString(), large.toString())
                .timeout(Duration.ofMinutes(2)).run().assertSucceeded();
    }

    /**
     * The three loads' successes in the order the loads started: small, large, small from a stream. A success waits
     * for its file's digest, so the files may hold them in another order (docs/EVENTS.md, "Model files").
     */
    private static List<JsonNode> loadsInOrder() {
        Events loads = run.events().named("model_load_success").target("xgboost");
        assertEquals(3, loads.size(), run.describe());
        return loads.stream().sorted(Comparator.comparing(e -> e.path("timestamp").asText())).toList();
    }

    private static Path[] classpath() {
        List<Path> entries = new ArrayList<>();
        entries.add(TestEnvironment.fixtureClasses());
        entries.addAll(TestEnvironment.modelLibs("xgboost"));
        return entries.toArray(new Path[0]);
    }

    @Test
    void memoryMbOfANativeModelGrowsWithTheModel() throws IOException {
        JsonNode smallLoad = loadsInOrder().get(0);
        JsonNode largeLoad = loadsInOrder().get(1);
        double smallMb = smallLoad.path("memory_mb").asDouble();
        double largeMb = largeLoad.path("memory_mb").asDouble();
        double largeFileMb = Files.size(large) / (1024.0 * 1024.0);
        assertEquals("heap_used_delta+rss_anon_delta", largeLoad.path("memory_method").asText(), largeLoad.toString());
        assertTrue(largeMb >= largeFileMb, "the trees in memory take at least their file's " + largeFileMb
                + " MiB: " + largeLoad);
        assertTrue(largeMb - smallMb >= largeFileMb, "300 trees of depth 8 take more than 20 of depth 4, by at least"
                + " the larger file's size: " + smallLoad + " / " + largeLoad);
        assertTrue(largeLoad.path("memory_native_mb").asDouble() > largeLoad.path("memory_heap_mb").asDouble(),
                "XGBoost keeps its trees outside the heap: " + largeLoad);
        assertEquals(largeMb, largeLoad.path("memory_heap_mb").asDouble()
                + largeLoad.path("memory_native_mb").asDouble(), 0.0015, "memory_mb = heap + native");
    }

    @Test
    void modelSha256IsWhatSha256sumSaysOfTheFileThatServed() throws Exception {
        List<JsonNode> loads = loadsInOrder();
        assertEquals(sha256sum(small), loads.get(0).path("model_sha256").asText(), loads.get(0).toString());
        assertEquals(sha256sum(large), loads.get(1).path("model_sha256").asText(), loads.get(1).toString());
    }

    @Test
    void aModelLoadedFromAStreamHasNoDigestAndTheStreamIsTheApplicationsAlone() {
        JsonNode fromStream = loadsInOrder().get(2);
        assertFalse(fromStream.has("model_sha256"), "a stream is never read by the agent: " + fromStream);
        assertFalse(fromStream.has("model_sha256_skipped"), "no file was given, so nothing was skipped: " + fromStream);
        assertTrue(run.appStdout().stream().anyMatch(line -> line.startsWith("stream -> ")),
                "the load from the stream read the whole model: " + run.describe());
    }

    private static String sha256sum(Path file) throws Exception {
        Process process = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, out);
        return out.substring(0, out.indexOf(' '));
    }
}
