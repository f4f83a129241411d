package io.predlog.sink.kafka;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The producer's configuration: the sink's defaults, the user's keys over them, unknown names warned about. */
class ProducerSettingsTest {

    @Test
    void theSinksDefaultsAreIdempotentAllAcksLz4BatchedAndNeverWaiting() {
        ProducerSettings s = ProducerSettings.of(Map.of("bootstrap.servers", "b:9092"), "predlog-svc");

        assertEquals("true", s.properties().get("enable.idempotence"));
        assertEquals("all", s.properties().get("acks"));
        assertEquals("lz4", s.properties().get("compression.type"));
        assertEquals("20", s.properties().get("linger.ms"));
        assertEquals("10", s.properties().get("max.block.ms"));
        assertEquals("predlog-svc", s.properties().get("client.id"));
        assertEquals(List.of(), s.warnings());
    }

    @Test
    void everyUserKeyIsPassedAsIsAndOverridesADefault() {
        ProducerSettings s = ProducerSettings.of(Map.of("bootstrap.servers", "b:9093", "compression.type", "gzip",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"), "c");

        assertEquals("gzip", s.properties().get("compression.type"));
        assertEquals("SASL_SSL", s.properties().get("security.protocol"));
        assertEquals("SCRAM-SHA-512", s.properties().get("sasl.mechanism"));
        assertEquals(List.of(), s.warnings());
    }

    @Test
    void aNameTheProducerDoesNotKnowIsWarnedAboutNamingTheKey() {
        ProducerSettings s = ProducerSettings.of(Map.of("bootstrap.servers", "b:9092", "lingr.ms", "5"), "c");

        assertEquals(1, s.warnings().size());
        assertTrue(s.warnings().get(0).startsWith("predlog.kafka.producer.lingr.ms: not a Kafka producer setting"),
                s.warnings().get(0));
    }

    @Test
    void theSerializersAreTheSinksOwn() {
        ProducerSettings s = ProducerSettings.of(Map.of("bootstrap.servers", "b:9092",
                "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"), "c");

        assertFalse(s.properties().containsKey("value.serializer"));
        assertTrue(s.warnings().get(0).contains("predlog.kafka.producer.value.serializer"), s.warnings().toString());
    }

    @Test
    void withoutBootstrapServersTheSinkCannotBeMadeAndTheErrorNamesTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProducerSettings.of(Map.of(), "c"));
        assertTrue(e.getMessage().startsWith("predlog.kafka.producer.bootstrap.servers"), e.getMessage());
    }
}
