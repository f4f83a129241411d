package io.predlog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.predlog.cli.report.IncidentLogs;

/**
 * The packaged job, {@code spark/target/predlog-spark.jar}, in a JVM of its own with Spark's jars beside it and
 * nothing else, as {@code spark-submit} runs it (in local mode, as it runs without a master), against the packaged
 * command line, {@code predlog report --json}, on the same logs.
 */
class SparkJobIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path logs;

    /** What a run printed and how it ended. */
    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void write() throws Exception {
        logs = dir.resolve("logs");
        IncidentLogs.all(logs.resolve("2026/11/27/02/events-0.jsonl"), 40);
    }

    private static Run run(List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 5 minutes: " + command + "\n" + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Run job(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(Arrays.asList(System.getProperty("predlog.spark.opens").trim().split("\\s+")));
        command.add("-cp");
        command.add(System.getProperty("predlog.spark.jar") + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("predlog.spark.classpath"))).trim());
        command.add("io.predlog.spark.SparkReport");
        command.addAll(List.of(args));
        return run(command);
    }

    @Test
    void thePackagedJobReportsWhatThePackagedCommandLineReports() throws Exception {
        Path report = dir.resolve("report.json");
        Run job = job("--json", "--out", report.toString(), "--events-parquet", dir.resolve("events.parquet").toString(),
                logs.toString());
        assertEquals(0, job.exit(), job.err());
        assertTrue(job.err().contains(" events from 1 file under " + logs), "the job says what it read: " + job.err());
        Run cli = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("predlog.cli.jar"), "report", "--json", logs.toString()));
        assertEquals(0, cli.exit(), cli.err());
        JsonNode expected = JSON.readTree(cli.out());
        assertTrue(expected.get("findings").size() >= 1, cli.out());
        assertEquals(expected.toPrettyString(), JSON.readTree(Files.readString(report)).toPrettyString());
        assertTrue(Files.exists(dir.resolve("events.parquet/_SUCCESS")), "the events view written as Parquet");
    }

    @Test
    void aWrongCommandLineIsAUsageError() throws Exception {
        Run job = job("--jsn", logs.toString());
        assertEquals(2, job.exit());
        assertTrue(job.err().startsWith("predlog-spark: unknown option --jsn\nUsage: spark-submit predlog-spark.jar"), job.err());
    }
}
