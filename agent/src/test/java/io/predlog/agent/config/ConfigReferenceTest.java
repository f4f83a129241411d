package io.predlog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md cannot drift from the key registry. */
class ConfigReferenceTest {

    private static String document() throws IOException {
        return Files.readString(Path.of("..", "docs", "CONFIGURATION.md"), StandardCharsets.UTF_8);
    }

    @Test
    void everyRegisteredKeyAndItsEnvironmentVariableIsDocumented() throws IOException {
        String doc = document();
        for (ConfigKey key : ConfigKeys.all()) {
            assertTrue(doc.contains("`" + key.name() + "`"), key.name() + " is not in docs/CONFIGURATION.md");
            assertTrue(doc.contains("`" + key.envName() + "`"), key.envName() + " is not in docs/CONFIGURATION.md");
        }
        for (TargetProperty p : TargetProperty.values()) {
            assertTrue(doc.contains("`" + p.key() + "`"), p.key() + " is not in docs/CONFIGURATION.md");
        }
    }

    @Test
    void generatedSectionsMatchTheRegistry() throws IOException {
        String doc = document();
        for (String section : new String[] {ConfigReference.KEYS, ConfigReference.TARGET_KEYS,
                ConfigReference.LIMITS}) {
            String written = ConfigReference.extract(doc, section);
            assertNotNull(written, "markers for '" + section + "' are missing");
            assertEquals(ConfigReference.section(section), written,
                    "docs/CONFIGURATION.md is stale: run io.predlog.agent.config.ConfigReference docs/CONFIGURATION.md");
        }
    }

    @Test
    void documentsTheRulesUsersNeed() throws IOException {
        String doc = document();
        for (String topic : new String[] {"## Where settings come from", "### Agent arguments",
                "### Environment variables", "### Method patterns", "### Expressions", "PREDLOG_PREDICT_",
                "<init>", "arg0.getRequestHeaders().getFirst(\"X-Request-ID\")"}) {
            assertTrue(doc.contains(topic), "docs/CONFIGURATION.md lacks " + topic);
        }
    }
}
