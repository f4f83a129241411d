package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.predlog.agenttests.fixtures.kafka.KafkaScoringApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.KafkaBroker;
import io.predlog.agenttests.harness.RunningJvm;
import io.predlog.agenttests.harness.TestEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code kafka} sink, loaded from its extension jar, against a real broker (Apache Kafka 4 in KRaft mode, in a
 * JVM of its own): every prediction reaches the topic keyed by its model; a broker that is killed for 20 s
 * costs the application's calls nothing and loses no event; a service stopped while the broker is down keeps its
 * events in the spool and sends them after its restart, once the broker is back (docs/SINKS.md).
 *
 * <p>Delivery is at least once, so events are counted after removing duplicates by their {@code event_id}, as a
 * consumer does (docs/SINKS.md): two messages with the same {@code event_id} are one event sent twice, and carry the
 * same line.
 */
class KafkaSinkTest {

    private static final String TARGET = "predict.scorers=" + KafkaScoringApp.Scorer.class.getName() + "#predict";
    private static final Pattern PHASE = Pattern.compile("phase (\\d+) calls=(\\d+) p50_us=(\\d+) p90_us=(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path brokerDir;
    private static KafkaBroker broker;

    @BeforeAll
    static void startTheBroker() throws Exception {
        TestEnvironment.javaExecutable(); // skipped with the other agent tests when the JDK is
        broker = KafkaBroker.format(brokerDir);
        broker.start();
    }

    @AfterAll
    static void stopTheBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** The service under the agent with the kafka sink on {@code topic}, spooling under {@code spool}. */
    private static RunningJvm service(String topic, Path spool, Path control, String... appArgs) throws IOException {
        return service("", "", topic, spool, control, appArgs);
    }

    /** The same with {@code moreJars} after the sink's in {@code predlog.extensions}, and {@code moreArgs}. */
    private static RunningJvm service(String moreJars, String moreArgs, String topic, Path spool, Path control,
            String... appArgs) throws IOException {
        List<Path> classpath = new ArrayList<>(List.of(TestEnvironment.fixtureClasses()));
        classpath.addAll(KafkaBroker.applicationClientJars());
        List<String> args = new ArrayList<>(List.of(control.toString()));
        args.addAll(List.of(appArgs));
        return AgentJvm.main(KafkaScoringApp.class).classpath(classpath.toArray(Path[]::new))
                .agentArgs(TARGET + ",sinks=kafka,extensions=" + KafkaBroker.sinkJar() + moreJars
                        + ",kafka.topic=" + topic
                        + ",kafka.producer.bootstrap.servers=" + broker.bootstrap() + ",kafka.spool.dir=" + spool
                        + ",health.interval_s=0" + moreArgs)
                .args(args.toArray(String[]::new)).timeout(Duration.ofMinutes(3)).start();
    }

    /** Starts phase {@code k} of {@code calls} calls, {@code pauseMicros} apart, and waits for its line. */
    private static Matcher phase(RunningJvm app, Path control, int k, int calls, long pauseMicros, Duration limit)
            throws IOException {
        Path file = Files.writeString(control.resolve("next.tmp"), calls + " " + pauseMicros);
        Files.move(file, control.resolve("run-" + k), StandardCopyOption.ATOMIC_MOVE); // never seen half written
        return app.awaitStdout(Pattern.compile("phase " + k + " calls=(\\d+) p50_us=(\\d+) p90_us=(\\d+)"), limit);
    }

    private static JvmRun stop(RunningJvm app, Path control) throws IOException {
        Files.writeString(control.resolve("stop"), "");
        app.awaitStdout(Pattern.compile("stopping"), Duration.ofSeconds(30));
        return app.stop();
    }

    /**
     * The distinct prediction events of {@code records}, by their {@code event_id}: a message sent again is the same
     * line, so two messages with one {@code event_id} must have the same value.
     */
    private static Set<String> predictions(List<ConsumerRecord<String, String>> records) {
        Map<String, String> byId = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            if (r.value().contains("\"event\":\"prediction_success\"")) {
                String id = eventId(r.value());
                String earlier = byId.putIfAbsent(id, r.value());
                if (earlier != null && !earlier.equals(r.value())) {
                    throw new AssertionError("two events with event_id " + id + ":\n" + earlier + "\n" + r.value());
                }
            }
        }
        return byId.keySet();
    }

