package io.predlog.sink.kafka;

import io.predlog.agent.config.ConfigKeys;
import io.predlog.agent.diagnostics.Diagnostics;
import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.SinkSettings;
import io.predlog.agent.sink.spool.Spool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Makes the {@code kafka} sink ({@link KafkaSink}) from the {@code predlog.kafka.*} keys: the producer, configured by
 * {@link ProducerSettings}, and the spool under {@code predlog.kafka.spool.dir}. Found through the services file of
 * the extension jar {@code predlog-kafka-sink.jar} (docs/SINKS.md).
 */
public final class KafkaSinkFactory implements Sink.Factory {

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Sink create(SinkSettings settings) throws IOException {
        ProducerSettings producerSettings = ProducerSettings.of(settings.prefixed(ProducerSettings.PREFIX),
                "predlog-" + settings.process().service());
        producerSettings.warnings().forEach(Diagnostics::warn);
        String topic = settings.text(ConfigKeys.KAFKA_TOPIC.name()).trim();
        boolean keyByRequest = "request".equals(settings.text(ConfigKeys.KAFKA_KEY.name()).trim());
        Spool spool = openSpool(settings);
        Producer<byte[], byte[]> producer;
        // the producer loads classes named in its settings through the context loader: this jar's, not the app's
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaSinkFactory.class.getClassLoader());
        try {
            producer = new KafkaProducer<>(producerSettings.properties(), new ByteArraySerializer(),
                    new ByteArraySerializer());
        } catch (RuntimeException e) {
            if (spool != null) {
                spool.close();
            }
            throw e;
        } finally {
            thread.setContextClassLoader(context);
        }
        Duration closeTimeout = Duration.ofMillis(settings.number(ConfigKeys.SHUTDOWN_TIMEOUT_MS) / 2);
        Diagnostics.info("kafka sink: topic " + topic + ", key " + (keyByRequest ? "request" : "model") + " id, "
                + "kafka-clients " + clientVersion() + ", spool "
                + (spool == null ? "none" : spool.dir() + " (" + spool.bytes() + " bytes waiting)"));
        return new KafkaSink(producer, topic, keyByRequest, spool, closeTimeout);
    }

    /** The version of the kafka-clients this jar carries, as its {@code kafka/kafka-version.properties} states it. */
    static String clientVersion() {
        try (InputStream in = KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The spool, or null when it is turned off or cannot be opened (then undeliverable events are lost, counted). */
    private static Spool openSpool(SinkSettings settings) {
        long maxMb = settings.number(ConfigKeys.KAFKA_SPOOL_MAX_MB);
        if (maxMb == 0) {
            return null;
        }
        Path dir = settings.path(ConfigKeys.KAFKA_SPOOL_DIR);
        if (dir == null) {
            dir = settings.path(ConfigKeys.FILE_DIR).resolve("spool").resolve("kafka");
        }
        try {
            return Spool.open(dir, Math.max(64 << 10, maxMb << 20));
        } catch (IOException | RuntimeException e) {
            Diagnostics.error("kafka sink: no spool (" + e.getMessage() + "); events the broker cannot take are"
                    + " dropped and counted");
            return null;
        }
    }
}
