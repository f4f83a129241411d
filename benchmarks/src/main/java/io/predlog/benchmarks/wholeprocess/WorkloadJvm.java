package io.predlog.benchmarks.wholeprocess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one workload JVM to its end and collects what it printed: its {@link ResultLine} and its other lines. */
final class WorkloadJvm {

    private WorkloadJvm() {
    }

    /**
     * What one JVM printed and how long it took.
     *
     * @param result         its {@link ResultLine}'s metrics (empty when it printed none)
     * @param lines          every other line of standard output
     * @param firstLineMs    from the process's start to its first line of standard output
     * @param exitMs         from the process's start to its exit
     */
    record Output(Map<String, Double> result, List<String> lines, double firstLineMs, double exitMs) {
    }

    static Output run(List<String> command, Path stderr, long timeoutSeconds) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        Map<String, Double> result = null;
        List<String> lines = new ArrayList<>();
        long firstLine = -1;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (firstLine < 0) {
                    firstLine = System.nanoTime();
                }
                if (ResultLine.isResult(line)) {
                    result = ResultLine.parse(line);
                } else {
                    lines.add(line);
                }
            }
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("workload JVM still running after " + timeoutSeconds + " s: " + command);
        }
        long end = System.nanoTime();
        if (process.exitValue() != 0) {
            throw new IllegalStateException("workload JVM failed (exit " + process.exitValue() + "): " + command
                    + "\n" + tail(stderr));
        }
        return new Output(result == null ? Map.of() : result, lines, (firstLine - start) / 1e6, (end - start) / 1e6);
    }

    /**
     * How long a service took to print its ready line, the CPU it used and its peak resident memory by then.
     *
     * @param ms    from the process's start to the line
     * @param cpuMs CPU time of all its threads by then, ms (10 ms ticks)
     * @param hwmMb its {@code VmHWM} at that moment, MB
     */
    record Ready(double ms, double cpuMs, double hwmMb) {
    }

    /** Starts a service, waits for a line of standard output containing {@code marker}, then stops the service. */
    static Ready untilLine(List<String> command, Path stderr, String marker, long timeoutSeconds)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        try {
            CompletableFuture<Long> seen = CompletableFuture.supplyAsync(
                    () -> {
                        try (BufferedReader out = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line = out.readLine(); line != null; line = out.readLine()) {
                                if (line.contains(marker)) {
                                    return System.nanoTime();
                                }
                            }
                            return -1L;
                        } catch (IOException e) {
                            return -1L;
                        }
                    });
            long at;
            try {
                at = seen.get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                at = -1;
            }
            if (at < 0) {
                throw new IllegalStateException("service printed no line with '" + marker + "' within "
                        + timeoutSeconds + " s: " + command + "\n" + tail(stderr));
            }
            Path proc = Path.of("/proc/" + process.pid());
            double cpuMs = ProcSelf.statCpuTicks(ProcSelf.read(proc.resolve("stat"))) * ProcSelf.NANOS_PER_TICK / 1e6;
            double hwm = ProcSelf.statusKb(ProcSelf.read(proc.resolve("status")), "VmHWM") / 1024.0;
            return new Ready((at - start) / 1e6, cpuMs, hwm);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static String tail(Path file) throws IOException {
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
    }
}
