package io.predlog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.predlog.cli.query.EventFilter;
import io.predlog.cli.query.EventStore;
import io.predlog.cli.report.Detectors;
import io.predlog.cli.report.IncidentLogs;
import io.predlog.cli.report.Report;
import io.predlog.cli.report.ReportWriter;

/**
 * The job reading the topic the {@code kafka} sink writes to: a real broker (KRaft, one node, from the Maven
 * artifacts: {@code benchmarks/kafka-broker.sh}) holding the incident hour's events, keyed by model id as the sink
 * keys them, part of them twice as an at-least-once delivery leaves them; the report from the topic is the command
 * line's report from the file.
 */
class KafkaSourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theReportFromTheTopicIsTheReportFromTheFile() throws Exception {
        // every event with its id, as the sink writes it: the id is what tells a re-sent event from a new one
        List<String> lines = new ArrayList<>();
        long n = 0;
        for (String line : Files.readAllLines(IncidentLogs.all(dir.resolve("incidents.jsonl"), 40))) {
            ObjectNode event = (ObjectNode) JSON.readTree(line);
            event.put("event_id", String.format("%032x", ++n));
            lines.add(JSON.writeValueAsString(event));
        }
        Path log = Files.write(dir.resolve("events.jsonl"), lines);
        int port = freePortPair();
        Path repository = Path.of("..").toAbsolutePath().normalize();
        Path brokerLog = dir.resolve("broker.log");
        ProcessBuilder pb = new ProcessBuilder("bash", repository.resolve("benchmarks/kafka-broker.sh").toString())
                .redirectErrorStream(true).redirectOutput(brokerLog.toFile());
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().put("TMPDIR", dir.toString());
        Process broker = pb.start();
        try {
            awaitPort(port, broker, brokerLog);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                for (String line : lines) {
                    producer.send(new ProducerRecord<>("predlog-events", JSON.readTree(line).path("model_id").asText(null), line));
                }
                // a re-send after a lost acknowledgement: the same events again
                for (String line : lines.subList(0, 200)) {
                    producer.send(new ProducerRecord<>("predlog-events", JSON.readTree(line).path("model_id").asText(null), line));
                }
                producer.flush();
            }

            JsonNode cli;
            try (EventStore store = EventStore.open(EventFilter.ALL)) {
                store.load(List.of(log), null, EventStore.Content.REPORT);
                cli = ReportWriter.tree(Report.of(store.connection(), List.of(), Detectors.ALL));
            }
            SparkSession spark = SparkSession.builder().master("local[2]").appName("predlog kafka source")
                    .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
            Path report = dir.resolve("report.json");
            StringWriter err = new StringWriter();
            try {
                Dataset<Row> typed = PredlogEvents.readKafka(spark,
                        Map.of("kafka.bootstrap.servers", "localhost:" + port, "subscribe", "predlog-events"));
                assertEquals(lines.size() + 200, typed.count(), "every record of the topic is read");
                // the job as its command line runs it: the topic, deduplicated, reported
                int code = SparkReport.run(spark, SparkReport.Options.parse(new String[] {"--json", "--out", report.toString(),
                        "--kafka-bootstrap", "localhost:" + port, "--kafka-topic", "predlog-events"}), new PrintWriter(err, true));
                assertEquals(0, code, err.toString());
            } finally {
                spark.stop();
            }
            assertTrue(err.toString().contains("predlog-spark: " + lines.size() + " events from topic predlog-events"),
                    "one event per event_id: " + err);
            JsonNode onSpark = JSON.readTree(report.toFile());
            assertTrue(cli.get("findings").size() >= 1, cli.toPrettyString());
            assertEquals(cli.toPrettyString(), onSpark.toPrettyString());
        } finally {
            broker.destroy();
            if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    /** A port whose next port is free too (the broker's controller listens there). */
    private static int freePortPair() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket a = new ServerSocket(0)) {
                int port = a.getLocalPort();
                try (ServerSocket b = new ServerSocket(port + 1)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no two free ports in a row");
    }

    private static void awaitPort(int port, Process broker, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new AssertionError("the broker exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("localhost", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(300);
            }
        }
        throw new AssertionError("the broker did not listen on " + port + " within 90 s: " + Files.readString(log));
    }
}
