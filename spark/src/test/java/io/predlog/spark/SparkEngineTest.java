package io.predlog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The command line's query text read by Spark's lexical rules, and the job's command line. */
class SparkEngineTest {

    @Test
    void quotedNamesBecomeBackticked() {
        assertEquals("SELECT min(`timestamp`), input.`values`['a'] FROM events",
                SparkEngine.spark("SELECT min(\"timestamp\"), input.\"values\"['a'] FROM events"));
    }

    @Test
    void literalsKeepTheirTextUnderSparksEscapes() {
        assertEquals("SELECT 'it\\'s', '\\'\\'', 'C:\\\\logs', '\"not a name\"'",
                SparkEngine.spark("SELECT 'it''s', '''''', 'C:\\logs', '\"not a name\"'"));
    }

    @Test
    void anUnclosedQuotedNameIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> SparkEngine.spark("SELECT \"timestamp FROM events"));
    }

    @Test
    void theCommandLineReadsPathsOrATopic() {
        SparkReport.Options paths = SparkReport.Options.parse(new String[] {"--json", "hdfs:///logs", "/var/log/predlog"});
        assertEquals(List.of("hdfs:///logs", "/var/log/predlog"), paths.paths());
        assertEquals(List.of(java.nio.file.Path.of("/var/log/predlog")), SparkReport.localPaths(paths.paths()));
        SparkReport.Options topic = SparkReport.Options.parse(new String[] {"--kafka-bootstrap", "b:9092", "--kafka-topic",
                "predlog-events", "--kafka-option", "kafka.security.protocol=SSL"});
        assertEquals("b:9092", topic.kafka().get("kafka.bootstrap.servers"));
        assertEquals("predlog-events", topic.kafka().get("subscribe"));
        assertEquals("SSL", topic.kafka().get("kafka.security.protocol"));
    }

    @Test
    void aCommandLineThatCannotRunSaysWhy() {
        assertEquals("no PATH and no Kafka topic to read", message());
        assertEquals("unknown option --jsn", message("--jsn", "logs"));
        assertEquals("--out wants a value", message("logs", "--out"));
        assertEquals("a Kafka source needs both --kafka-bootstrap and --kafka-topic", message("--kafka-topic", "t"));
        assertEquals("read either paths or a Kafka topic, not both: [logs]",
                message("--kafka-bootstrap", "b:1", "--kafka-topic", "t", "logs"));
        assertEquals("--kafka-option wants KEY=VALUE, not 'ssl'", message("--kafka-option", "ssl"));
    }

    private static String message(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> SparkReport.Options.parse(args)).getMessage();
    }
}
