package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.files.SteadyScorer;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code file} sink rolls its files over by size into the hourly layout, gzips the closed ones, makes them
 * readable by owner and group only, and loses nothing on the way; JVMs sharing a directory do not clash.
 */
class FilesRotateAndExpireTest {

    private static final String TARGET = "predict.score=" + SteadyScorer.Scorer.class.getName() + "#score";
    private static final String LAYOUT = "\\d{4}/\\d{2}/\\d{2}/\\d{2}/predlog-[A-Za-z0-9._-]+-\\d{8}-\\d{6}-\\d+-\\d{4,}"
            + "\\.jsonl(\\.gz)?";

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Set<Integer> numbers(JvmRun run, long pid) {
        return run.events().named("prediction_success").stream()
                .filter(e -> e.path("pid").asLong() == pid)
                .map(e -> e.path("input").path("max").asInt(-1)) // the call's number: its largest feature
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aSmallMaximumSizeGivesSeveralGzippedFilesThatTogetherHoldEveryEvent(@TempDir Path tmp) throws IOException {
        int calls = 4000;
        Path dir = tmp.resolve("events");
        JvmRun run = AgentJvm.main(SteadyScorer.class).agentArgs(TARGET + ",file.max_size_mb=0.05")
                .fileDir(dir).args(String.valueOf(calls)).run().assertSucceeded();

        List<Path> files = files(dir);
        List<Path> gzipped = files.stream().filter(f -> f.toString().endsWith(".jsonl.gz")).toList();
        assertTrue(gzipped.size() >= 5, "several rotated files, compressed: " + files + "\n" + run.describe());
        assertTrue(files.stream().noneMatch(f -> f.toString().contains(".tmp")), "no compression left half done");
        for (Path f : files) {
            String relative = dir.relativize(f).toString();
            assertTrue(relative.matches(LAYOUT), relative + " follows yyyy/MM/dd/HH/predlog-...jsonl[.gz]");
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), relative);
        }
        for (Path f : files) {
            if (f.toString().endsWith(".jsonl")) {
                // file.max_size_mb in whole bytes, rounded as the agent rounds it: a file may fill it exactly
                assertTrue(Files.size(f) <= Math.round(0.05 * (1 << 20)),
                        f + " stays within the maximum size: " + Files.size(f) + " bytes");
            }
        }
        assertEquals(calls, run.events().named("prediction_success").size(), "one event per call");
        assertEquals(IntStream.range(0, calls).boxed().collect(Collectors.toSet()), numbers(run, run.pid()),
                "every call's event is in one of the files");
        assertTrue(run.diagnostics().stream().noneMatch(l -> l.contains("drop")), run.describe());
    }

    @Test
    void twoJvmsWritingIntoOneDirectoryKeepTheirEventsApartAndComplete(@TempDir Path tmp) throws Exception {
        int calls = 3000;
        Path dir = tmp.resolve("shared");
        CompletableFuture<JvmRun> first = CompletableFuture.supplyAsync(() -> AgentJvm.main(SteadyScorer.class)
                .agentArgs(TARGET + ",file.max_size_mb=0.05").fileDir(dir).args(String.valueOf(calls)).run());
        JvmRun second = AgentJvm.main(SteadyScorer.class).agentArgs(TARGET + ",file.max_size_mb=0.05")
                .fileDir(dir).args(String.valueOf(calls)).run().assertSucceeded();
        JvmRun one = first.get().assertSucceeded();

        Set<Integer> all = IntStream.range(0, calls).boxed().collect(Collectors.toSet());
        assertEquals(all, numbers(second, one.pid()), "the first JVM's events, complete");
        assertEquals(all, numbers(second, second.pid()), "the second JVM's events, complete");
        List<JsonNode> events = second.events().named("prediction_success").all();
        assertEquals(2 * calls, events.size(), "no line written twice or lost: " + second.describe());
    }
}
