package io.predlog.benchmarks.wholeprocess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkloadJvmTest {

    /** A service stand-in: prints a line, then its ready line, then serves (sleeps) until stopped. */
    public static final class Service {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("starting");
            System.out.println(args.length > 0 ? args[0] : "test-service listening on 1234");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    private static List<String> java(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Service.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void aServiceIsTimedToItsReadyLineAndStopped(@TempDir Path dir) throws Exception {
        long before = System.nanoTime();
        WorkloadJvm.Ready ready = WorkloadJvm.untilLine(java(), dir.resolve("stderr.txt"), "listening on", 60);
        double tookMs = (System.nanoTime() - before) / 1e6;
        assertTrue(ready.ms() > 0 && ready.ms() <= tookMs, ready + " within " + tookMs + " ms");
        assertTrue(tookMs < 60_000, "stopped rather than waited out: " + tookMs + " ms");
        assertTrue(ready.cpuMs() >= 0, ready.toString());
        assertTrue(ready.hwmMb() > 1, "a JVM's peak RSS: " + ready);
    }

    @Test
    void aServiceThatNeverPrintsItsReadyLineFailsNamingTheLine(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WorkloadJvm.untilLine(
                java("something else"), dir.resolve("stderr.txt"), "listening on", 3));
        assertTrue(e.getMessage().contains("'listening on'"), e.getMessage());
    }
}
