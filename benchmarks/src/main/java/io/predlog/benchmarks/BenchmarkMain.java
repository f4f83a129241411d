package io.predlog.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every benchmark side by side, without an agent, with predlog and (when given) with a peer agent that
 * instruments the same methods, in one session, and prints ratios (these machines are noisy: absolute numbers
 * drift, ratios measured together hold).
 *
 * <pre>
 * java -jar benchmarks/target/predlog-benchmarks.jar [predict|alloc|startup|stats|sink|otlp|load|all]
 *      -Dpredlog.agent.jar=agent/target/predlog-agent.jar -Dpredlog.sample.jar=sample-app/target/predlog-sample-app.jar
 *      [-Dpredlog.peer.jar=path/to/opentelemetry-javaagent.jar]
 * </pre>
 *
 * The peer is the OpenTelemetry Java agent with its {@code methods} instrumentation on the same methods (a span
 * per call, exporters off): what the industry-standard agent costs for the same calls.
 */
public final class BenchmarkMain {

    private static final String[] INPUTS = {"full", "typical"};
    private static final String BENCH_METHOD = "io.predlog.benchmarks.FeatureModel[predict]";
    private static final String SAMPLE_METHODS = "io.predlog.sample.model.TabularModel[predict];"
            + "io.predlog.sample.model.VectorModel[predict];io.predlog.sample.model.ModelRegistry[load]";

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        Path agentJar = existing("predlog.agent.jar", "agent/target/predlog-agent.jar");
        String peer = System.getProperty("predlog.peer.jar");
        Path peerJar = peer == null ? null : existing("predlog.peer.jar", peer);
        Path work = Files.createTempDirectory("predlog-bench");
        Path config = work.resolve("bench.properties");
        Files.writeString(config, "predlog.predict.bench = io.predlog.benchmarks.FeatureModel#predict\n"
                + "predlog.file.dir = " + work.resolve("logs") + "\n"
                + "predlog.queue.capacity = 262144\n");
        List<Variant> benchVariants = variants(
                "-javaagent:" + agentJar + "=config=" + config, peerJar, BENCH_METHOD);
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        if (what.equals("handoff") || what.equals("all")) {
            handOff(agentJar, work);
        }
        if (what.equals("predict") || what.equals("all")) {
            predict(benchVariants);
        }
        if (what.equals("alloc") || what.equals("all")) {
            allocation(benchVariants);
        }
        if (what.equals("startup") || what.equals("all")) {
            startup(agentJar, peerJar);
        }
        if (what.equals("stats") || what.equals("all")) {
            statistics(agentJar, work);
        }
        if (what.equals("sink")) {
            sink(agentJar);
        }
        if (what.equals("otlp")) {
            otlp(agentJar);
        }
        if (what.equals("load")) {
            PipelineLoad.run(agentJar, work);
        }
        if (what.equals("compare")) {
            compare(agentJar, existing("predlog.compare.jar", "/nonexistent"), config);
        }
    }

    /**
     * This build of the agent against another one ({@code -Dpredlog.compare.jar}, e.g. the previous release), side
     * by side in one session: predict time with the default settings, and with everything but the advice's own
     * work switched off (nothing sampled, no statistics, novelty or in-flight record), where a few nanoseconds of
     * change on the call's path are not lost in the capture's microseconds.
     */
    private static void compare(Path agentJar, Path otherJar, Path config) throws Exception {
        String minimal = ",sample.success=0,stats.enabled=false,novelty.enabled=false,inflight.enabled=false";
        List<Variant> variants = List.of(Variant.none(),
                new Variant("other", List.of("-javaagent:" + otherJar + "=config=" + config)),
                new Variant("this", List.of("-javaagent:" + agentJar + "=config=" + config)),
                new Variant("other min", List.of("-javaagent:" + otherJar + "=config=" + config + minimal)),
                new Variant("this min", List.of("-javaagent:" + agentJar + "=config=" + config + minimal)));
        System.out.println("this: " + agentJar + "\nother: " + otherJar);
        predict(variants);
    }

    /**
     * What statistics and novelty add: predict time and application-thread allocation with them off,
     * statistics on, statistics and novelty on — at 1 % sampling, where statistics make every call's input
     * captured, and with every call kept — then the statistics thread's CPU per call and the heap per tracked model.
     */
    private static void statistics(Path agentJar, Path work) throws Exception {
        String agent = "-javaagent:" + agentJar + "=config=" + work.resolve("bench.properties");
        for (String rate : List.of("0.01", "1.0")) {
            String base = agent + ",sample.success=" + rate;
            List<Variant> variants = List.of(Variant.none(),
                    new Variant("both off", List.of(base + ",stats.enabled=false,novelty.enabled=false")),
                    new Variant("stats", List.of(base + ",novelty.enabled=false")),
                    new Variant("stats+novel", List.of(base)));
            System.out.println("sample.success=" + rate + ":");
            predict(variants);
            allocation(variants);
        }
        Path config = work.resolve("stats.properties");
        Files.writeString(config, "predlog.predict.named = io.predlog.benchmarks.StatsCostProbe$NamedModel#predict\n"
                + "predlog.predict.named.model_id = this.name\n"
                + "predlog.file.dir = " + work.resolve("stats-logs") + "\n"
                + "predlog.sample.success = 0.01\n"
                + "predlog.queue.capacity = 262144\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        String statsAgent = "-javaagent:" + agentJar + "=config=" + config;
        double[] one = probe(java, classpath, statsAgent + ",novelty.enabled=false", 200_000, 1);
        double[] off = probe(java, classpath, statsAgent + ",stats.enabled=false,novelty.enabled=false", 4_000, 50);
        double[] stats = probe(java, classpath, statsAgent + ",novelty.enabled=false", 4_000, 50);
        double[] novelty = probe(java, classpath, statsAgent + ",stats.enabled=false,novelty.max_models=64", 4_000, 50);
        System.out.printf("statistics thread CPU per call: %.0f ns (1 model, 18 features, 200,000 calls, baseline"
                + " learned from the first 5,000); dispatcher %.0f ns per call over the run (1 %% of calls logged;"
                + " %.0f ns with statistics off: its own polling)%n", one[0], one[1], off[1]);
        System.out.printf("heap after GC, 50 models x 4,000 calls (18 features, drift baselines still learning): "
                + "statistics %.0f KiB per model, novelty %.0f KiB per model (default capacity and fpp)%n",
                (stats[2] - off[2]) / 1024 / 50, (novelty[2] - off[2]) / 1024 / 50);
    }

    private static double[] probe(String java, String classpath, String agent, int calls, int models)
            throws Exception {
        String[] parts = lastLine(List.of(java, agent, "-Xmx1g", "-cp", classpath, StatsCostProbe.class.getName(),
                String.valueOf(calls), String.valueOf(models))).trim().split(" ");
        return new double[]{Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
    }

    /** {@link FileSinkBenchmark} in a child JVM with the agent's classes (the shaded jar, before they are hidden); only on request. */
    private static void sink(Path agentJar) throws Exception {
        String self = Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", self + java.io.File.pathSeparator + agentJar.resolveSibling("predlog-agent-shaded.jar"), FileSinkBenchmark.class.getName())
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("sink benchmark failed: exit " + p.exitValue());
        }
    }

    /**
     * {@link OtlpSinkThroughput} in a child JVM with the agent's classes (the shaded jar) and the {@code otlp} sink's
     * extension jar ({@code -Dpredlog.otlp.jar}, by default beside the agent's module); only on request.
     */
    private static void otlp(Path agentJar) throws Exception {
        String self = Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path sinkJar = Path.of(System.getProperty("predlog.otlp.jar", agentJar.toAbsolutePath().getParent()
                .resolve("../../sinks/otlp/target/predlog-otlp-sink.jar").normalize().toString()));
        String cp = String.join(java.io.File.pathSeparator, self,
                agentJar.resolveSibling("predlog-agent-shaded.jar").toString(), sinkJar.toString());
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, OtlpSinkThroughput.class.getName()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("otlp sink benchmark failed: exit " + p.exitValue());
        }
    }

    /** A task handed to a pool inside a request: no agent, agent without propagation, agent with it. */
    private static void handOff(Path agentJar, Path work) throws Exception {
        Path config = work.resolve("handoff.properties");
        Files.writeString(config, "predlog.entry.sync = io.predlog.benchmarks.HandOffBenchmark#handle\n"
                + "predlog.entry.async = io.predlog.benchmarks.HandOffBenchmark#handleAsync\n"
                + "predlog.file.dir = " + work.resolve("handoff-logs") + "\n"
                + "predlog.queue.capacity = 262144\n");
        String agent = "-javaagent:" + agentJar + "=config=" + config;
        List<Variant> variants = List.of(Variant.none(),
                new Variant("propagation off", List.of(agent + ",context.threads=false")),
                new Variant("propagation on", List.of(agent)));
        List<Map<String, Double>> medians = new ArrayList<>();
        for (Variant variant : variants) {
            ChainedOptionsBuilder options = jmhOptions(HandOffBenchmark.class);
            if (!variant.isBaseline()) {
                options = options.jvmArgsAppend(variant.jvmOptions().toArray(new String[0]));
            }
            Map<String, Double> byBenchmark = new HashMap<>();
            for (RunResult result : new Runner(options.build()).run()) {
                String label = result.getParams().getBenchmark();
                byBenchmark.put(label.substring(label.lastIndexOf('.') + 1),
                        result.getPrimaryResult().getStatistics().getPercentile(50));
            }
            medians.add(byBenchmark);
        }
        System.out.println("a request handing one task to a pool and waiting, median ns per request (JMH sample"
                + " time); each request is an entry target (2 events):");
        printHeader(variants);
        for (String benchmark : List.of("executorSubmit", "completableFutureAsync")) {
            double[] row = new double[variants.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = medians.get(i).get(benchmark);
            }
            printRow(benchmark.equals("executorSubmit") ? "submit" : "cf-async", row, "%.0f");
        }
    }

    private static Path existing(String property, String fallback) {
        Path path = Path.of(System.getProperty(property, fallback)).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(property + ": no such jar " + path + " (build with mvn package)");
        }
        return path;
    }

    private static List<Variant> variants(String predlogAgent, Path peerJar, String peerMethods) {
        List<Variant> variants = new ArrayList<>();
        variants.add(Variant.none());
        variants.add(new Variant("predlog", List.of(predlogAgent)));
        if (peerJar != null) {
            variants.add(new Variant("otel (peer)", List.of("-javaagent:" + peerJar,
                    "-Dotel.instrumentation.methods.include=" + peerMethods,
                    "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                    "-Dotel.javaagent.logging=none")));
        }
        return variants;
    }

    /**
     * JMH's options for {@code benchmark}: {@code -Dforks=N} forks (default 2), 3 × 2 s of warm-up and 5 × 2 s of
     * measurement, and the forks' JVM options given explicitly ({@link #forkJvmArgs}).
     */
    private static ChainedOptionsBuilder jmhOptions(Class<?> benchmark) {
        return new OptionsBuilder()
                .include(benchmark.getSimpleName())
                .jvmArgs(forkJvmArgs(ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .forks(Integer.getInteger("forks", 2))
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2));
    }

    /**
     * The JVM options a fork inherits from this JVM's {@code hostArgs}, less this harness's own {@code -Dpredlog.*}
     * options (the jars to compare, the peer, the sample app): in a fork the agent would read them as settings and
     * warn that they are unknown.
     */
    static String[] forkJvmArgs(List<String> hostArgs) {
        return hostArgs.stream().filter(a -> !a.startsWith("-Dpredlog.")).toArray(String[]::new);
    }

    private static void predict(List<Variant> variants) throws Exception {
        List<Map<String, Double>> medians = new ArrayList<>();
        for (Variant variant : variants) {
            medians.add(medianNanos(run(variant)));
        }
        System.out.println("predict(Map of 18), median ns per call (JMH sample time); added = minus no agent:");
        printHeader(variants);
        for (String input : INPUTS) {
            double[] row = new double[variants.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = medians.get(i).get(input);
            }
            printRow(input, row, "%.0f");
        }
    }

    private static Collection<RunResult> run(Variant variant) throws Exception {
        ChainedOptionsBuilder options = jmhOptions(PredictBenchmark.class);
        if (!variant.isBaseline()) {
            options = options.jvmArgsAppend(variant.jvmOptions().toArray(new String[0]));
        }
        return new Runner(options.build()).run();
    }

    /** The median per {@code input} parameter. */
    private static Map<String, Double> medianNanos(Collection<RunResult> results) {
        Map<String, Double> medians = new HashMap<>();
        for (RunResult result : results) {
            medians.put(result.getParams().getParam("input"),
                    result.getPrimaryResult().getStatistics().getPercentile(50));
        }
        return medians;
    }

    private static void allocation(List<Variant> variants) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        System.out.println("bytes allocated on the application thread per predict call:");
        printHeader(variants);
        for (String input : INPUTS) {
            double[] row = new double[variants.size()];
            for (int i = 0; i < row.length; i++) {
                List<String> command = new ArrayList<>();
                command.add(java);
                command.addAll(variants.get(i).jvmOptions());
                command.addAll(List.of("-cp", classpath, AllocationProbe.class.getName(), input));
                row[i] = Double.parseDouble(lastLine(command));
            }
            printRow(input, row, "%.0f");
        }
    }

    private static void startup(Path agentJar, Path peerJar) throws Exception {
        Path sampleJar = existing("predlog.sample.jar", "sample-app/target/predlog-sample-app.jar");
        Path config = Path.of(System.getProperty("predlog.sample.config", "agent.properties.example"))
                .toAbsolutePath();
        Path logs = Files.createTempDirectory("predlog-bench-startup");
        List<Variant> variants = variants("-javaagent:" + agentJar + "=config=" + config + ",file.dir=" + logs,
                peerJar, SAMPLE_METHODS);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int rounds = Integer.getInteger("rounds", 10);
        long[][] times = new long[variants.size()][rounds];
        for (int r = 0; r < rounds; r++) { // alternate, so drift on a noisy machine hits every variant alike
            for (int i = 0; i < variants.size(); i++) {
                List<String> command = new ArrayList<>();
                command.add(java);
                command.addAll(variants.get(i).jvmOptions());
                command.addAll(List.of("-jar", sampleJar.toString(), "--workload", "1", "--seed", "1"));
                times[i][r] = timeMillis(command);
            }
        }
        System.out.printf("sample-app start to exit (--workload 1), median ms of %d alternated runs:%n", rounds);
        printHeader(variants);
        double[] row = new double[variants.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = median(times[i]);
        }
        printRow("start", row, "%.0f");
    }

    private static void printHeader(List<Variant> variants) {
        StringBuilder header = new StringBuilder(String.format("  %-8s", ""));
        for (Variant variant : variants) {
            header.append(String.format(" %12s", variant.name()));
            if (!variant.isBaseline()) {
                header.append(String.format(" %9s %7s", "added", "ratio"));
            }
        }
        System.out.println(header);
    }

    private static void printRow(String label, double[] values, String format) {
        StringBuilder row = new StringBuilder(String.format("  %-8s", label));
        for (int i = 0; i < values.length; i++) {
            row.append(String.format(" %12s", String.format(format, values[i])));
            if (i > 0) {
                row.append(String.format(" %9s %7s", String.format(format, values[i] - values[0]),
                        values[0] == 0 ? "-" : String.format("x%.2f", values[i] / values[0])));
            }
        }
        System.out.println(row);
    }

    private static long timeMillis(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("exit " + exit + ": " + command);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String lastLine(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String last = "";
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                last = line;
            }
        }
        process.waitFor();
        return last;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
