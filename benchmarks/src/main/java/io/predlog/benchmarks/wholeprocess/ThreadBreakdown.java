package io.predlog.benchmarks.wholeprocess;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The profile of one loop run: the CPU each kind of thread used (from {@code /proc/self/task}, so the JVM's GC and
 * compiler threads count too), and per kind the methods JFR's {@code jdk.ExecutionSample} most often found on top of
 * the stack (Java threads only: JFR samples no native thread).
 */
final class ThreadBreakdown {

    /** The dispatcher's group. */
    static final String DISPATCHER = "predlog-dispatcher (encode + file write)";
    /** The OpenTelemetry agent's own threads. */
    static final String OPENTELEMETRY = "OpenTelemetry threads";
    /** What every group of predlog's own threads begins with. */
    static final String PREDLOG = "predlog";

    private ThreadBreakdown() {
    }

    /** The kind of a thread, by its name (the kernel's 15-character one or the full Java one). */
    static String group(String name, boolean application) {
        if (application || name.equals("main")) {
            return "application (main)";
        }
        if (name.startsWith("predlog-dispatc")) {
            return DISPATCHER;
        }
        if (name.startsWith("predlog-stats")) {
            return "predlog-stats";
        }
        if (name.startsWith("predlog-file-ma")) {
            return "predlog-file-maintenance (gzip)";
        }
        if (name.startsWith("predlog")) {
            return "predlog, other threads";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "GC (G1)";
        }
        if (ProcSelf.isJitCompiler(name)) {
            return "JIT compilers";
        }
        if (name.startsWith("VM ")) {
            return "VM thread, periodic tasks";
        }
        // the kernel keeps 15 characters of a name: BatchSpanProcessor_WorkerThread-1 is "BatchSpanProces"
        if (name.startsWith("otel") || name.startsWith("BatchSpanProces") || name.contains("opentelemetry")) {
            return OPENTELEMETRY;
        }
        return "other JVM threads";
    }

    /** The breakdown as markdown lines: one row per kind of thread, most CPU first. */
    static List<String> markdown(List<ThreadLines.Line> threads, Path jfr, double calls, int topFrames)
            throws IOException {
        Map<String, Long> cpu = new TreeMap<>();
        for (ThreadLines.Line line : threads) {
            cpu.merge(group(line.name(), line.application()), line.cpuNanos(), Long::sum);
        }
        Map<String, Map<String, Long>> frames = topFrames(jfr, false);
        Map<String, Map<String, Long>> agentFrames = topFrames(jfr, true);
        long total = cpu.values().stream().mapToLong(Long::longValue).sum();
        List<String> lines = new ArrayList<>();
        lines.add("| thread | CPU ms | share | CPU ns/call | JFR samples | top frames (samples on top of the stack)"
                + " | nearest predlog frame (samples) |");
        lines.add("|---|---:|---:|---:|---:|---|---|");
        List<String> groups = new ArrayList<>(cpu.keySet());
        frames.keySet().stream().filter(g -> !groups.contains(g)).forEach(groups::add);
        groups.sort(Comparator.comparingLong((String g) -> cpu.getOrDefault(g, 0L)).reversed());
        for (String g : groups) {
            long nanos = cpu.getOrDefault(g, 0L);
            Map<String, Long> top = frames.getOrDefault(g, Map.of());
            long samples = top.values().stream().mapToLong(Long::longValue).sum();
            lines.add(String.format(Locale.ROOT, "| %s | %,.0f | %.0f %% | %,.0f | %d | %s | %s |", g, nanos / 1e6,
                    total == 0 ? 0 : 100.0 * nanos / total, nanos / calls, samples, top(top, topFrames),
                    top(agentFrames.getOrDefault(g, Map.of()), topFrames)));
        }
        lines.add(String.format(Locale.ROOT, "| all threads | %,.0f | 100 %% | %,.0f | | | |", total / 1e6,
                total / calls));
        return lines;
    }

    private static String top(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .map(e -> "`" + e.getKey() + "` " + e.getValue()).collect(Collectors.joining(", "));
    }

    /**
     * Per kind of thread: the method on top of each {@code jdk.ExecutionSample}'s stack, or with {@code agentOnly}
     * the topmost frame of predlog's agent ({@code io.predlog.agent}), and how often.
     */
    static Map<String, Map<String, Long>> topFrames(Path jfr, boolean agentOnly) throws IOException {
        Map<String, Map<String, Long>> frames = new LinkedHashMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            RecordedThread thread = event.getThread("sampledThread");
            String name = thread == null ? "?" : thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
            RecordedFrame top = event.getStackTrace().getFrames().stream()
                    .filter(f -> !agentOnly || f.getMethod().getType().getName().startsWith("io.predlog.agent."))
                    .findFirst().orElse(null);
            if (top != null) {
                frames.computeIfAbsent(group(name, false), k -> new LinkedHashMap<>())
                        .merge(methodName(top.getMethod()), 1L, Long::sum);
            }
        }
        return frames;
    }

    /** {@code SimpleClass.method}, nested classes as {@code Outer$Inner}. */
    static String methodName(RecordedMethod method) {
        String type = method.getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + method.getName();
    }
}
