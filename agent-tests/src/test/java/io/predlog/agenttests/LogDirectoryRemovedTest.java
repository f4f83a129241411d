package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.crash.CrashApp;
import io.predlog.agenttests.fixtures.files.PhasedScorer;
import io.predlog.agenttests.fixtures.files.SteadyScorer;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.RunningJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A clean-up job removes the log directory ({@code rm -rf}) while the service runs: the agent notices within a
 * second, writes on into a recreated directory, counts what went into the deleted file as lost rather than
 * written, says so on stderr, and keeps its in-flight record on disk, so a kill after that is still reported.
 */
class LogDirectoryRemovedTest {

    private static final int HALF = 200;

    @TempDir
    Path tmp;

    private static void removeTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void eventsAfterTheRemovalGoIntoARecreatedDirectoryAndTheLossIsCounted() throws Exception {
        Path dir = tmp.resolve("logs");
        Path signal = tmp.resolve("removed");
        JvmRun run;
        // Statistics off: windows end on the minute, and a model_stats event written into the deleted file when
        // the first half crosses one would make that file hold more than the first half's predictions.
        try (RunningJvm jvm = AgentJvm.main(PhasedScorer.class)
                .agentArgs("predict.score=" + SteadyScorer.Scorer.class.getName() + "#score,stats.enabled=false")
                .fileDir(dir)
                .args(String.valueOf(HALF), signal.toString()).start()) {
            jvm.awaitStdout(Pattern.compile("first half done"), Duration.ofSeconds(60));
            Thread.sleep(500); // the first half is flushed into its file
            removeTree(dir);
            Files.createFile(signal);
            run = jvm.awaitExit();
        }
        run.assertSucceeded();

        Set<Integer> numbers = run.events().named("prediction_success").stream()
                .map(e -> e.path("input").path("max").asInt(-1))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(IntStream.range(HALF, 2 * HALF).boxed().collect(Collectors.toSet()), numbers,
                "every event after the removal is in the recreated directory: " + run.describe());

        JsonNode last = run.health().all().get(run.health().size() - 1);
        assertTrue(last.path("final").asBoolean(), last.toString());
        long written = last.path("events_written").asLong();
        long lost = last.at("/dropped/sink_error/file").asLong();
        assertTrue(lost >= 1 && lost <= HALF, "the first half's unverified events are counted lost: " + last);
        assertEquals(lost, last.path("events_dropped").asLong(), "nothing else was dropped: " + last);
        assertEquals(last.path("events_offered").asLong(), written + lost + last.path("events_sampled_out").asLong()
                + last.path("events_shed").asLong(), "every event written or counted lost, never both: " + last);
        assertEquals(run.events().size() + (HALF - lost), written,
                "written: what is on disk, and the first half's events the removal took after they were seen in place");
        assertTrue(last.at("/sink_failures/file").asLong() >= 1, "the removal is reported: " + last);
        assertTrue(run.diagnostics().stream().anyMatch(l -> l.contains("was deleted or replaced while open")
                && l.contains(String.valueOf(lost))), run.describe());
    }

    @Test
    void theInflightRecordIsRecreatedSoAKillAfterTheRemovalIsStillReported() throws Exception {
        int running = 3;
        Path dir = tmp.resolve("logs");
        Path config = ConfigFile.write("agent.properties",
                "predlog.entry.gateway = " + CrashApp.Gateway.class.getName() + "#handle",
                "predlog.entry.gateway.request_id = arg0",
                "predlog.predict.slow = " + CrashApp.SlowModel.class.getName() + "#predict");
        JvmRun killed;
        try (RunningJvm victim = AgentJvm.main(CrashApp.class).agentArgs("config=" + config).fileDir(dir)
                .args("hang", String.valueOf(running)).start()) {
            victim.awaitStdout(Pattern.compile("all " + running + " predictions running"), Duration.ofSeconds(60));
            Path record = dir.resolve("inflight-" + victim.pid() + ".bin");
            assertTrue(Files.exists(record));
            removeTree(dir);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.exists(record) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(record), "recreated within a second or two");
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(record)),
                    "owner and group only, like the event files");
            Thread.sleep(200);
            killed = victim.kill();
        }
        assertTrue(killed.diagnostics().stream().anyMatch(l -> l.contains("in-flight record")
                && l.contains("recreated")), killed.describe());

        JvmRun next = AgentJvm.main(CrashApp.class).agentArgs("config=" + config).fileDir(dir)
                .args("quick", String.valueOf(running)).run().assertSucceeded();
        List<String> ids = next.events().named("inflight_at_crash").texts("request_id");
        assertEquals(Set.of("crash-0", "crash-1", "crash-2"), Set.copyOf(ids), next.describe());
        assertEquals(running, ids.size());
    }
}
