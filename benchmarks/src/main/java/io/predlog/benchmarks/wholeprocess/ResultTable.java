package io.predlog.benchmarks.wholeprocess;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The samples of every case, agent and metric over the rounds, printed as one markdown table of medians with what
 * each agent adds to the no-agent median and the ratio of predlog's addition to OpenTelemetry's; with a baseline
 * build of predlog among the samples, also its median, its addition and this build's addition over it.
 */
final class ResultTable {

    /** A metric as the table shows it; {@code added}: whether "what the agent adds" means anything for it. */
    record Metric(String key, String label, boolean added) {
    }

    private static final Map<Cases.Kind, List<Metric>> METRICS = Map.of(
            Cases.Kind.LOOP, List.of(
                    new Metric("wall_ns", "wall ns/call", true),
                    new Metric("loop_cpu_ns", "CPU ns/call, all threads, during the loop", true),
                    new Metric("cpu_ns", "CPU ns/call, all threads, until quiet", true),
                    new Metric("alloc_b", "allocated B/call, all threads", true),
                    new Metric("kept_pct", "events kept, % of calls", false),
                    new Metric("dropped", "events dropped (agent_health at exit)", false),
                    new Metric("settle_ms", "ms until quiet after the loop", true),
                    new Metric("warmup_jit_ms", "JIT compilers' CPU ms from the start to the loop, once per process",
                            true),
                    new Metric("hwm_mb", "peak RSS MB (VmHWM)", true)),
            Cases.Kind.PACED, List.of(
                    new Metric("cpu_ms_per_s", "CPU ms per second, all threads", true),
                    new Metric("jit_ms_per_s", "of which the JIT compilers, ms per second", true),
                    new Metric("cpu_us_per_call", "CPU µs/call, all threads", true),
                    new Metric("runs_per_s", "threads put on a CPU, per second (wake-ups)", true),
                    new Metric("p50_us", "p50 µs", true),
                    new Metric("p99_us", "p99 µs", true),
                    new Metric("kept_pct", "events kept, % of calls", false),
                    new Metric("dropped", "events dropped (agent_health at exit)", false)),
            Cases.Kind.THREADS, List.of(
                    new Metric("calls_per_s", "calls/s", true),
                    new Metric("p50_us", "p50 µs", true),
                    new Metric("p99_us", "p99 µs", true),
                    new Metric("cpu_ns", "CPU ns/call, all threads", true),
                    new Metric("agent_threads_ms_per_s", "the agent's own threads, CPU ms per second", false),
                    new Metric("dispatcher_ms_per_s", "of which predlog-dispatcher, CPU ms per second", false),
                    new Metric("kept_pct", "events kept, % of calls", false),
                    new Metric("dropped", "events dropped (agent_health at exit)", false)),
            Cases.Kind.HTTP, List.of(
                    new Metric("req_per_s", "requests/s", true),
                    new Metric("p50_ms", "p50 ms", true),
                    new Metric("p99_ms", "p99 ms", true),
                    new Metric("cpu_us_per_req", "service CPU µs/request", true),
                    new Metric("jit_us_per_req", "of which the JIT compilers, µs/request", true),
                    new Metric("warmup_jit_ms", "JIT compilers' CPU ms from the start to the measured requests, once"
                            + " per process", true),
                    new Metric("kept_pct", "prediction events kept, % of requests", false),
                    new Metric("dropped", "events dropped (agent_health at exit)", false),
                    new Metric("ready_ms", "start to first /health answer, ms", true),
                    new Metric("hwm_mb", "service peak RSS MB", true)),
            Cases.Kind.STARTUP, List.of(
                    new Metric("first_line_ms", "trivial app: start to main's first line, ms", true),
                    new Metric("exit_ms", "trivial app: start to exit, ms", true),
                    new Metric("hwm_mb", "trivial app: peak RSS MB", true),
                    new Metric("sample_exit_ms", "sample app --workload 1: start to exit, ms", true)),
            Cases.Kind.SPRING, List.of(
                    new Metric("listening_ms", "Spring Boot service: start to its `listening on` line, ms", true),
                    new Metric("cpu_ms", "Spring Boot service: CPU ms by then, all threads", true),
                    new Metric("hwm_mb", "Spring Boot service: peak RSS MB by then", true)));

