package io.predlog.benchmarks.wholeprocess;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-thread CPU lines a workload JVM prints for the profile: {@code THREAD <tid> <cpu ns> <1 if the
 * application thread, else 0> <name>}, the CPU each thread used between two readings of {@code /proc/self/task}.
 */
final class ThreadLines {

    static final String PREFIX = "THREAD ";

    private ThreadLines() {
    }

    /** One thread's CPU over the measured interval. */
    record Line(long tid, long cpuNanos, boolean application, String name) {
    }

    static void print(List<ProcSelf.ThreadCpu> before, List<ProcSelf.ThreadCpu> after, long appTid) {
        for (Line line : between(before, after, appTid)) {
            System.out.println(format(line));
        }
    }

    static List<Line> between(List<ProcSelf.ThreadCpu> before, List<ProcSelf.ThreadCpu> after, long appTid) {
        Map<Long, Long> start = new HashMap<>();
        before.forEach(t -> start.put(t.tid(), t.cpuNanos()));
        return after.stream()
                .map(t -> new Line(t.tid(), t.cpuNanos() - start.getOrDefault(t.tid(), 0L), t.tid() == appTid, t.name()))
                .toList();
    }

    /**
     * The CPU of the agent's own threads over {@code seconds}, in milliseconds a second: {@code agent_threads_ms_per_s}
     * (predlog's threads, or OpenTelemetry's) and {@code dispatcher_ms_per_s} (predlog's dispatcher alone; absent
     * without it). Under a saturated CPU each thread gets about its fair share, so these show whether the agent's
     * threads are held to it.
     */
    static Map<String, Double> agentCpu(List<Line> lines, double seconds) {
        long agent = 0;
        long dispatcher = 0;
        boolean hasDispatcher = false;
        for (Line line : lines) {
            String group = ThreadBreakdown.group(line.name(), line.application());
            if (group.startsWith(ThreadBreakdown.PREDLOG) || group.equals(ThreadBreakdown.OPENTELEMETRY)) {
                agent += line.cpuNanos();
            }
            if (group.equals(ThreadBreakdown.DISPATCHER)) {
                dispatcher += line.cpuNanos();
                hasDispatcher = true;
            }
        }
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("agent_threads_ms_per_s", agent / 1e6 / seconds);
        if (hasDispatcher) {
            result.put("dispatcher_ms_per_s", dispatcher / 1e6 / seconds);
        }
        return result;
    }

    static String format(Line line) {
        return PREFIX + line.tid() + " " + line.cpuNanos() + " " + (line.application() ? 1 : 0) + " " + line.name();
    }

    static Line parse(String text) {
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a THREAD line: " + text);
        }
        String[] parts = text.substring(PREFIX.length()).split(" ", 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("THREAD line needs tid, cpu, app flag and name: " + text);
        }
        return new Line(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2].equals("1"), parts[3]);
    }
}
