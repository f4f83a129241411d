package io.predlog.cli.compare;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.predlog.cli.NothingReadException;
import io.predlog.cli.ReadOptions;
import io.predlog.cli.UsageException;
import io.predlog.cli.output.Format;
import io.predlog.cli.output.Table;
import io.predlog.cli.output.Values;
import io.predlog.cli.query.EventFilter;
import io.predlog.cli.query.EventStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predlog compare}: two versions of a model side by side over the period both served, with the
 * differences that sampling noise does not explain marked (tests in {@link Significance}; docs/CLI.md).
 */
@Command(name = "compare", description = "Two versions of a model side by side over the period both served; "
        + "statistically significant differences marked.")
public final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ReadOptions read;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.01",
            description = "Significance level of each test (default ${DEFAULT-VALUE}).")
    double alpha;

    @Parameters(index = "0", paramLabel = "VERSION_A", description = "The first model version (the reference).")
    String versionA;

    @Parameters(index = "1", paramLabel = "VERSION_B", description = "The second model version.")
    String versionB;

    @Parameters(index = "2..*", paramLabel = "PATH", description = "Event files and directories (default: ./predlog-logs).")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() throws SQLException {
        if (read.models().size() != 1) {
            throw new UsageException("give the model to compare with one --model, e.g. compare --model churn 2 3");
        }
        if (!read.versions().isEmpty()) {
            throw new UsageException("compare takes its two versions as arguments, not --version: "
                    + "compare --model " + read.models().get(0) + " " + versionA + " " + versionB);
        }
        if (versionA.equals(versionB)) {
            throw new UsageException("both versions are " + versionA + ": name two different versions");
        }
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new UsageException("--alpha " + alpha + " is not a significance level: give one between 0 and 0.5, e.g. 0.05");
        }
        String model = read.models().get(0);
        EventFilter filter = read.filter(Instant.now()).withModel(List.of(model), List.of(versionA, versionB));
        PrintWriter out = spec.commandLine().getOut();
        try (EventStore store = ReadOptions.open(filter, paths, spec.commandLine().getErr())) {
            String[] rangeA = range(store, versionA);
            String[] rangeB = range(store, versionB);
            if (rangeA == null || rangeB == null) {
                throw new NothingReadException("no predictions of " + model + " version "
                        + (rangeA == null ? versionA : versionB) + " in the events read (versions seen: "
                        + versions(store, model) + "): name two of the versions seen, or widen --since/--until");
            }
            String from = rangeA[0].compareTo(rangeB[0]) > 0 ? rangeA[0] : rangeB[0];
            String to = rangeA[1].compareTo(rangeB[1]) < 0 ? rangeA[1] : rangeB[1];
            String period;
            if (from.compareTo(to) > 0) {
                from = rangeA[0].compareTo(rangeB[0]) < 0 ? rangeA[0] : rangeB[0];
                to = rangeA[1].compareTo(rangeB[1]) > 0 ? rangeA[1] : rangeB[1];
                period = "the versions never served at the same time: all their predictions, " + iso(from) + " .. " + iso(to);
            } else {
                period = "the period both served: " + iso(from) + " .. " + iso(to);
            }
            VersionFigures a = VersionFigures.read(store.connection(), versionA, from, to);
            VersionFigures b = VersionFigures.read(store.connection(), versionB, from, to);
            out.println("model " + model + ": " + versionA + " vs " + versionB + " over " + period);
            out.println("marked *: significant at alpha " + Values.number(alpha) + " (two-sided; error rate: "
                    + "two-proportion z-test; latency: Mann-Whitney U; input size and values: Kolmogorov-Smirnov)");
            if (a.sampled() || b.sampled()) {
                out.println("sampled: each event counts 1 / sample_rate calls in counts, rates and quantiles; "
                        + "the tests take the events kept as their evidence (docs/CLI.md, compare)");
            }
            out.println();
            Format.TABLE.write(new Table(List.of("", versionA, versionB, "difference", "test"), rows(a, b)), out);
            out.flush();
        }
        return 0;
    }

    private List<List<Object>> rows(VersionFigures a, VersionFigures b) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("calls", Math.round(a.calls()), Math.round(b.calls()), "", null));
        if (a.sampled() || b.sampled()) {
            rows.add(row("  events kept", a.events(), b.events(), "", null));
        }
        rows.add(row("error rate", percent(a.errorRate()) + " (" + Math.round(a.outcomes().failures()) + ")",
                percent(b.errorRate()) + " (" + Math.round(b.outcomes().failures()) + ")",
                points(b.errorRate() - a.errorRate()), Significance.proportions(a.outcomes(), b.outcomes())));
        for (String type : new TreeSet<>(union(a.errorTypes(), b.errorTypes()))) {
            rows.add(row("  " + type, Math.round(a.errorTypes().getOrDefault(type, 0.0)),
                    Math.round(b.errorTypes().getOrDefault(type, 0.0)), "", null));
        }
        Significance latency = Significance.mannWhitney(a.latency(), b.latency());
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            rows.add(row("latency p" + Math.round(q * 100) + " ms", num(a.latency().quantile(q)), num(b.latency().quantile(q)),
                    ratio(a.latency().quantile(q), b.latency().quantile(q)), q == 0.5 ? latency : null));
        }
        rows.add(row("input size mean bytes", num(a.inputSize().mean()), num(b.inputSize().mean()),
                ratio(a.inputSize().mean(), b.inputSize().mean()), Significance.kolmogorovSmirnov(a.inputSize(), b.inputSize())));
        for (String feature : new TreeSet<>(union(a.features(), b.features()))) {
            Sample x = a.features().getOrDefault(feature, Sample.of(new double[0]));
            Sample y = b.features().getOrDefault(feature, Sample.of(new double[0]));
            rows.add(row("input.values['" + feature + "'] n", Math.round(x.weight()), Math.round(y.weight()), "", null));
            rows.add(row("  mean", num(x.mean()), num(y.mean()), diff(x.mean(), y.mean()), Significance.kolmogorovSmirnov(x, y)));
            rows.add(row("  p10 / p50 / p90", quantiles(x), quantiles(y), "", null));
        }
        rows.add(row("distinct outputs", diversity(a), diversity(b), "", null));
        return rows;
    }

    private List<Object> row(String name, Object a, Object b, String difference, Significance test) {
        String testText = test == null ? "" : (test.significant(alpha) ? "* " : "  ") + test.test() + " p="
                + String.format(java.util.Locale.ROOT, "%.3g", test.p());
        return Arrays.asList(name, a instanceof Number n ? Values.text(n, "") : a, b instanceof Number n ? Values.text(n, "") : b,
                difference, testText);
    }

    private static String diversity(VersionFigures v) {
        return v.outputs() == 0 ? "-" : v.distinctOutputs() + " of " + v.outputs() + (v.sampled() ? " kept" : "") + " (" + percent((double) v.distinctOutputs() / v.outputs()) + ")";
    }

    private static String quantiles(Sample s) {
        return s.size() == 0 ? "-" : num(s.quantile(0.1)) + " / " + num(s.quantile(0.5)) + " / " + num(s.quantile(0.9));
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(java.util.Locale.ROOT, "%.2f%%", fraction * 100);
    }

    private static String points(double difference) {
        return Double.isNaN(difference) ? "" : String.format(java.util.Locale.ROOT, "%+.2f pp", difference * 100);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || a == 0 ? "" : String.format(java.util.Locale.ROOT, "x%.2f", b / a);
    }

    private static String diff(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? "" : (b >= a ? "+" : "") + num(b - a);
    }

    private static String num(double d) {
        if (Double.isNaN(d)) {
            return "-";
        }
        double rounded = Math.abs(d) >= 100 ? Math.round(d * 10) / 10.0 : Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", d));
        return Values.number(rounded);
    }

    private static <T> List<String> union(Map<String, T> a, Map<String, T> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static String[] range(EventStore store, String version) throws SQLException {
        try (var p = store.connection().prepareStatement("SELECT strftime(min(\"timestamp\"), '%Y-%m-%d %H:%M:%S.%g'), "
                + "strftime(max(\"timestamp\"), '%Y-%m-%d %H:%M:%S.%g') FROM events WHERE model_version = ? AND event LIKE 'prediction_%'")) {
            p.setString(1, version);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getString(1) == null ? null : new String[] {r.getString(1), r.getString(2)};
            }
        }
    }

    private static String versions(EventStore store, String model) throws SQLException {
        try (Statement s = store.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT DISTINCT model_version FROM events WHERE event LIKE 'prediction_%' "
                     + "ORDER BY 1")) {
            List<String> out = new ArrayList<>();
            while (r.next()) {
                out.add(r.getString(1));
            }
            return out.isEmpty() ? "none" : out.stream().collect(Collectors.joining(", "));
        }
    }

    private static String iso(String sqlTimestamp) {
        return sqlTimestamp.replace(' ', 'T') + "Z";
    }
}
