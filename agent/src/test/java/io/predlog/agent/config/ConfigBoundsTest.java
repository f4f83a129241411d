package io.predlog.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every key and value has a bound (docs/CONFIGURATION.md, "Limits"); a file that is too large or not text is not
 * read. What goes beyond is one clear problem naming the key and the bound, found in bounded time.
 */
class ConfigBoundsTest {

    @TempDir
    Path dir;

    private static ConfigResult loadFile(Path file) {
        return ConfigLoader.load("config=" + file, new Properties(), Map.of(), "Svc", ConfigLoaderTest.SINK_NAMES);
    }

    private Path file(String text) throws IOException {
        Path f = dir.resolve("agent.properties");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void anOverlongServiceIsAnErrorNamingTheKeyAndTheBound() throws IOException {
        Path f = file("predlog.predict.score = com.acme.Model#predict\npredlog.service = " + "s".repeat(10_000) + "\n");
        ConfigResult r = loadFile(f);
        assertNull(r.config(), "an error, as for any bad value");
        assertEquals(1, r.errors().size(), r.errors()::toString);
        ConfigError error = r.errors().get(0);
        assertEquals("predlog.service", error.key());
        assertEquals(f + ":2", error.origin());
        assertTrue(error.message().contains("10000 characters") && error.message().contains("128"), error.message());
    }

    @Test
    void aServiceAtTheBoundIsAccepted() {
        String service = "s".repeat(SettingBounds.MAX_SERVICE_CHARS);
        ConfigResult r = ConfigLoader.load("service=" + service, new Properties(), Map.of(), "Svc",
                ConfigLoaderTest.SINK_NAMES);
        assertNotNull(r.config(), r.errors()::toString);
        assertEquals(service, r.config().service());
    }

    @Test
    void everySourceIsBounded() {
        String longNumber = "1".repeat(100);
        ConfigResult r = ConfigLoader.load("queue.capacity=" + longNumber, props("predlog.hash.max_nodes", longNumber),
                Map.of("PREDLOG_SHUTDOWN_TIMEOUT_MS", longNumber, "PREDLOG_CONFIG", "x".repeat(5000)), "Svc",
                ConfigLoaderTest.SINK_NAMES);
        assertEquals(List.of("predlog.config", "predlog.hash.max_nodes", "predlog.queue.capacity",
                        "predlog.shutdown.timeout_ms"),
                r.errors().stream().map(ConfigError::key).sorted().toList(), r.errors()::toString);
        assertTrue(r.errors().stream().allMatch(e -> e.message().contains("longer than the")), r.errors()::toString);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aTenMegabyteUnknownKeyIsIgnoredWithAShortWarningInBoundedTime() throws IOException {
        Path f = file("predlog.predict.score = com.acme.Model#predict\npredlog." + "k".repeat(10 << 20) + " = 1\n");
        Files.writeString(f, Files.readString(f).substring(0, PropertiesFile.MAX_BYTES - 10) + " = 1\n");
        long start = System.nanoTime();
        ConfigResult r = loadFile(f);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertNotNull(r.config(), r.errors()::toString);
        List<String> about = r.warnings().stream().filter(w -> w.contains("longer than the 256")).toList();
        assertEquals(1, about.size(), r.warnings()::toString);
        assertTrue(about.get(0).length() < 300, "the warning shows the key's start only: " + about.get(0));
        assertTrue(millis < 2_000, "took " + millis + " ms");
    }

    @Test
    void aFileLargerThanTheBoundIsNotRead() throws IOException {
        Path f = dir.resolve("big.properties");
        Files.write(f, ("# filler\n".repeat(PropertiesFile.MAX_BYTES / 9 + 1)).getBytes(StandardCharsets.US_ASCII));
        ConfigResult r = loadFile(f);
        assertEquals(1, r.errors().size(), r.errors()::toString);
        assertEquals("predlog.config", r.errors().get(0).key());
        assertTrue(r.errors().get(0).message().contains("more than the 1048576"), r.errors().get(0).message());
    }

    @Test
    void aBinaryFileIsOneErrorSayingItIsNotAPropertiesFileAndNoWarnings() throws IOException {
        byte[] bytes = new byte[64 * 1024];
        new Random(42).nextBytes(bytes);
        Path f = dir.resolve("model.onnx");
        Files.write(f, bytes);
        ConfigResult r = loadFile(f);
        assertEquals(1, r.errors().size(), r.errors()::toString);
        assertEquals("predlog.config", r.errors().get(0).key());
        assertTrue(r.errors().get(0).message().contains("does not look like a properties file"),
                r.errors().get(0).message());
        assertEquals(List.of(), r.warnings(), "no warning per line of garbage, nor about the targets it could not read");
    }

    @Test
    void textWithoutNulButFullOfControlCharactersIsBinaryToo() {
        byte[] escapes = "a=\u001b[31m\u001b[0m\u0007\u0007\n".repeat(10).getBytes(StandardCharsets.UTF_8);
        assertNotNull(PropertiesFile.binaryEvidence(escapes));
        assertNotNull(PropertiesFile.binaryEvidence(new byte[] {'a', '=', 0, 'b'}));
    }

    @Test
    void aStrayControlCharacterInASmallFileIsATypoNotABinaryFile() {
        assertNull(PropertiesFile.binaryEvidence("predlog.service = a\u001bb\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ordinaryTextWithTabsCarriageReturnsAndNonAsciiIsText() {
        byte[] text = "# Größe\r\npredlog.service\t= café\r\n\fpredlog.sinks = file\n".getBytes(StandardCharsets.UTF_8);
        assertNull(PropertiesFile.binaryEvidence(text));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.SECONDS)
    void suggestionsCostBoundedTimeWhateverTheWord() {
        assertNull(Suggestions.closest("x".repeat(10 << 20), List.of("predlog.sinks", "predlog.service")));
        assertEquals("predlog.sinks", Suggestions.closest("predlog.sinsk", List.of("predlog.sinks", "predlog.service")));
        assertNull(Suggestions.closest("predlog.s", List.of("predlog.sinks" + "x".repeat(10 << 20))));
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }
}
