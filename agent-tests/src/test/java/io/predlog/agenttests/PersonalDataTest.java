package io.predlog.agenttests;

import io.predlog.agenttests.fixtures.privacy.PrivacyApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.ConfigFile;
import io.predlog.agenttests.harness.JvmRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Canaries: an e-mail address, a card number written three ways, a person's name and the HMAC key (in the
 * configuration file). The first three are given to predict targets as
 * strings, in maps, lists, objects and records, and placed in the messages of a failing prediction, model load and
 * request. None of them may appear in anything the agent writes: the event files (read whole, the in-flight
 * record as bytes), the {@code stdout} sink's lines and the agent's diagnostics, with the {@code file} and
 * {@code stdout} sinks side by side and the agent's defaults otherwise.
 */
class PersonalDataTest {

    /** The HMAC key, in the configuration file: it must never be written either. */
    private static final String HMAC_KEY = "hmac-canary-0f1e2d3c";
    private static JvmRun run;

    @BeforeAll
    static void runTheApplication() {
        String app = PrivacyApp.class.getName();
        Path config = ConfigFile.write("privacy.properties",
                "predlog.sinks = file,stdout",
                "predlog.hash.key = " + HMAC_KEY,
                "predlog.predict.score = " + app + "$Model#predict",
                "predlog.predict.refuse = " + app + "$Model#refuse",
                "predlog.load.loader = " + app + "$Loader#load",
                "predlog.entry.handler = " + app + "$Handler#handle");
        try { // readable by every user, as a careless deployment leaves it: the agent must say so
            Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run = AgentJvm.main(PrivacyApp.class).agentArgs("config=" + config).run().assertSucceeded();
    }

    /** Every file under the event directory as text (gzip files decompressed, others byte for byte). */
    private static Map<String, String> files() {
        Map<String, String> texts = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(run.fileDir())) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                try (InputStream in = p.toString().endsWith(".gz")
                        ? new GZIPInputStream(Files.newInputStream(p)) : Files.newInputStream(p)) {
                    byte[] bytes = in.readAllBytes();
                    // ISO-8859-1 maps every byte to a character: a binary record's ASCII shows as itself
                    texts.put(p.toString(), new String(bytes, p.toString().endsWith(".bin")
                            ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }

    private static List<String> canaries() {
        List<String> canaries = new ArrayList<>(List.of(PrivacyApp.EMAIL, PrivacyApp.NAME));
        canaries.addAll(PrivacyApp.CARDS);
        canaries.add("jane.canary");
        canaries.add(HMAC_KEY);
        canaries.add("0f1e2d3c");
        canaries.add("1111 1111");
        canaries.add("1111-1111");
        canaries.add("11111111");
        return canaries;
    }

    @Test
    void theApplicationRanAsWithoutTheAgentAndEveryCallWasRecorded() {
        assertEquals(List.of("sum 1.75 failures 3"), run.appStdout(), run.describe());
        assertEquals(7, run.events().named("prediction_success").size(), run.describe());
        assertEquals(1, run.events().named("prediction_failure").size());
        assertEquals(1, run.events().named("model_load_failure").size());
        assertEquals(1, run.events().named("request_failure").size());
        assertEquals(run.events().size(), run.stdoutEvents().size(), "the stdout sink got the same events");
    }

    @Test
    void noCanaryAppearsInTheEventFilesOrTheInflightRecord() {
        Map<String, String> files = files();
        assertTrue(files.keySet().stream().anyMatch(f -> f.contains(".jsonl")), files.keySet().toString());
        for (Map.Entry<String, String> file : files.entrySet()) {
            for (String canary : canaries()) {
                int at = file.getValue().indexOf(canary);
                assertTrue(at < 0, () -> "'" + canary + "' in " + file.getKey() + ": …"
                        + file.getValue().substring(Math.max(0, at - 200), Math.min(file.getValue().length(), at + 100)));
            }
        }
    }

    @Test
    void noCanaryAppearsOnStandardOutputOrInTheDiagnostics() {
        for (String canary : canaries()) {
            for (String line : run.stdout()) {
                assertTrue(!line.contains(canary), () -> "'" + canary + "' on standard output: " + line);
            }
            for (String line : run.stderr()) {
                assertTrue(!line.contains(canary), () -> "'" + canary + "' on standard error: " + line);
            }
        }
    }

    @Test
    void aConfigFileHoldingTheHmacKeyThatOthersCanReadIsWarnedAbout() {
        assertTrue(run.diagnostics().stream().anyMatch(l -> l.contains("predlog.hash.key")
                && l.contains("every user of this machine can read")), run.describe());
    }

    @Test
    void theFailuresSayWhatFailedWithThePersonalDataRedacted() {
        String message = run.events().named("prediction_failure").single().path("error_msg").asText();
        assertEquals("declined card <redacted> (also <redacted>, <redacted>) of <redacted>", message);
        assertEquals("java.lang.IllegalStateException",
                run.events().named("model_load_failure").single().path("error_type").asText());
        assertTrue(run.events().named("request_failure").single().path("error_msg").asText()
                .startsWith("bad body from <redacted> with card <redacted>"), run.describe());
    }
}
