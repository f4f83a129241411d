package io.predlog.benchmarks.wholeprocess;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one line a workload JVM prints for the harness: {@code RESULT name=value name=value …}, numbers only, names
 * without spaces.
 */
final class ResultLine {

    static final String PREFIX = "RESULT ";

    private ResultLine() {
    }

    static String format(Map<String, Double> metrics) {
        StringBuilder line = new StringBuilder(PREFIX.trim());
        metrics.forEach((name, value) -> {
            if (name.isEmpty() || name.contains(" ") || name.contains("=")) {
                throw new IllegalArgumentException("metric name must be non-empty, without spaces or '=': " + name);
            }
            line.append(' ').append(name).append('=').append(value);
        });
        return line.toString();
    }

    static boolean isResult(String line) {
        return line.startsWith(PREFIX);
    }

    static Map<String, Double> parse(String line) {
        if (!isResult(line)) {
            throw new IllegalArgumentException("not a RESULT line: " + line);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String pair : line.substring(PREFIX.length()).trim().split(" +")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not name=value: '" + pair + "' in " + line);
            }
            try {
                metrics.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: '" + pair + "' in " + line);
            }
        }
        return metrics;
    }
}
