package io.predlog.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every benchmark side by side, with and without the agent, in one session, and prints ratios (these
 * machines are noisy: absolute numbers drift, ratios measured together hold).
 *
 * <pre>
 * java -jar benchmarks/target/predlog-benchmarks.jar [predict|alloc|startup|all]
 *      -Dpredlog.agent.jar=agent/target/predlog-agent.jar -Dpredlog.sample.jar=sample-app/target/predlog-sample-app.jar
 * </pre>
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        Path agentJar = Path.of(System.getProperty("predlog.agent.jar", "agent/target/predlog-agent.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalArgumentException("agent jar not found: " + agentJar + " (build with mvn package)");
        }
        Path work = Files.createTempDirectory("predlog-bench");
        Path config = work.resolve("bench.properties");
        Files.writeString(config, "predlog.predict.bench = io.predlog.benchmarks.FeatureModel#predict\n"
                + "predlog.file.dir = " + work.resolve("logs") + "\n"
                + "predlog.queue.capacity = 262144\n");
        String agentArg = "-javaagent:" + agentJar + "=config=" + config;
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        if (what.equals("predict") || what.equals("all")) {
            predict(agentArg);
        }
        if (what.equals("alloc") || what.equals("all")) {
            allocation(agentArg);
        }
        if (what.equals("startup") || what.equals("all")) {
            startup(agentJar);
        }
    }

    private static final String[] INPUTS = {"full", "typical"};

    private static void predict(String agentArg) throws Exception {
        Map<String, Double> without = medianNanos(run(null));
        Map<String, Double> with = medianNanos(run(agentArg));
        System.out.println("predict(Map of 18), median ns per call (JMH sample time):");
        System.out.printf("  %-8s %14s %11s %9s %7s%n", "input", "without agent", "with agent", "added", "ratio");
        for (String input : INPUTS) {
            double a = without.get(input);
            double b = with.get(input);
            System.out.printf("  %-8s %14.0f %11.0f %9.0f %7s%n", input, a, b, b - a,
                    String.format("x%.2f", b / a));
        }
    }

    private static Collection<RunResult> run(String agentArg) throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(PredictBenchmark.class.getSimpleName())
                .forks(Integer.getInteger("forks", 2))
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2));
        if (agentArg != null) {
            options = options.jvmArgsAppend(agentArg);
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

    private static void allocation(String agentArg) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        System.out.println("bytes allocated on the application thread per predict call:");
        System.out.printf("  %-8s %14s %11s %9s%n", "input", "without agent", "with agent", "added");
        for (String input : INPUTS) {
            List<String> without = List.of(java, "-cp", classpath, AllocationProbe.class.getName(), input);
            List<String> with = List.of(java, agentArg, "-cp", classpath, AllocationProbe.class.getName(), input);
            double a = Double.parseDouble(lastLine(without));
            double b = Double.parseDouble(lastLine(with));
            System.out.printf("  %-8s %14.1f %11.1f %9.1f%n", input, a, b, b - a);
        }
    }

    private static void startup(Path agentJar) throws Exception {
        Path sampleJar = Path.of(System.getProperty("predlog.sample.jar",
                "sample-app/target/predlog-sample-app.jar")).toAbsolutePath();
        Path config = Path.of(System.getProperty("predlog.sample.config", "agent.properties.example"))
                .toAbsolutePath();
        Path logs = Files.createTempDirectory("predlog-bench-startup");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> without = List.of(java, "-jar", sampleJar.toString(), "--workload", "1", "--seed", "1");
        List<String> with = List.of(java, "-javaagent:" + agentJar + "=config=" + config + ",file.dir=" + logs,
                "-jar", sampleJar.toString(), "--workload", "1", "--seed", "1");
        int rounds = Integer.getInteger("rounds", 10);
        long[] a = new long[rounds];
        long[] b = new long[rounds];
        for (int i = 0; i < rounds; i++) { // alternate, so drift on a noisy machine hits both alike
            a[i] = timeMillis(without);
            b[i] = timeMillis(with);
        }
        double ma = median(a);
        double mb = median(b);
        System.out.printf("sample-app start to exit (--workload 1), median of %d: without agent %.0f ms, with agent"
                + " %.0f ms, added %.0f ms (x%.2f)%n", rounds, ma, mb, mb - ma, mb / ma);
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
