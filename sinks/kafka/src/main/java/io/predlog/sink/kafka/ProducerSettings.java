package io.predlog.sink.kafka;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The producer's configuration: the sink's defaults (idempotent, {@code acks=all}, lz4, batching, a send that never
 * waits), then every {@code predlog.kafka.producer.*} key as given. Immutable.
 *
 * @param properties what the producer is made with
 * @param warnings   a line per key the producer does not know or the sink sets itself
 */
record ProducerSettings(Properties properties, List<String> warnings) {

    /** The prefix of the keys passed on. */
    static final String PREFIX = "predlog.kafka.producer.";

    /** The sink's defaults, each overridable. */
    static final Map<String, String> DEFAULTS = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.LINGER_MS_CONFIG, "20",
            ProducerConfig.BATCH_SIZE_CONFIG, "65536",
            // the dispatcher thread, never the application's, waits this long for metadata or buffer space
            ProducerConfig.MAX_BLOCK_MS_CONFIG, "10");

    /** Serializers are the sink's: messages are bytes. */
    private static final List<String> FIXED = List.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    /**
     * @param user     the keys under {@link #PREFIX}, the prefix removed
     * @param clientId the default {@code client.id}
     * @throws IllegalArgumentException naming the key when {@code bootstrap.servers} is missing
     */
    static ProducerSettings of(Map<String, String> user, String clientId) {
        if (user.getOrDefault(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "").isBlank()) {
            throw new IllegalArgumentException(PREFIX + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG
                    + " is required by the kafka sink (host:port[,host:port...])");
        }
        Properties properties = new Properties();
        properties.putAll(DEFAULTS);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        List<String> warnings = new ArrayList<>();
        user.forEach((name, value) -> {
            if (FIXED.contains(name)) {
                warnings.add(PREFIX + name + ": the kafka sink sends bytes with its own serializer; ignored");
            } else {
                if (!ProducerConfig.configNames().contains(name)) {
                    warnings.add(PREFIX + name + ": not a Kafka producer setting; passed on, and the producer"
                            + " ignores it");
                }
                properties.put(name, value);
            }
        });
        return new ProducerSettings(properties, List.copyOf(warnings));
    }
}
