package io.predlog.agent.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads exposition text with real, independent tools: the Python {@code prometheus_client} parser (Debian's
 * {@code python3-prometheus-client}) and {@code promtool check metrics}. A test is skipped, with the reason, when
 * a tool is missing; {@code -Dpredlog.test.python} and {@code -Dpredlog.test.promtool} name them.
 */
public final class PrometheusText {

    /** Prints one JSON object per sample: family, type, sample name, labels, value. */
    private static final String PARSER = String.join("\n",
            "import json, sys",
            "from prometheus_client.parser import text_string_to_metric_families",
            "for f in text_string_to_metric_families(sys.stdin.read()):",
            "    for s in f.samples:",
            "        print(json.dumps({'family': f.name, 'type': f.type, 'name': s.name, 'labels': s.labels,",
            "                          'value': s.value}))");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PrometheusText() {
    }

    /** One parsed sample. */
    public record Sample(String family, String type, String name, Map<String, String> labels, double value) {
    }

    /** The samples the Python parser finds in {@code text} (fails the test on a parse error). */
    public static List<Sample> parse(String text) throws Exception {
        String python = python();
        if (python == null) {
            skip("python3 with prometheus_client is not installed"
                    + " (apt-get install python3-prometheus-client, or -Dpredlog.test.python=PATH)");
        }
        Run run = run(List.of(python, "-c", PARSER), text);
        assertEquals(0, run.exit, "the Python prometheus_client parser rejected the text:\n" + run.err + "\n" + text);
        List<Sample> samples = new ArrayList<>();
        for (String line : run.out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            Map<String, String> labels = new TreeMap<>();
            n.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            samples.add(new Sample(n.get("family").asText(), n.get("type").asText(), n.get("name").asText(), labels,
                    n.get("value").asDouble()));
        }
        return samples;
    }

    /** {@code promtool check metrics} on {@code text}: passes only with no problem reported. */
    public static void lint(String text) throws Exception {
        Path promtool = Path.of(System.getProperty("predlog.test.promtool", "/opt/promtool/promtool"));
        if (!Files.isExecutable(promtool)) {
            skip("promtool not found at " + promtool + " (-Dpredlog.test.promtool=PATH)");
        }
        Run run = run(List.of(promtool.toString(), "check", "metrics"), text);
        assertEquals(0, run.exit, "promtool check metrics:\n" + run.out + run.err + "\n" + text);
        assertEquals("", (run.out + run.err).trim(), "promtool reports no problem");
    }

    /** Skips the calling test, saying why on the console as well as in the test report. */
    private static void skip(String why) {
        System.err.println("[skipped] " + why);
        Assumptions.abort(why);
    }

    /** The single sample of this name whose labels include {@code labels} (name=value pairs). */
    public static double value(List<Sample> samples, String name, String... labels) {
        List<Sample> found = samples.stream().filter(s -> s.name.equals(name) && has(s, labels)).toList();
        if (found.size() != 1) {
            fail(found.size() + " samples " + name + " " + String.join(",", labels) + " in " + samples);
        }
        return found.get(0).value;
    }

    /** The sum over every sample of this name whose labels include {@code labels}; 0 when there is none. */
    public static double sum(List<Sample> samples, String name, String... labels) {
        return samples.stream().filter(s -> s.name.equals(name) && has(s, labels)).mapToDouble(Sample::value).sum();
    }

    private static boolean has(Sample s, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(s.labels.get(labels[i]))) {
                return false;
            }
        }
        return true;
    }

    /** The first python that can import the parser: the configured one, else python3 on the path, else Debian's. */
    private static String python() {
        String configured = System.getProperty("predlog.test.python");
        List<String> candidates = configured != null ? List.of(configured) : List.of("python3", "/usr/bin/python3");
        for (String candidate : candidates) {
            try {
                if (run(List.of(candidate, "-c", "import prometheus_client.parser"), "").exit == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // not there: try the next
            }
        }
        return null;
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        // outputs are small (a few KB): read them after exit without risking a full pipe
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
