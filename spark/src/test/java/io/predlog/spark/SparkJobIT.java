package io.predlog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.predlog.cli.report.IncidentLogs;

/**
 * The packaged job, {@code spark/target/predlog-spark.jar}, in a JVM of its own with Spark's jars beside it and
 * nothing else, as {@code spark-submit} runs it (in local mode, as it runs without a master), reading the topic the
 * {@code kafka} sink writes to from a real broker (KRaft, one node, from the Maven artifacts:
 * {@code benchmarks/kafka-broker.sh}); against the packaged command line, {@code predlog report --json}, on the file
 * of the same events. The topic holds the incident hour's events keyed by model id as the sink keys them, part of
 * them twice as an at-least-once delivery leaves them.
 */
class SparkJobIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "predlog-events";
    private static final int RESENT = 200;

    @TempDir
    static Path dir;

    private static Path log;
    private static List<String> lines;
    private static Process broker;
    private static int port;

    /** What a run printed and how it ended. */
    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void startTheBrokerAndSendTheEvents() throws Exception {
        // every event with its id, as the sink writes it: the id is what tells a re-sent event from a new one
        lines = new ArrayList<>();
        long n = 0;
        for (String line : Files.readAllLines(IncidentLogs.all(dir.resolve("incidents.jsonl"), 40))) {
            ObjectNode event = (ObjectNode) JSON.readTree(line);
            event.put("event_id", String.format("%032x", ++n));
            lines.add(JSON.writeValueAsString(event));
        }
        log = Files.write(dir.resolve("events.jsonl"), lines);
        port = freePortPair();
        Path brokerLog = dir.resolve("broker.log");
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("..").toAbsolutePath().normalize()
                .resolve("benchmarks/kafka-broker.sh").toString()).redirectErrorStream(true).redirectOutput(brokerLog.toFile());
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().put("TMPDIR", dir.toString());
        broker = pb.start();
        awaitPort(brokerLog);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String line : lines) {
                producer.send(new ProducerRecord<>(TOPIC, JSON.readTree(line).path("model_id").asText(null), line));
            }
            // a re-send after a lost acknowledgement: the same events again
            for (String line : lines.subList(0, RESENT)) {
                producer.send(new ProducerRecord<>(TOPIC, JSON.readTree(line).path("model_id").asText(null), line));
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stopTheBroker() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
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
        command.add("-Dspark.sql.shuffle.partitions=4");
        command.add("-cp");
        command.add(System.getProperty("predlog.spark.jar") + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("predlog.spark.classpath"))).trim());
        command.add("io.predlog.spark.SparkReport");
        command.addAll(List.of(args));
        return run(command);
    }

    @Test
    void thePackagedJobReportsTheTopicAsThePackagedCommandLineReportsTheFile() throws Exception {
        Path report = dir.resolve("report.json");
        Run job = job("--json", "--out", report.toString(), "--events-parquet", dir.resolve("events.parquet").toString(),
                "--kafka-bootstrap", "localhost:" + port, "--kafka-topic", TOPIC);
        assertEquals(0, job.exit(), job.err());
        assertTrue(job.err().contains("predlog-spark: " + lines.size() + " events from topic " + TOPIC),
                "one event per event_id, of " + (lines.size() + RESENT) + " records: " + job.err());
        assertTrue(Files.exists(dir.resolve("events.parquet/_SUCCESS")), "the events view written as Parquet");
        Run cli = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("predlog.cli.jar"), "report", "--json", log.toString()));
        assertEquals(0, cli.exit(), cli.err());
        JsonNode expected = JSON.readTree(cli.out());
        assertTrue(expected.get("findings").size() >= 1, cli.out());
        assertEquals(expected.toPrettyString(), JSON.readTree(Files.readString(report)).toPrettyString());
    }

    @Test
    void aWrongCommandLineIsAUsageError() throws Exception {
        Run job = job("--jsn", log.toString());
        assertEquals(2, job.exit());
        assertTrue(job.err().startsWith("predlog-spark: unknown option --jsn\nUsage: spark-submit predlog-spark.jar"), job.err());
    }

    /** A port whose next port is free too (the broker's controller listens there). */
    private static int freePortPair() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket a = new ServerSocket(0)) {
                int candidate = a.getLocalPort();
                try (ServerSocket b = new ServerSocket(candidate + 1)) {
                    return candidate;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no two free ports in a row");
    }

    private static void awaitPort(Path brokerLog) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new AssertionError("the broker exited: " + Files.readString(brokerLog));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("localhost", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(300);
            }
        }
        throw new AssertionError("the broker did not listen on " + port + " within 90 s: " + Files.readString(brokerLog));
    }
}
