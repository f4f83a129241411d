package io.predlog.cli.baseline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.predlog.cli.NothingReadException;
import io.predlog.cli.ReadOptions;
import io.predlog.cli.UsageException;
import io.predlog.cli.output.Values;
import io.predlog.cli.query.CallWeight;
import io.predlog.cli.query.EventStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predlog baseline}: writes a drift baseline file (docs/DRIFT.md, "Baseline files") for one model
 * version from the numeric {@code input.values} of its {@code prediction_success} events in a period
 * ({@code features}) and from their {@code output} and the period's {@code model_stats} ({@code output_features},
 * {@link OutputFeatures}), which the agent then reads with {@code predlog.drift.baseline}. Each event counts the
 * {@code 1 / sample_rate} calls it stands for ({@link QuantileValues}).
 */
@Command(name = "baseline", description = "Writes a drift baseline file (docs/DRIFT.md) for one model version "
        + "from the input.values and the outputs of its successful predictions.")
public final class BaselineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ReadOptions read;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The baseline file to write.")
    Path output;

    @Option(names = "--max-values", paramLabel = "N", defaultValue = "20000",
            description = "At most N values per feature, at evenly spaced quantiles past that (default ${DEFAULT-VALUE}).")
    int maxValues;

    @Parameters(paramLabel = "PATH", description = "Event files and directories (default: ./predlog-logs).")
    List<Path> paths = new ArrayList<>();

    /** The weight of one event: the calls it stands for (a rate missing or outside (0, 1] counts as 1). */
    private static final String WEIGHT = CallWeight.SQL;

    @Override
    public Integer call() throws SQLException, IOException {
        if (read.models().size() != 1 || read.versions().size() != 1) {
            throw new UsageException("a baseline describes one model version: give one --model and one --version, "
                    + "e.g. --model churn --version 3");
        }
        if (maxValues < 10) {
            throw new UsageException("--max-values " + maxValues + " is too few to describe a distribution: give 1000 or more");
        }
        String model = read.models().get(0);
        String version = read.versions().get(0);
        long events;
        double calls;
        String first;
        String last;
        Map<String, List<Double>> features = new TreeMap<>();
        OutputFeatures outputs;
        try (EventStore store = read.open(paths); Statement s = store.connection().createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE baseline_calls AS SELECT input, output, \"timestamp\", " + WEIGHT
                    + " AS w FROM events WHERE event = 'prediction_success'");
            try (ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(w), 0), min(\"timestamp\"), max(\"timestamp\") "
                    + "FROM baseline_calls")) {
                r.next();
                events = r.getLong(1);
                calls = r.getDouble(2);
                first = Values.text(Values.plain(r.getObject(3)), "");
                last = Values.text(Values.plain(r.getObject(4)), "");
            }
            if (events == 0) {
                throw new NothingReadException("no prediction_success of model " + model + " version " + version
                        + " in the events read (check --model, --version, --since, --until); nothing written");
            }
            s.execute("CREATE OR REPLACE TEMP TABLE baseline_values AS SELECT k, v, w FROM ("
                    + "SELECT e.key AS k, e.value AS v, w FROM (SELECT unnest(map_entries(input.\"values\")) AS e, w "
                    + "FROM baseline_calls WHERE input.\"values\" IS NOT NULL) "
                    + "UNION ALL SELECT 'arg' || (i - 1) || '.' || e.key, e.value, w FROM (SELECT unnest(map_entries(arg.\"values\")) AS e, i, w "
                    + "FROM (SELECT unnest(input.args) AS arg, generate_subscripts(input.args, 1) AS i, w FROM baseline_calls "
                    + "WHERE input.args IS NOT NULL) WHERE arg.\"values\" IS NOT NULL)) WHERE isfinite(v)");
            Map<String, QuantileValues> lists = new TreeMap<>();
            try (ResultSet r = s.executeQuery("SELECT k, sum(w), sum(w * w) FROM baseline_values GROUP BY k")) {
                while (r.next()) {
                    lists.put(r.getString(1), new QuantileValues(QuantileValues.count(r.getDouble(2), r.getDouble(3), maxValues),
                            r.getDouble(2)));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT k, v, w FROM baseline_values ORDER BY k, v")) {
                while (r.next()) {
                    lists.get(r.getString(1)).add(r.getDouble(2), r.getDouble(3));
                }
            }
            lists.forEach((k, v) -> features.put(k, v.values()));
            outputs = OutputFeatures.read(s, maxValues);
        }
        long estimated = Math.round(calls);
        boolean sampled = Math.abs(calls - events) > 1e-6 * events;
        String described = estimated + " successful prediction" + (estimated == 1 ? "" : "s")
                + (sampled ? " (estimated from " + events + " events kept, each counting 1 / sample_rate calls)" : "");
        if (features.isEmpty() && outputs.isEmpty()) {
            throw new NothingReadException("no numeric input.values and no output characteristics in " + described + " of "
                    + model + " " + version + "; nothing written. A baseline needs them: run the agent with "
                    + "predlog.input.values=true (the default) on a model whose inputs have numeric fields, or with its "
                    + "outputs characterised");
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("format", "predlog-baseline");
        root.put("version", 1);
        root.put("description", model + " " + version + ", " + described + " from " + first + " to " + last
                + " (predlog baseline)");
        ObjectNode entry = root.putArray("baselines").addObject();
        entry.put("model_id", model);
        entry.put("model_version", version);
        List<String> targets = read.targets();
        if (targets.size() == 1) {
            entry.put("target", targets.get(0));
        }
        entry.put("calls", estimated);
        if (!features.isEmpty()) {
            ObjectNode featureNodes = entry.putObject("features");
            for (Map.Entry<String, List<Double>> f : features.entrySet()) {
                ObjectNode node = featureNodes.putObject(f.getKey());
                node.put("type", "numeric");
                ArrayNode array = node.putArray("values");
                f.getValue().forEach(array::add);
            }
        }
        if (!outputs.isEmpty()) {
            outputs.writeTo(entry);
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        json.writeValue(output.toFile(), root);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + output + ": baseline of " + model + " " + version + " from " + described
                + ", " + features.size() + " numeric feature" + (features.size() == 1 ? "" : "s")
                + (features.isEmpty() ? "" : " (" + String.join(", ", features.keySet()) + ")")
                + ", " + outputs.names().size() + " output feature" + (outputs.names().size() == 1 ? "" : "s")
                + (outputs.isEmpty() ? "" : " (" + String.join(", ", outputs.names()) + ")"));
        out.println("use it with: predlog.drift.baseline = " + output.toAbsolutePath());
        out.flush();
        return 0;
    }
}
