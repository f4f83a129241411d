package io.predlog.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.predlog.cli.CommandRunner;
import io.predlog.cli.Main;
import io.predlog.cli.fixture.AgentLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailCommandTest {

    @TempDir
    Path dir;

    /** The last {@code model_stats} event of fraud v2 the agent wrote under {@code dir}, read with Jackson. */
    static JsonNode lastModelStats(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode last = null;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.jsonl(\\.gz)?")).toList()) {
                InputStream in = Files.newInputStream(file);
                if (file.toString().endsWith(".gz")) {
                    in = new GZIPInputStream(in);
                }
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        JsonNode e = json.readTree(line);
                        if (e.path("event").asText().equals("model_stats") && e.path("model_id").asText().equals("fraud")
                                && e.path("model_version").asText().equals("v2") && (last == null
                                || e.path("timestamp").asText().compareTo(last.path("timestamp").asText()) >= 0)) {
                            last = e;
                        }
                    }
                }
            }
        }
        assertTrue(last != null, "the run wrote model_stats");
        return last;
    }

    static String event(String name, String level, String time, String extra) {
        return "{\"event\":\"" + name + "\",\"level\":\"" + level + "\",\"timestamp\":\"" + time + "\",\"schema\":1,"
                + "\"service\":\"svc\",\"host\":\"h\",\"pid\":1,\"thread\":\"t\"" + extra + "}\n";
    }

    @Test
    void printsTheLastEventsOfARealRunAsReadableLinesInTimeOrder() throws IOException {
        CommandRunner.Run run = CommandRunner.run("tail", "-n", "5", AgentLogs.gateway().toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(5, lines.size(), run.out());
        assertTrue(lines.get(4).matches("\\S+Z INFO  gateway agent_health  written=\\d+ dropped=0 queue=0/\\d+  final"), lines.get(4));
        // the run's last statistics window: all its calls, or the part after a window boundary the run crossed
        long lastWindowCalls = lastModelStats(AgentLogs.gateway()).path("calls").asLong();
        assertTrue(lines.stream().anyMatch(l -> l.matches(".* INFO  gateway model_stats fraud@v2  calls="
                + lastWindowCalls + " errors=\\d+  p99=.*")), run.out());
        List<String> times = lines.stream().map(l -> l.substring(0, l.indexOf(' '))).toList();
        assertEquals(times.stream().sorted().toList(), times, "time order");
    }

    @Test
    void levelFilterKeepsOnlyErrorsWithTheirErrorType() {
        CommandRunner.Run run = CommandRunner.run("tail", "-n", "1000", "--level", "error", AgentLogs.fraud().toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.size() > 10, run.out());
        assertTrue(lines.stream().allMatch(l -> l.contains(" ERROR fraud-scorer ")), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("model_load_failure fraud@broken")
                && l.endsWith("java.io.FileNotFoundException: model file of fraud broken is missing")), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("inflight_at_crash fraud@v1  crashed_pid=")), run.out());
    }

    @Test
    void anUnknownLevelIsAUsageError() {
        CommandRunner.Run run = CommandRunner.run("tail", "--level", "debug", dir.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--level debug is not a level: use INFO, WARN or ERROR"), run.err());
    }

    @Test
    void followPrintsLinesAppendedToAGrowingFileAndNewFilesButNotAHalfWrittenLine() throws Exception {
        Path file = dir.resolve("2026/11/27/02/predlog-svc-20261127-024800-1-0000.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, event("request_start", "INFO", "2026-11-27T02:48:00.000Z", ",\"request_id\":\"old\""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Thread tail = new Thread(() -> Main.run(new String[] {"tail", "-f", "--interval", "0.05", dir.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true)));
        tail.start();
        try {
            awaitOutput(out, "req=old");
            String next = event("prediction_failure", "ERROR", "2026-11-27T02:48:01.000Z",
                    ",\"request_id\":\"new\",\"model_id\":\"m\",\"model_version\":\"2\",\"latency_ms\":3.5,\"error_type\":\"java.lang.X\"");
            Files.writeString(file, next + next.substring(0, 30), StandardOpenOption.APPEND);
            awaitOutput(out, "req=new");
            // the file is gzipped as the agent does when it closes it; a new file appears
            byte[] gz = gzip(Files.readString(file).substring(0, Files.readString(file).lastIndexOf('\n') + 1));
            Files.write(file.resolveSibling(file.getFileName() + ".gz"), gz);
            Files.delete(file);
            Files.writeString(file.resolveSibling("predlog-svc-20261127-024800-1-0001.jsonl"),
                    event("request_success", "INFO", "2026-11-27T02:48:02.000Z", ",\"request_id\":\"newer\",\"latency_ms\":12.5"));
            awaitOutput(out, "req=newer");
        } finally {
            tail.interrupt();
            tail.join(10_000);
        }
        List<String> lines = out.toString().lines().toList();
        assertEquals(List.of(
                "2026-11-27T02:48:00Z INFO  svc request_start  req=old",
                "2026-11-27T02:48:01Z ERROR svc prediction_failure m@2 3.5 ms  req=new  java.lang.X",
                "2026-11-27T02:48:02Z INFO  svc request_success 12.5 ms  req=newer"), lines);
        assertEquals("", err.toString());
    }

    private static void awaitOutput(StringWriter out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!out.toString().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in: " + out);
            }
            Thread.sleep(20);
        }
    }

    static byte[] gzip(String text) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
