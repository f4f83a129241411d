package io.predlog.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The whole process under load: {@link PipelineLoadProbe} in child JVMs without the agent and with it (and with
 * other builds of it, {@code -Dpredlog.compare.jar}, comma-separated), alternated round by round, every call logged (the agent's
 * defaults, file sink). Prints the median CPU per call of the process and of each thread group, the CPU the agent
 * adds per call (the process's, minus the no-agent run's), and the events dropped because the queue was full, read
 * from the final {@code agent_health} event each run wrote.
 *
 * <pre>
 * java -Dload.calls=600000 -Dload.rate=0 -Dload.input=full -Drounds=3 \
 *      -jar benchmarks/target/predlog-benchmarks.jar load
 * </pre>
 * {@code load.rate} is calls per second (0: as fast as the application thread can call).
 */
final class PipelineLoad {

    private static final Pattern QUEUE_FULL = Pattern.compile("\"queue_full\":(\\d+)");
    private static final Pattern WRITTEN = Pattern.compile("\"events_written\":(\\d+)");

    private PipelineLoad() {
    }

    static void run(Path agentJar, Path work) throws Exception {
        long calls = Long.getLong("load.calls", 600_000);
        String rate = System.getProperty("load.rate", "0");
        String input = System.getProperty("load.input", "full");
        int rounds = Integer.getInteger("rounds", 3);
        String extra = System.getProperty("load.agent.options", "");
        Map<String, Path> jars = new LinkedHashMap<>();
        jars.put("no agent", null);
        String others = System.getProperty("predlog.compare.jar");
        if (others != null) {
            for (String other : others.split(",")) {
                Path jar = Path.of(other).toAbsolutePath();
                jars.put(jar.getFileName().toString().replace(".jar", ""), jar);
            }
        }
        jars.put("this", agentJar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        Map<String, List<Map<String, Double>>> results = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, Path> variant : jars.entrySet()) {
                Path logs = Files.createTempDirectory(work, "load-logs");
                List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
                if (variant.getValue() != null) {
                    command.add("-javaagent:" + variant.getValue() + "=predict.bench="
                            + "io.predlog.benchmarks.FeatureModel#predict,file.dir=" + logs + extra);
                }
                command.addAll(List.of("-cp", classpath, PipelineLoadProbe.class.getName(), input,
                        String.valueOf(calls), rate));
                Map<String, Double> figures = parse(lastLine(command));
                if (variant.getValue() != null) {
                    figures.putAll(finalHealth(logs));
                }
                results.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(figures);
                System.out.println("  round " + (r + 1) + " " + variant.getKey() + ": " + figures);
            }
        }
        System.out.printf("whole process, %s input, %,d calls at %s calls/s, median of %d rounds, ns per call:%n",
                input, calls, rate.equals("0") ? "full speed" : rate, rounds);
        double baseline = median(results.get("no agent"), "process");
        for (Map.Entry<String, List<Map<String, Double>>> e : results.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("  %-9s", e.getKey()));
            for (String key : e.getValue().get(0).keySet()) {
                line.append(String.format(" %s=%.0f", key, median(e.getValue(), key)));
            }
            if (!e.getKey().equals("no agent")) {
                line.append(String.format("  added process CPU=%.0f", median(e.getValue(), "process") - baseline));
            }
            System.out.println(line);
        }
    }

    private static Map<String, Double> parse(String line) {
        Map<String, Double> figures = new LinkedHashMap<>();
        for (String pair : line.trim().split(" ")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException("probe printed no figures: " + line);
            }
            figures.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
        }
        return figures;
    }

    /** {@code queue_full} and {@code events_written} of the last {@code agent_health} with {@code final}. */
    private static Map<String, Double> finalHealth(Path logs) throws IOException {
        Map<String, Double> figures = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(logs)) {
            files = walk.filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".jsonl.gz")).toList();
        }
        for (Path file : files) {
            try (InputStream raw = Files.newInputStream(file);
                 BufferedReader reader = new BufferedReader(new InputStreamReader(
                         file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.contains("\"agent_health\"") && line.contains("\"final\":true")) {
                        figures.put("queue_full", number(QUEUE_FULL, line));
                        figures.put("written", number(WRITTEN, line));
                    }
                }
            }
        }
        return figures;
    }

    private static double number(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static double median(List<Map<String, Double>> runs, String key) {
        double[] values = runs.stream().mapToDouble(m -> m.getOrDefault(key, Double.NaN)).toArray();
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
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
        if (process.waitFor() != 0) {
            throw new IllegalStateException("exit " + process.exitValue() + ": " + command);
        }
        return last;
    }
}
