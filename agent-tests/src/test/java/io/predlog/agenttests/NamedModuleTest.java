package io.predlog.agenttests;

import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.JvmRun;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An application in a named JPMS module ({@code src/test/module-app}, compiled here), run from the module path: its
 * model's class reads only {@code java.base}, yet the woven advice calls the agent's bridge. The application prints
 * the same with and without the agent, and each call is an event with its input's hash and characteristics.
 */
class NamedModuleTest {

    private static final String MAIN = "com.acme.scoring/com.acme.scoring.ScoringMain";

    @TempDir
    static Path modules;

    private static JvmRun without;
    private static JvmRun with;

    @BeforeAll
    static void compileAndRun() throws IOException {
        Path sources = Path.of(System.getProperty("predlog.test.module.src", "src/test/module-app"));
        Path out = modules.resolve("com.acme.scoring");
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString()));
        try (Stream<Path> walk = Files.walk(sources)) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertEquals(0, javac.run(null, errors, errors, args.toArray(String[]::new)),
                "compiling the module: " + errors.toString(StandardCharsets.UTF_8));
        without = AgentJvm.module(modules, MAIN).run().assertSucceeded();
        with = AgentJvm.module(modules, MAIN).agentArgs("predict.score=com.acme.scoring.ScoringMain$Model#predict")
                .run().assertSucceeded();
    }

    @Test
    void theApplicationRunsInItsNamedModuleAsWithoutTheAgent() {
        assertEquals("module com.acme.scoring named true", without.appStdout().get(0), without.describe());
        assertEquals(without.appStdout(), with.appStdout(), with.describe());
        assertEquals(List.of(), with.diagnostics().stream().filter(l -> l.contains("WARN") || l.contains("ERROR"))
                .toList(), "no warning: " + with.describe());
    }

    @Test
    void eachCallInTheModuleIsAnEventWithItsInput() {
        List<JsonNode> calls = with.events().named("prediction_success").all();
        assertEquals(3, calls.size(), with.describe());
        for (JsonNode e : calls) {
            assertEquals("com.acme.scoring.ScoringMain$Model#predict", e.path("method").asText());
            assertEquals(16, e.path("input_hash").asText().length(), e.toString());
            assertEquals("[\"age\",\"amount\"]", e.at("/input/field_names").toString(), e.toString());
        }
    }
}
