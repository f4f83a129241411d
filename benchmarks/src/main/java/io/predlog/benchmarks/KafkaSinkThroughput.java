package io.predlog.benchmarks;

import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.Sink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the {@code kafka} sink into a broker on this machine ({@code benchmarks/kafka-broker.sh}): one thread
 * in the dispatcher's role writes the prediction events of {@link OtlpSinkThroughput} as fast as {@code write}
 * returns, into a new topic of three partitions, with a spool and without one; the rate is the messages the broker
 * holds (the sum of the partitions' end offsets) over the time until the last one is there.
 *
 * <pre>
 * benchmarks/kafka-broker.sh &amp;    # localhost:19092
 * java -cp benchmarks/target/predlog-benchmarks.jar:agent/target/predlog-agent-shaded.jar:sinks/kafka/target/predlog-kafka-sink.jar \
 *      io.predlog.benchmarks.KafkaSinkThroughput localhost:19092 [events]
 * </pre>
 */
public final class KafkaSinkThroughput {

    private KafkaSinkThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "localhost:19092";
        long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "; broker " + bootstrap);
        EncodedBatch[] batches = OtlpSinkThroughput.batches();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            int round = 0;
            for (boolean spool : new boolean[] {true, true, true, false, false, false}) {
                String topic = "predlog-bench-" + System.currentTimeMillis() + "-" + round;
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
                awaitLeaders(admin, topic);
                run(admin, bootstrap, topic, batches, events, spool, round == 0 || round == 3);
                round++;
            }
        }
    }

    private static void run(Admin admin, String bootstrap, String topic, EncodedBatch[] batches, long events,
                            boolean withSpool, boolean warmUp) throws Exception {
        Path spoolDir = Files.createTempDirectory("predlog-kafka-bench");
        Sink sink = OtlpSinkThroughput.sink("sinks=kafka,kafka.topic=" + topic + ",kafka.producer.bootstrap.servers="
                + bootstrap + (withSpool ? ",kafka.spool.dir=" + spoolDir + ",kafka.spool.max_mb=4096"
                : ",kafka.spool.max_mb=0"));
        long start = System.nanoTime();
        long n = 0;
        long lost = 0;
        for (int b = 0; n < events; b++) {
            try {
                sink.write(batches[b & (batches.length - 1)]);
            } catch (io.predlog.agent.sink.LostEventsException e) {
                lost += e.lostEvents();
            }
            n += OtlpSinkThroughput.BATCH;
        }
        long handedOver = System.nanoTime();
        long deadline = handedOver + TimeUnit.SECONDS.toNanos(300);
        long there = 0;
        while (there + lost < n && System.nanoTime() < deadline) {
            try {
                sink.flush();
            } catch (io.predlog.agent.sink.LostEventsException e) {
                lost += e.lostEvents();
            }
            there = messages(admin, topic);
            Thread.sleep(20);
        }
        long arrived = System.nanoTime();
        sink.close();
        OtlpSinkThroughput.delete(spoolDir);
        if (!warmUp) {
            double seconds = (arrived - start) / 1e9;
            System.out.printf("%s: %,d events written in %.2f s (%,.0f events/s handed over); %,d in the topic "
                            + "after %.2f s = %,.0f events/s; %,d counted lost%n",
                    withSpool ? "with a spool" : "no spool", n, (handedOver - start) / 1e9,
                    n / ((handedOver - start) / 1e9), there, seconds, there / seconds, lost);
        }
    }

    /**
     * Waits until every partition of the new {@code topic} has a leader and answers for its offsets: a sink started
     * on a topic still being created spends its first seconds without metadata (its events spooled, or lost without
     * a spool), which is not what this measures.
     */
    private static void awaitLeaders(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean ready = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().allMatch(partition -> partition.leader() != null);
            if (ready && messages(admin, topic) == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("topic " + topic + " has no leader after 60 s");
    }

    /** The messages {@code topic} holds: the sum of its partitions' end offsets. */
    private static long messages(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < 3; partition++) {
            latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }
}
