package io.predlog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.predlog.cli.query.EventColumn;
import io.predlog.cli.query.EventFilter;
import io.predlog.cli.query.EventStore;
import io.predlog.cli.query.EventsView;
import io.predlog.cli.report.Detectors;
import io.predlog.cli.report.IncidentLogs;
import io.predlog.cli.report.Report;
import io.predlog.cli.report.ReportWriter;

/**
 * The report as a Spark job in local mode, against the command line's report on the same logs: an hour with every
 * incident the report knows planted in it, read as a directory tree, gzipped, with lines that are not events.
 */
class SparkReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path logs;

    @BeforeAll
    static void start() throws Exception {
        logs = dir.resolve("logs");
        Path plain = IncidentLogs.all(logs.resolve("2026/11/27/02/events-0.jsonl"));
        // a gzipped file in another directory holding part of the hour again and two lines that are not events
        Path gz = logs.resolve("2026/11/27/03/events-1.jsonl.gz");
        Files.createDirectories(gz.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("not an event\n".getBytes(StandardCharsets.UTF_8));
            for (String line : Files.readAllLines(plain).subList(0, 1_000)) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write("{\"truncated\":\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(logs.resolve("README.txt"), "not an event file: left alone\n");
        spark = SparkSession.builder().master("local[2]").appName("predlog report test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        SparkReport.configure(spark);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static JsonNode cliReport(Path path) throws Exception {
        try (EventStore store = EventStore.open(EventFilter.ALL)) {
            store.load(List.of(path), null, EventStore.Content.REPORT);
            return ReportWriter.tree(Report.of(store.connection(), List.of(path), Detectors.ALL));
        }
    }

    @Test
    void theJobFindsWhatTheCommandLineFinds() throws Exception {
        JsonNode cli = cliReport(logs);
        Path out = dir.resolve("report.json");
        StringWriter err = new StringWriter();
        // the job as its command line runs it
        int code = SparkReport.run(spark, SparkReport.Options.parse(new String[] {"--json", "--out", out.toString(),
                logs.toString()}), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertTrue(err.toString().contains(" events from 2 files under " + logs + "; 2 lines that are not events left out"),
                err.toString());
        assertTrue(cli.get("findings").size() >= 5, "the planted incidents are found: " + cli.toPrettyString());
        SameReport.assertSame(cli, JSON.readTree(out.toFile()));
    }

    /**
     * Calls of concurrent threads often end in the same millisecond, and a file's lines are not in time order: the
     * events of the planted hour with their timestamps cut to the second and their lines reversed name the same
     * example requests on both engines.
     */
    @Test
    void eventsInTheSameMillisecondAreNamedAlikeByBothEngines() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(logs.resolve("2026/11/27/02/events-0.jsonl")));
        Collections.reverse(lines);
        Pattern millis = Pattern.compile("(\"timestamp\":\"[^\".]+)\\.\\d{3}Z\"");
        List<String> cut = lines.stream().map(l -> millis.matcher(l).replaceFirst("$1.000Z\"")).toList();
        assertTrue(cut.stream().filter(l -> l.contains(".000Z\"")).count() > lines.size() / 2, "timestamps were cut");
        Path tied = dir.resolve("tied/events-0.jsonl");
        Files.createDirectories(tied.getParent());
        Files.write(tied, cut);
        JsonNode cli = cliReport(tied.getParent());
        Path out = dir.resolve("tied.json");
        StringWriter err = new StringWriter();
        int code = SparkReport.run(spark, SparkReport.Options.parse(new String[] {"--json", "--out", out.toString(),
                tied.getParent().toString()}), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertTrue(cli.toString().contains("example requests"), cli.toPrettyString());
        SameReport.assertSame(cli, JSON.readTree(out.toFile()));
    }

    @Test
    void theEventsViewHasTheCommandLinesColumnsInOrder() {
        Dataset<Row> typed = PredlogEvents.read(spark, List.of(logs.resolve("2026/11/27/02/events-0.jsonl").toString()));
        List<String> names = List.of(PredlogEvents.view(typed, false).columns());
        assertEquals(EventsView.COLUMNS.stream().map(EventColumn::name).toList(), names);
        Row first = PredlogEvents.view(typed, false).filter("event = 'prediction_success'").limit(1).collectAsList().get(0);
        assertFalse(first.isNullAt(first.fieldIndex("input")), "input is parsed");
        assertTrue(first.getString(first.fieldIndex("raw")).startsWith("{\"event\":\"prediction_success\""));
    }

    @Test
    void linesThatAreNotEventsAreCountedAndLeftOut() throws Exception {
        List<String> files = PredlogEvents.files(spark, List.of(logs.toString()));
        assertEquals(2, files.size(), "the .jsonl and the .jsonl.gz, not the README: " + files);
        Dataset<Row> typed = PredlogEvents.read(spark, files);
        assertEquals(2, typed.filter(PredlogEvents.UNREADABLE).count());
        assertEquals(typed.count() - 2, PredlogEvents.view(typed, false).count());
    }

    @Test
    void aDirectoryWithoutEventFilesHasNothingToReportOn() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        StringWriter err = new StringWriter();
        int code = SparkReport.run(spark, SparkReport.Options.parse(new String[] {empty.toString()}), new PrintWriter(err, true));
        assertEquals(1, code);
        assertTrue(err.toString().contains("predlog-spark: nothing to report on: no events in 0 files under " + empty),
                err.toString());
    }

    @Test
    void aMissingPathIsAnErrorNamingIt() throws Exception {
        StringWriter err = new StringWriter();
        int code = SparkReport.run(spark, SparkReport.Options.parse(new String[] {dir.resolve("nowhere").toString()}),
                new PrintWriter(err, true));
        assertEquals(1, code);
        assertTrue(err.toString().contains("no such file or directory: " + dir.resolve("nowhere")), err.toString());
    }
}
