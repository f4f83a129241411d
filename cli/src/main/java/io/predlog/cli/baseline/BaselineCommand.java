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
import io.predlog.cli.query.EventStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predlog baseline}: writes a drift baseline file (docs/DRIFT.md, "Baseline files") for one model
 * version from the numeric {@code input.values} of its {@code prediction_success} events in a period, which the
 * agent then reads with {@code predlog.drift.baseline}.
 */
@Command(name = "baseline", description = "Writes a drift baseline file (docs/DRIFT.md) for one model version "
        + "from the input.values of its successful predictions.")
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
            description = "Keep at most N values per feature, a uniform random sample past that (default ${DEFAULT-VALUE}).")
    int maxValues;

    @Parameters(paramLabel = "PATH", description = "Event files and directories (default: ./predlog-logs).")
    List<Path> paths = new ArrayList<>();

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
        FeatureValues values = new FeatureValues(maxValues, (model + "@" + version).hashCode());
        long calls = 0;
        String first = null;
        String last = null;
        try (EventStore store = read.open(paths); Statement s = store.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT input, \"timestamp\" FROM events WHERE event = 'prediction_success' "
                     + "ORDER BY \"timestamp\", file, line")) {
            while (r.next()) {
                calls++;
                values.addInput(io.predlog.cli.output.Values.plain(r.getObject(1)));
                String t = io.predlog.cli.output.Values.text(io.predlog.cli.output.Values.plain(r.getObject(2)), "");
                first = first == null ? t : first;
                last = t;
            }
        }
        if (calls == 0) {
            throw new NothingReadException("no prediction_success of model " + model + " version " + version
                    + " in the events read (check --model, --version, --since, --until); nothing written");
        }
        Map<String, List<Double>> features = values.features();
        if (features.isEmpty()) {
            throw new NothingReadException(calls + " predictions of " + model + " " + version + " have no numeric "
                    + "input.values (predlog.input.values=false, or inputs without numeric fields); nothing written");
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("format", "predlog-baseline");
        root.put("version", 1);
        root.put("description", model + " " + version + ", " + calls + " successful predictions from " + first
                + " to " + last + " (predlog baseline)");
        ObjectNode entry = root.putArray("baselines").addObject();
        entry.put("model_id", model);
        entry.put("model_version", version);
        List<String> targets = read.targets();
        if (targets.size() == 1) {
            entry.put("target", targets.get(0));
        }
        entry.put("calls", calls);
        ObjectNode featureNodes = entry.putObject("features");
        for (Map.Entry<String, List<Double>> f : new TreeMap<>(features).entrySet()) {
            ObjectNode node = featureNodes.putObject(f.getKey());
            node.put("type", "numeric");
            ArrayNode array = node.putArray("values");
            f.getValue().forEach(array::add);
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        json.writeValue(output.toFile(), root);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + output + ": baseline of " + model + " " + version + " from " + calls
                + " successful predictions, " + features.size() + " numeric feature" + (features.size() == 1 ? "" : "s")
                + " (" + String.join(", ", new TreeMap<>(features).keySet()) + ")");
        out.println("use it with: predlog.drift.baseline = " + output.toAbsolutePath());
        out.flush();
        return 0;
    }
}
