package io.predlog.agenttests;

import io.predlog.agenttests.fixtures.quiet.QuietServiceApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.RunningJvm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service with nothing to do: the agent's dispatcher and statistics threads sleep through the quiet spell (about one
 * wake-up a second each, read from the kernel's count of each thread's voluntary context switches), and the call that
 * ends it is recorded like any other.
 */
class QuietServiceTest {

    private static final String APP = QuietServiceApp.class.getName();
    /** Thread names as the kernel keeps them: the first 15 bytes. */
    private static final List<String> THREADS = List.of("predlog-dispatc", "predlog-stats");
    private static final long MEASURED_MILLIS = 4_000;

    @Test
    void anIdleServiceCostsAboutOneWakeUpASecondPerThreadAndItsNextCallIsRecorded(@TempDir Path dir)
            throws Exception {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            System.out.println("QuietServiceTest: skipped, no /proc/<pid>/task to count the threads' wake-ups in");
            Assumptions.abort("no /proc/<pid>/task on this system");
        }
        Path trigger = dir.resolve("call-again");
        JvmRun run;
        Map<String, Long> woke = new HashMap<>();
        // statistics windows of a day and agent_health only at exit: no window's close or report (each an event,
        // after which the dispatcher is busy for a second) falls into the measured quiet
        awayFromMidnight();
        try (RunningJvm service = AgentJvm.main(QuietServiceApp.class)
                .agentArgs("predict.model=" + APP + "$Model#predict,stats.window_s=86400,health.interval_s=0")
                .args(trigger.toString()).timeout(Duration.ofSeconds(60)).start()) {
            service.awaitStdout(Pattern.compile("^predicted 1 "), Duration.ofSeconds(30));
            Thread.sleep(2_500); // past the second after the last event: the quiet spell has begun
            Map<String, Long> before = wakeUps(service.pid());
            Thread.sleep(MEASURED_MILLIS);
            Map<String, Long> after = wakeUps(service.pid());
            for (String thread : THREADS) {
                assertTrue(before.containsKey(thread) && after.containsKey(thread), thread + " not found: " + after);
                woke.put(thread, after.get(thread) - before.get(thread));
            }
            Files.createFile(trigger);
            service.awaitStdout(Pattern.compile("^predicted 2 "), Duration.ofSeconds(30));
            run = service.stop();
        }
        for (String thread : THREADS) {
            // about 4 in the 4 s (one a second); busy-time sleeping would be about 40
            assertTrue(woke.get(thread) <= 12, thread + " woke " + woke.get(thread) + " times in " + MEASURED_MILLIS
                    + " ms of quiet: " + woke);
        }
        assertEquals(2, run.events().named("prediction_success").size(), run.describe());
        assertEquals(2, run.events().named("model_stats").all().stream()
                .mapToLong(e -> e.path("calls").asLong()).sum(), "both calls counted in the statistics");
    }

    /** Waits out the last minute of a UTC day, where a day's statistics window would close during the test. */
    private static void awayFromMidnight() throws InterruptedException {
        long msOfDay = System.currentTimeMillis() % 86_400_000L;
        long untilMidnight = 86_400_000L - msOfDay;
        if (untilMidnight < 60_000) {
            Thread.sleep(untilMidnight + 1_000);
        }
    }

    /** Each named thread's voluntary context switches so far (the times it went to sleep), by its kernel name. */
    private static Map<String, Long> wakeUps(long pid) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : threads.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (!THREADS.contains(name)) {
                        continue;
                    }
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            counts.put(name, Long.parseLong(line.substring(line.indexOf(':') + 1).strip()));
                        }
                    }
                } catch (IOException e) {
                    // a thread that ended while it was read: not one of the agent's long-lived threads
                }
            }
        }
        return counts;
    }
}
