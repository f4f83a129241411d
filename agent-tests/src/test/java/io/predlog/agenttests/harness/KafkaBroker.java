package io.predlog.agenttests.harness;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * An Apache Kafka broker in KRaft mode (one process, broker and controller), from the Maven artifacts whose class
 * path the {@code sinks/kafka} build writes: formatted once, then started and stopped as a test needs, keeping its
 * log directory and port, as a broker that goes away and comes back does.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;
    private int starts;
    private Path output;

    static {
        quietKafkaClients();
    }

    private KafkaBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The {@code kafka} sink's extension jar, {@code predlog-kafka-sink.jar}. */
    public static Path sinkJar() {
        Path jar = Paths.get(System.getProperty("predlog.test.kafka.sink.jar",
                "../sinks/kafka/target/predlog-kafka-sink.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail("missing " + jar + ": build the sinks/kafka module first");
        }
        return jar;
    }

    /** The jars of an application's own, older Kafka client. */
    public static List<Path> applicationClientJars() throws IOException {
        Path dir = Paths.get(System.getProperty("predlog.test.kafka.app.libs", "target/kafka-app-libs"));
        try (var jars = Files.list(dir)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** Formats a new broker's storage under {@code dir}, on a free port. */
    public static KafkaBroker format(Path dir) throws IOException, InterruptedException {
        int port = freePort();
        int controller = freePort();
        Files.createDirectories(dir);
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controller,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controller,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=1",
                "num.io.threads=2",
                "background.threads=2",
                "") + "\n";
        Files.writeString(dir.resolve("server.properties"), properties);
        KafkaBroker broker = new KafkaBroker(dir, port);
        Process format = broker.java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", dir.resolve("server.properties").toString()).start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            fail("formatting the broker's storage failed:\n" + Files.readString(broker.output));
        }
        return broker;
    }

    /** {@code host:port} of its listener. */
    public String bootstrap() {
        return "localhost:" + port;
    }

    /** Starts the broker and waits until it answers. */
    public void start() throws IOException, InterruptedException {
        process = java("kafka.Kafka", dir.resolve("server.properties").toString()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = admin()) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        fail("the broker did not start:\n" + Files.readString(output));
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /** Stops the broker at once (SIGKILL, as a crash of its machine would) and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Creates a topic of {@code partitions} partitions. */
    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Every message of {@code topic} from the beginning, read until {@code enough} holds of what was read (then a
     * further second, for duplicates still on the way) or {@code limit} passes.
     */
    public List<ConsumerRecord<String, String>> read(String topic, Predicate<List<ConsumerRecord<String, String>>> enough,
            Duration limit) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + limit.toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (settle == Long.MAX_VALUE && enough.test(records)) {
                    settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
            }
        }
        return records;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        return Admin.create(p);
    }

    private ProcessBuilder java(String mainClass, String... args) throws IOException {
        Path classpathFile = Paths.get(System.getProperty("predlog.test.kafka.broker.classpath",
                "../sinks/kafka/target/broker.classpath"));
        if (!Files.isRegularFile(classpathFile)) {
            fail("missing " + classpathFile.toAbsolutePath() + ": build the sinks/kafka module first");
        }
        Path argFile = dir.resolve("classpath.args");
        Files.writeString(argFile, "-cp \"" + Files.readString(classpathFile).trim() + "\"\n");
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "@" + argFile, mainClass));
        command.addAll(List.of(args));
        output = dir.resolve("broker-out-" + starts++ + ".txt");
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
    }

    /**
     * The test's own Kafka clients (admin, consumer) log errors only: a broker being waited for would fill the build's
     * output. Through Logback, when it is the test class path's SLF4J provider.
     */
    private static void quietKafkaClients() {
        org.slf4j.Logger kafka = org.slf4j.LoggerFactory.getLogger("org.apache.kafka");
        try {
            Class<?> level = Class.forName("ch.qos.logback.classic.Level", true, kafka.getClass().getClassLoader());
            kafka.getClass().getMethod("setLevel", level).invoke(kafka, level.getField("ERROR").get(null));
        } catch (ReflectiveOperationException | LinkageError notLogback) {
            // another provider: its own configuration decides
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
