package io.predlog.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys under a prefix key ({@code predlog.kafka.producer.*}) are accepted as they are while the fixed keys beside them
 * are still checked, and the sinks {@code predlog.sinks} may name depend on the extension jars.
 */
class PrefixAndSinkKeysTest {

    private static ConfigResult load(String args) {
        return ConfigLoader.load(args, new Properties(), Map.of(), "svc", ConfigLoaderTest.SINK_NAMES);
    }

    @Test
    void everyKeyUnderTheProducerPrefixIsKeptAsGivenWithoutAWarning() {
        ConfigResult r = load("predict.m=a.B#predict,kafka.producer.bootstrap.servers=h1:9092;h2:9092,"
                + "kafka.producer.security.protocol=SASL_SSL");

        assertTrue(r.ok(), r.errors()::toString);
        assertEquals(List.of(), r.warnings());
        assertEquals("h1:9092;h2:9092", r.config().value("predlog.kafka.producer.bootstrap.servers"));
        assertEquals("SASL_SSL", r.config().value("predlog.kafka.producer.security.protocol"));
    }

    @Test
    void aMisspelledFixedKeyBesideThePrefixIsStillWarnedAboutWithASuggestion() {
        ConfigResult r = load("predict.m=a.B#predict,kafka.topc=events,kafka.producer=x");

        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("predlog.kafka.topc")
                && w.contains("unknown key") && w.contains("did you mean predlog.kafka.topic")), r.warnings()::toString);
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("predlog.kafka.producer")
                && w.contains("unknown key")), "the prefix alone is no key: " + r.warnings());
    }

    @Test
    void anEnvironmentVariableUnderThePrefixStandsForTheDottedKey() {
        ConfigResult r = ConfigLoader.load("predict.m=a.B#predict", new Properties(),
                Map.of("PREDLOG_KAFKA_PRODUCER_BOOTSTRAP_SERVERS", "broker:9093"), "svc", ConfigLoaderTest.SINK_NAMES);

        assertTrue(r.ok(), r.errors()::toString);
        assertEquals("broker:9093", r.config().value("predlog.kafka.producer.bootstrap.servers"));
    }

    @Test
    void badKafkaValuesAreErrorsNamingTheirKeys() {
        ConfigResult r = load("predict.m=a.B#predict,kafka.key=partition,kafka.spool.max_mb=-1,kafka.topic= ");

        List<String> keys = r.errors().stream().map(ConfigError::key).toList();
        assertTrue(keys.containsAll(List.of("predlog.kafka.key", "predlog.kafka.spool.max_mb", "predlog.kafka.topic")),
                r.errors()::toString);
        assertTrue(r.errors().stream().anyMatch(e -> e.message().contains("expected one of model, request")),
                r.errors()::toString);
    }

    @Test
    void badOtlpValuesAreErrorsNamingTheirKeysAndAMisspelledOneIsWarnedAbout() {
        ConfigResult r = load("predict.m=a.B#predict,otlp.protocol=grpc,otlp.compression=zstd,otlp.timeout_ms=0,"
                + "otlp.batch.max_events=many,otlp.endpont=http://c:4318/v1/logs");

        List<String> keys = r.errors().stream().map(ConfigError::key).toList();
        assertTrue(keys.containsAll(List.of("predlog.otlp.protocol", "predlog.otlp.compression",
                "predlog.otlp.timeout_ms", "predlog.otlp.batch.max_events")), r.errors()::toString);
        assertTrue(r.errors().stream().anyMatch(e -> e.message().contains("expected one of http/protobuf, http/json")),
                r.errors()::toString);
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("predlog.otlp.endpont")
                && w.contains("did you mean predlog.otlp.endpoint")), r.warnings()::toString);
    }

    @Test
    void otlpKeysComeFromTheEnvironmentLikeAnyOther() {
        ConfigResult r = ConfigLoader.load("predict.m=a.B#predict", new Properties(),
                Map.of("PREDLOG_OTLP_HEADERS", "authorization=Bearer%20abc", "PREDLOG_OTLP_BATCH_MAX_EVENTS", "100"),
                "svc", ConfigLoaderTest.SINK_NAMES);

        assertTrue(r.ok(), r.errors()::toString);
        assertEquals(List.of(), r.warnings());
        assertEquals("authorization=Bearer%20abc", r.config().value("predlog.otlp.headers"));
        assertEquals("100", r.config().value("predlog.otlp.batch.max_events"));
        assertEquals("http://localhost:4318/v1/logs", r.config().value("predlog.otlp.endpoint"), "the default");
    }

    @Test
    void theSinksItMayNameAreAskedForWithTheValidExtensionJars(@TempDir Path jar) {
        List<List<Path>> asked = new ArrayList<>();
        ConfigResult r = ConfigLoader.load("predict.m=a.B#predict,sinks=file,kafka,extensions=" + jar,
                new Properties(), Map.of(), "svc", jars -> {
                    asked.add(jars);
                    return jars.isEmpty() ? List.of("file") : List.of("file", "kafka");
                });

        assertNotNull(r.config(), r.errors()::toString);
        assertEquals(List.of(List.of(jar)), asked);
        assertEquals(List.of("file", "kafka"), r.config().sinks());
    }

    @Test
    void theKeysOfAnExtensionsSinkWithoutRegisteredKeysAreItsOwnAndNotWarnedAbout(@TempDir Path jar) {
        ConfigResult r = ConfigLoader.load("predict.m=a.B#predict,sinks=copy,extensions=" + jar
                        + ",copy.file=/tmp/x,stdot.x=1", new Properties(), Map.of(), "svc",
                jars -> List.of("file", "stdout", "copy"));

        assertTrue(r.ok(), r.errors()::toString);
        assertEquals("/tmp/x", r.config().value("predlog.copy.file"));
        assertEquals(1, r.warnings().size(), r.warnings()::toString);
        assertTrue(r.warnings().get(0).contains("predlog.stdot.x"), r.warnings()::toString);
    }

    @Test
    void withoutTheJarTheExtensionsSinkIsUnknown(@TempDir Path dir) {
        Path missing = dir.resolve("absent.jar");
        ConfigResult r = ConfigLoader.load("predict.m=a.B#predict,sinks=kafka,extensions=" + missing,
                new Properties(), Map.of(), "svc", jars -> jars.isEmpty() ? List.of("file") : List.of("file", "kafka"));

        assertTrue(r.errors().stream().anyMatch(e -> e.key().equals("predlog.extensions")), r.errors()::toString);
        assertTrue(r.errors().stream().anyMatch(e -> e.key().equals("predlog.sinks")
                && e.message().contains("kafka")), r.errors()::toString);
    }
}