    private final Map<String, Cases.Case> cases = new LinkedHashMap<>();
    private final Map<String, Map<Agent, Map<String, List<Double>>>> samples = new LinkedHashMap<>();

    void add(Cases.Case c, Agent agent, Map<String, Double> metrics) {
        cases.putIfAbsent(c.name(), c);
        Map<String, List<Double>> byMetric = samples.computeIfAbsent(c.name(), k -> new EnumMap<>(Agent.class))
                .computeIfAbsent(agent, k -> new LinkedHashMap<>());
        metrics.forEach((key, value) -> byMetric.computeIfAbsent(key, k -> new ArrayList<>()).add(value));
    }

    /** The median of a case's samples of one metric for one agent; NaN when there are none. */
    double median(String caseName, Agent agent, String metric) {
        List<Double> values = samples.getOrDefault(caseName, Map.of()).getOrDefault(agent, Map.of())
                .getOrDefault(metric, List.of());
        return values.isEmpty() ? Double.NaN : Medians.median(values);
    }

    List<String> markdown() {
        boolean baseline = samples.values().stream().anyMatch(byAgent -> byAgent.containsKey(Agent.BASELINE));
        List<String> lines = new ArrayList<>();
        lines.add("| case | metric | no agent | predlog | OpenTelemetry | predlog added | OpenTelemetry added"
                + " | predlog added ÷ OTel added | predlog added, % of no agent |"
                + (baseline ? " predlog baseline | baseline added | predlog added ÷ baseline added |" : ""));
        lines.add("|---|---|---:|---:|---:|---:|---:|---:|---:|" + (baseline ? "---:|---:|---:|" : ""));
        for (Cases.Case c : cases.values()) {
            for (Metric metric : METRICS.get(c.kind())) {
                double none = median(c.name(), Agent.NONE, metric.key());
                double predlog = median(c.name(), Agent.PREDLOG, metric.key());
                double otel = median(c.name(), Agent.OTEL, metric.key());
                double base = median(c.name(), Agent.BASELINE, metric.key());
                if (Double.isNaN(none) && Double.isNaN(predlog) && Double.isNaN(otel) && Double.isNaN(base)) {
                    continue;
                }
                double predlogAdded = metric.added() ? predlog - none : Double.NaN;
                double otelAdded = metric.added() ? otel - none : Double.NaN;
                String line = "| " + c.name() + " | " + metric.label() + " | " + number(none) + " | "
                        + number(predlog) + " | " + number(otel) + " | " + signed(predlogAdded) + " | "
                        + signed(otelAdded) + " | " + ratio(predlogAdded, otelAdded, none) + " | "
                        + percent(predlogAdded, none) + " |";
                if (baseline) {
                    double baseAdded = metric.added() ? base - none : Double.NaN;
                    line += " " + number(base) + " | " + signed(baseAdded) + " | "
                            + ratio(predlogAdded, baseAdded, none) + " |";
                }
                lines.add(line);
            }
        }
        return lines;
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double abs = Math.abs(value);
        return String.format(Locale.ROOT, abs >= 100 ? "%,.0f" : abs >= 10 ? "%.1f" : "%.2f", value);
    }

    static String signed(double value) {
        return Double.isNaN(value) ? "–" : (value >= 0 ? "+" : "") + number(value);
    }

    /** An addition as a percentage of the no-agent value ("+2.1 %"); none ("–") without both. */
    static String percent(double added, double none) {
        if (Double.isNaN(added) || Double.isNaN(none) || none == 0) {
            return "–";
        }
        double pct = 100 * added / Math.abs(none);
        return String.format(Locale.ROOT, Math.abs(pct) >= 10 ? "%+,.0f %%" : "%+.1f %%", pct);
    }

    /**
     * predlog's addition over OpenTelemetry's; none ("–") when either is negative, or when OpenTelemetry's is under
     * 1 % of the no-agent value {@code none}: a ratio to what is within the noise says nothing.
     */
    static String ratio(double predlogAdded, double otelAdded, double none) {
        if (Double.isNaN(predlogAdded) || Double.isNaN(otelAdded) || otelAdded <= 0 || predlogAdded < 0
                || otelAdded < 0.01 * Math.abs(none)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f×", predlogAdded / otelAdded);
    }
}
