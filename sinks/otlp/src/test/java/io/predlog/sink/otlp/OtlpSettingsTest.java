package io.predlog.sink.otlp;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OtlpSettingsTest {

    @Test
    void theDefaultsAreDocumented() {
        OtlpSettings s = OtlpSettings.of(Map.of());
        assertEquals(URI.create("http://localhost:4318/v1/logs"), s.endpoint());
        assertEquals(OtlpSettings.Protocol.HTTP_PROTOBUF, s.protocol());
        assertEquals(Map.of(), s.headers());
        assertFalse(s.gzip());
        assertEquals(Duration.ofSeconds(10), s.timeout());
        assertEquals(512, s.batchEvents());
        assertEquals(Duration.ofMillis(200), s.linger());
        assertEquals(2048, s.queueEvents());
        assertEquals(Duration.ofSeconds(1), s.retryInitial());
        assertEquals(Duration.ofSeconds(30), s.retryMax());
        assertNull(s.spoolDir());
        assertEquals(1024, s.spoolMaxMb());
    }

    @Test
    void everyKeyIsRead() {
        OtlpSettings s = OtlpSettings.of(Map.ofEntries(Map.entry("endpoint", "https://otel.example:4318/v1/logs"),
                Map.entry("protocol", "http/json"), Map.entry("headers", "a=1"), Map.entry("compression", "gzip"),
                Map.entry("timeout_ms", "500"), Map.entry("batch.max_events", "10"),
                Map.entry("batch.linger_ms", "0"), Map.entry("queue.max_events", "100"),
                Map.entry("retry.initial_ms", "50"), Map.entry("retry.max_ms", "50"),
                Map.entry("spool.dir", "/var/spool/predlog"), Map.entry("spool.max_mb", "0")));
        assertEquals("https://otel.example:4318/v1/logs", s.endpoint().toString());
        assertEquals(OtlpSettings.Protocol.HTTP_JSON, s.protocol());
        assertEquals(Map.of("a", "1"), s.headers());
        assertTrue(s.gzip());
        assertEquals(Duration.ofMillis(500), s.timeout());
        assertEquals(10, s.batchEvents());
        assertEquals(Duration.ZERO, s.linger());
        assertEquals(100, s.queueEvents());
        assertEquals(Duration.ofMillis(50), s.retryInitial());
        assertEquals(Duration.ofMillis(50), s.retryMax());
        assertEquals(Path.of("/var/spool/predlog"), s.spoolDir());
        assertEquals(0, s.spoolMaxMb());
    }

    @Test
    void headersAreCommaSeparatedPairsWithPercentEncodedValues() {
        assertEquals(Map.of("authorization", "Bearer abc+1=", "x-scope-orgid", "tenant-1"),
                OtlpSettings.headers(" authorization=Bearer%20abc+1= , x-scope-orgid=tenant-1,"));
    }

    @Test
    void aBadValueIsAnErrorNamingItsKey() {
        assertKeyError("predlog.otlp.endpoint", Map.of("endpoint", "localhost:4318"));
        assertKeyError("predlog.otlp.endpoint", Map.of("endpoint", "ftp://collector/v1/logs"));
        assertKeyError("predlog.otlp.protocol", Map.of("protocol", "grpc"));
        assertKeyError("predlog.otlp.compression", Map.of("compression", "zstd"));
        assertKeyError("predlog.otlp.timeout_ms", Map.of("timeout_ms", "ten"));
        assertKeyError("predlog.otlp.batch.max_events", Map.of("batch.max_events", "0"));
        assertKeyError("predlog.otlp.headers", Map.of("headers", "no-equals-sign"));
        assertKeyError("predlog.otlp.headers", Map.of("headers", "bad name=1"));
        assertKeyError("predlog.otlp.retry.max_ms", Map.of("retry.initial_ms", "5000", "retry.max_ms", "100"));
        assertKeyError("predlog.otlp.spool.max_mb", Map.of("spool.max_mb", "-1"));
    }

    @Test
    void aHeaderTheHttpClientReservesIsAnErrorNamingTheKey() {
        OtlpSettings s = OtlpSettings.of(Map.of("headers", "host=elsewhere"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OtlpHttp(s, "application/x-protobuf"));
        assertTrue(e.getMessage().startsWith("predlog.otlp.headers"), e.getMessage());
    }

    private static void assertKeyError(String key, Map<String, String> keys) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OtlpSettings.of(keys));
        assertTrue(e.getMessage().startsWith(key + ":"), e.getMessage());
    }
}
