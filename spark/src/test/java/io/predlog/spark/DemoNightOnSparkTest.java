package io.predlog.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.predlog.cli.query.EventFilter;
import io.predlog.cli.query.EventStore;
import io.predlog.cli.report.Detectors;
import io.predlog.cli.report.Report;
import io.predlog.cli.report.ReportWriter;

/**
 * The job on the demo's logs as they really are: {@code scripts/demo.sh} (the sample service under the real agent,
 * its five incidents, the crash and the restart), shortened to 28 s of traffic: the night {@code DemoNightsTest} of
 * the command line ran with every incident (its logs stay under {@code cli/target/demo-nights/all}), or, when that
 * test did not run, a night of its own. Spark in local mode reads the log directory and reports what the command
 * line reports on it.
 */
class DemoNightOnSparkTest {

    @TempDir
    Path dir;

    @Test
    void theJobReportsTheDemoNightAsTheCommandLineDoes() throws Exception {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        Path logs = repository.resolve("cli/target/demo-nights/all");
        if (!Files.isRegularFile(repository.resolve("cli/target/demo-nights/all.out"))) {
            logs = night(repository);
        }

        JsonNode cli;
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            store.load(List.of(logs), null, EventStore.Content.REPORT);
            cli = ReportWriter.tree(Report.of(store.connection(), List.of(logs), Detectors.ALL));
        }
        SparkSession spark = SparkSession.builder().master("local[2]").appName("predlog demo night")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        JsonNode onSpark;
        try {
            SparkReport.configure(spark);
            Dataset<Row> typed = PredlogEvents.read(spark, PredlogEvents.files(spark, List.of(logs.toString())));
            PredlogEvents.view(PredlogEvents.withoutPredictionText(typed), false).createOrReplaceTempView("events");
            onSpark = ReportWriter.tree(Report.of(new SparkEngine(spark), List.of(logs), Detectors.ALL));
        } finally {
            spark.stop();
        }
        assertTrue(cli.get("findings").size() >= 3, "the night's incidents are found: " + cli.toPrettyString());
        SameReport.assertSame(cli, onSpark);
    }

    /** A night of its own, as {@code DemoNightsTest} runs its "all" night (every incident, seed 16). */
    private Path night(Path repository) throws Exception {
        Path logs = dir.resolve("night");
        Path out = dir.resolve("demo.out");
        Process demo = new ProcessBuilder("bash", repository.resolve("scripts/demo.sh").toString(), "--seconds", "28",
                "--seed", "16", "--no-report", "--dir", logs.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = demo.waitFor(6, TimeUnit.MINUTES);
        if (!ended) {
            demo.descendants().forEach(ProcessHandle::destroy);
            demo.destroy();
            demo.waitFor(20, TimeUnit.SECONDS);
        }
        assertTrue(ended && demo.exitValue() == 0, () -> "demo.sh did not end well:\n" + read(out));
        return logs;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }
}