    private static String eventId(String line) {
        try {
            JsonNode id = JSON.readTree(line).get("event_id");
            if (id == null || !id.isTextual() || !id.asText().matches("[0-9a-f]{32}")) {
                throw new AssertionError("no event_id of 32 hex digits: " + line);
            }
            return id.asText();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static List<ConsumerRecord<String, String>> readUntil(String topic, int predictions) {
        return broker.read(topic, records -> predictions(records).size() >= predictions, Duration.ofSeconds(90));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long segments(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(p -> p.toString().endsWith(".spool")).count();
        }
    }

    @Test
    void everyPredictionReachesTheTopicKeyedByItsModelBesideTheApplicationsOwnKafkaClient(@TempDir Path dir)
            throws Exception {
        String topic = "every-event";
        broker.createTopic(topic, 3);
        Path control = Files.createDirectories(dir.resolve("control"));
        // zstd: its library given as a second extension jar (the sink's jar carries lz4 only)
        Path zstd = Path.of(System.getProperty("predlog.test.kafka.zstd.jar", "target/kafka-zstd/zstd-jni.jar"));
        RunningJvm app = service(File.pathSeparator + zstd, ",kafka.producer.compression.type=zstd", topic,
                dir.resolve("spool"), control, broker.bootstrap());
        app.awaitStdout(Pattern.compile("^ready"), Duration.ofSeconds(90));
        phase(app, control, 1, 2_000, 0, Duration.ofSeconds(60));
        JvmRun run = stop(app, control);

        List<ConsumerRecord<String, String>> records = readUntil(topic, 2_000);

        assertEquals(2_000, predictions(records).size(), "distinct predictions of " + records.size() + " messages");
        Set<String> models = new HashSet<>();
        for (ConsumerRecord<String, String> r : records) {
            JsonNode event = parse(r.value());
            if (event.path("event").asText().equals("prediction_success")) {
                assertEquals(event.path("model_id").asText(), r.key(), "the key is the model id: " + r.value());
                models.add(r.key());
            }
        }
        assertEquals(Set.of("FraudModel", "ChurnModel"), models);
        // the application's own client, another version, works in the same JVM as the sink's
        assertTrue(run.appStdout().contains("app kafka-clients 4.1.1"), run.appStdout().toString());
        assertTrue(run.appStdout().contains("app own message delivered"), run.describe());
        assertTrue(run.diagnostics().stream().anyMatch(l -> l.contains("kafka-clients 4.4.0")),
                run.diagnostics().toString());
        assertEquals(0, segments(dir.resolve("spool")), "nothing left in the spool");
        assertTrue(run.diagnostics().stream().noneMatch(l -> l.contains("WARN") || l.contains("ERROR")),
                run.diagnostics().toString());
    }

    @Test
    void aBrokerDownFor20SecondsCostsTheCallsNothingAndLosesNoEvent(@TempDir Path dir) throws Exception {
        String topic = "broker-down";
        broker.createTopic(topic, 3);
        Path control = Files.createDirectories(dir.resolve("control"));
        RunningJvm app = service(topic, dir.resolve("spool"), control);
        app.awaitStdout(Pattern.compile("^ready"), Duration.ofSeconds(90));
        phase(app, control, 1, 1_000, 1_000, Duration.ofSeconds(60)); // warm: the JIT has seen the calls
        Matcher up = phase(app, control, 2, 600, 5_000, Duration.ofSeconds(60)); // ~3 s of calls

        broker.kill();
        long downSince = System.nanoTime();
        Matcher down = phase(app, control, 3, 2_400, 5_000, Duration.ofSeconds(90)); // ~12 s, paced alike
        long downFor = Duration.ofSeconds(20).toMillis() - (System.nanoTime() - downSince) / 1_000_000;
        if (downFor > 0) {
            Thread.sleep(downFor);
        }
        broker.start();
        phase(app, control, 4, 500, 1_000, Duration.ofSeconds(60));

        List<ConsumerRecord<String, String>> records = readUntil(topic, 4_500);
        JvmRun run = stop(app, control);

        assertEquals(4_500, predictions(records).size(), "distinct predictions of " + records.size() + " messages; "
                + run.describe());
        long p50Up = Long.parseLong(up.group(2));
        long p50Down = Long.parseLong(down.group(2));
        // generous for a loaded machine: the sink's troubles never reach the calls, which take microseconds
        assertTrue(p50Down <= 3 * p50Up + 200, "median call " + p50Down + " µs while the broker was down, "
                + p50Up + " µs while it was up");
    }

    @Test
    void aServiceRestartedWhileTheBrokerIsDownSendsItsSpoolWhenTheBrokerReturns(@TempDir Path dir) throws Exception {
        String topic = "restart";
        broker.createTopic(topic, 3);
        Path spool = dir.resolve("spool");
        Path first = Files.createDirectories(dir.resolve("control-1"));
        RunningJvm app = service(topic, spool, first);
        app.awaitStdout(Pattern.compile("^ready"), Duration.ofSeconds(90));
        phase(app, first, 1, 500, 0, Duration.ofSeconds(60));
        broker.kill();
        phase(app, first, 2, 500, 0, Duration.ofSeconds(60));
        JvmRun stopped = stop(app, first);
        assertTrue(segments(spool) > 0, "the events the broker did not take are in the spool: "
                + stopped.diagnostics());

        Path second = Files.createDirectories(dir.resolve("control-2"));
        RunningJvm restarted = service(topic, spool, second);
        restarted.awaitStdout(Pattern.compile("^ready"), Duration.ofSeconds(90));
        phase(restarted, second, 1, 500, 0, Duration.ofSeconds(60)); // the broker is still down
        broker.start();

        List<ConsumerRecord<String, String>> records = readUntil(topic, 1_500);
        JvmRun run = stop(restarted, second);

        assertEquals(1_500, predictions(records).size(), "distinct predictions of " + records.size() + " messages; "
                + stopped.describe() + run.describe());
        assertEquals(0, segments(spool), "the spool is sent and emptied");
    }
}
