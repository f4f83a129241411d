package io.predlog.benchmarks.wholeprocess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the whole process pays for an agent: every case of {@link Cases} in fresh JVMs, without an agent, with
 * predlog (default settings, file sink) and with the OpenTelemetry Java agent ({@code methods} instrumentation on
 * the same method, exporters off), and with another build of predlog when one is given ({@code --baseline}: the
 * build before a change), alternated round after round so that the machine's noise hits them alike, then a
 * markdown table of medians. docs/PERFORMANCE.md ("Whole process") says what each figure counts.
 * {@code benchmarks/whole-process.sh} builds what is missing, fetches the OpenTelemetry agent and runs this.
 */
public final class WholeProcessBenchmark {

    private final WholeProcessOptions options;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classpath = System.getProperty("java.class.path");
    private final List<Double> loads = new ArrayList<>();

    private WholeProcessBenchmark(WholeProcessOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        WholeProcessOptions options;
        try {
            options = WholeProcessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("whole-process: " + e.getMessage());
            System.err.println(WholeProcessOptions.USAGE);
            System.exit(2);
            return;
        }
        Files.createDirectories(options.work());
        WholeProcessBenchmark benchmark = new WholeProcessBenchmark(options);
        System.out.printf("machine: %d cores, %s %s; %s; load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Instant.now(), ProcSelf.read(Path.of("/proc/loadavg")).trim());
        System.out.println("predlog: " + options.agentJar() + "; OpenTelemetry: "
                + (options.otelJar() == null ? "none given" : options.otelJar())
                + (options.baselineJar() == null ? "" : "; predlog baseline: " + options.baselineJar()));
        if (options.profile()) {
            benchmark.profile();
        } else {
            benchmark.measure();
        }
    }

    private void measure() throws Exception {
        List<Agent> agents = options.agents();
        ResultTable table = new ResultTable();
        for (int round = 0; round < options.rounds(); round++) {
            for (int ci = 0; ci < options.cases().size(); ci++) {
                Cases.Case c = options.cases().get(ci);
                for (int a = 0; a < agents.size(); a++) {
                    Agent agent = agents.get((a + round + ci) % agents.size()); // each position in turn
                    double load = loadAverage();
                    loads.add(load);
                    for (Map<String, Double> sample : run(c, agent, round)) {
                        table.add(c, agent, sample);
                        System.out.printf(Locale.ROOT, "round %d/%d %-13s %-13s load %5.2f %s%n", round + 1,
                                options.rounds(), c.name(), agent.title(), load, sample);
                    }
                }
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "Medians of %d round(s) of %d; 1-minute load average over the runs: min %.1f,"
                            + " median %.1f, max %.1f%n%n", round + 1, options.rounds(),
                    loads.stream().min(Double::compare).orElse(0.0), Medians.median(loads),
                    loads.stream().max(Double::compare).orElse(0.0));
            table.markdown().forEach(System.out::println);
            System.out.println();
        }
    }

    /** The 18-feature case once per agent, under JFR, with the CPU of every thread: docs/PERFORMANCE.md's breakdown. */
    private void profile() throws Exception {
        Cases.Case c = Cases.named(Cases.all(options.quick()), List.of("map18-typical")).get(0);
        for (Agent agent : options.agents()) {
            Path dir = options.work().resolve("profile-" + agent.name().toLowerCase(Locale.ROOT));
            if (Files.exists(dir)) {
                delete(dir);
            }
            Files.createDirectories(dir);
            Path jfr = dir.resolve("map18-typical.jfr");
            List<String> command = new ArrayList<>(javaWith(agent, c, dir));
            command.addAll(List.of("-cp", classpath, LoopWorkload.class.getName(), c.name()));
            command.addAll(c.args());
            command.add(jfr.toString());
            double load = loadAverage();
            WorkloadJvm.Output out = WorkloadJvm.run(command, dir.resolve("stderr.txt"), 600);
            List<ThreadLines.Line> threads = out.lines().stream().filter(l -> l.startsWith(ThreadLines.PREFIX))
                    .map(ThreadLines::parse).toList();
            double calls = Double.parseDouble(c.args().get(1));
            System.out.printf(Locale.ROOT, "%n%s, %s measured calls (load %.2f): %s%n", agent.title(),
                    c.args().get(1), load, out.result());
            System.out.println("JFR recording: " + jfr + " (jfr print --events jdk.ExecutionSample " + jfr + ")");
            ThreadBreakdown.markdown(threads, jfr, calls, 6).forEach(System.out::println);
            if (agent.predlog()) {
                EventFiles.Summary events = EventFiles.read(dir.resolve("logs"));
                System.out.println("events written: " + events.counts() + ", dropped (agent_health at exit): "
                        + events.droppedAtExit());
            }
        }
    }

    private List<Map<String, Double>> run(Cases.Case c, Agent agent, int round) throws Exception {
        Path dir = Files.createDirectories(options.work().resolve(
                "r" + round + "-" + c.name() + "-" + agent.name().toLowerCase(Locale.ROOT)));
        Path logs = dir.resolve("logs");
        Path stderr = dir.resolve("stderr.txt");
        List<Map<String, Double>> samples = new ArrayList<>();
        switch (c.kind()) {
            case LOOP, PACED, THREADS -> {
                List<String> command = new ArrayList<>(javaWith(agent, c, dir));
                command.addAll(List.of("-cp", classpath, (switch (c.kind()) {
                    case LOOP -> LoopWorkload.class;
                    case PACED -> PacedWorkload.class;
                    default -> ThreadsWorkload.class;
                }).getName()));
                if (c.kind() == Cases.Kind.LOOP) {
                    command.add(c.name());
                }
                command.addAll(c.args());
                Map<String, Double> result = new LinkedHashMap<>(WorkloadJvm.run(command, stderr, 600).result());
                keptPercent(agent, logs, result, "prediction_success", "prediction_failure");
                samples.add(result);
            }
            case HTTP -> {
                HttpLoad.Settings settings = new HttpLoad.Settings(Integer.parseInt(c.args().get(0)),
                        Long.parseLong(c.args().get(1)), Long.parseLong(c.args().get(2)));
                Map<String, Double> result = new LinkedHashMap<>(HttpLoad.run(sampleJava(agent, logs),
                        options.sampleJar(), stderr, settings));
                keptPercent(agent, logs, result, "prediction_success");
                samples.add(result);
            }
            case STARTUP -> {
                for (int i = 0; i < Integer.parseInt(c.args().get(0)); i++) {
                    List<String> trivial = new ArrayList<>(javaWith(agent, c, dir));
                    trivial.addAll(List.of("-cp", classpath, TrivialApp.class.getName()));
                    WorkloadJvm.Output app = WorkloadJvm.run(trivial, stderr, 120);
                    List<String> sample = new ArrayList<>(sampleJava(agent, logs));
                    sample.addAll(List.of("-jar", options.sampleJar().toString(), "--workload", "1", "--seed", "1"));
                    WorkloadJvm.Output service = WorkloadJvm.run(sample, dir.resolve("stderr-sample.txt"), 120);
                    samples.add(Map.of("first_line_ms", app.firstLineMs(), "exit_ms", app.exitMs(),
                            "hwm_mb", app.result().getOrDefault("hwm_mb", Double.NaN),
                            "sample_exit_ms", service.exitMs()));
                }
            }
            case SPRING -> {
                for (int i = 0; i < Integer.parseInt(c.args().get(0)); i++) {
                    List<String> command = new ArrayList<>(javaWith(agent, c, dir));
                    command.addAll(List.of("-jar", options.springJar().toString()));
                    WorkloadJvm.Ready ready = WorkloadJvm.untilLine(command, stderr, "listening on", 120);
                    samples.add(Map.of("listening_ms", ready.ms(), "cpu_ms", ready.cpuMs(), "hwm_mb", ready.hwmMb()));
                }
            }
        }
        delete(dir);
        return samples;
    }

    /**
     * predlog's events for the calls, as a share of the calls made (only predlog writes events these runs keep), and
     * the events its exit's {@code agent_health} counts as dropped: the authoritative count where retention deleted
     * files of a long, fast run.
     */
    private static void keptPercent(Agent agent, Path logs, Map<String, Double> result, String... events) {
        if (!agent.predlog()) {
            return;
        }
        EventFiles.Summary summary = EventFiles.read(logs);
        long kept = Stream.of(events).mapToLong(e -> summary.counts().getOrDefault(e, 0L)).sum();
        double calls = result.getOrDefault("calls", 0.0);
        if (calls > 0) {
            result.put("kept_pct", 100.0 * kept / calls);
        }
        if (summary.droppedAtExit() >= 0) {
            result.put("dropped", (double) summary.droppedAtExit());
        }
    }

    /** {@code java} with the agent attached and pointed at the case's predict method. */
    private List<String> javaWith(Agent agent, Cases.Case c, Path dir) throws IOException {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(options.jvmOptions());
        switch (agent) {
            case NONE -> { }
            case PREDLOG, BASELINE -> {
                StringBuilder config = new StringBuilder("predlog.predict.bench = " + c.predlogTarget() + "\n"
                        + "predlog.file.dir = " + dir.resolve("logs") + "\n");
                c.predlogKeys().forEach((key, value) -> config.append(key).append(" = ").append(value).append('\n'));
                Path file = dir.resolve("predlog.properties");
                Files.writeString(file, config);
                command.add("-javaagent:" + options.jarOf(agent) + "=config=" + file);
            }
            case OTEL -> {
                command.addAll(otelOptions(c.otelMethods()));
                command.addAll(c.otelOptions());
            }
        }
        return command;
    }

    /** {@code java} for the sample service: predlog with the service's own configuration, OTel on the same methods. */
    private List<String> sampleJava(Agent agent, Path logs) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(options.jvmOptions());
        switch (agent) {
            case NONE -> { }
            case PREDLOG, BASELINE -> command.add("-javaagent:" + options.jarOf(agent) + "=config="
                    + options.sampleConfig() + ",file.dir=" + logs);
            case OTEL -> command.addAll(otelOptions(Cases.SAMPLE_METHODS));
        }
        return command;
    }

    /** The OpenTelemetry agent on {@code methods}, every exporter off: spans are made and ended, nothing leaves. */
    private List<String> otelOptions(String methods) {
        return List.of("-javaagent:" + options.otelJar(), "-Dotel.instrumentation.methods.include=" + methods,
                "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                "-Dotel.service.name=whole-process-benchmark");
    }

    private static double loadAverage() {
        return Double.parseDouble(ProcSelf.read(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
