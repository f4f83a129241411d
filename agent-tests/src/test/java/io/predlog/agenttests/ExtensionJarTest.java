package io.predlog.agenttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.predlog.agenttests.fixtures.ml.PointApp;
import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user adds an input type without rebuilding the agent: an adapter compiled against the agent's extension point
 * alone, in its own jar, named by {@code predlog.extensions}, reads the service's own type
 * (docs/ARCHITECTURE.md, "How to add an input type").
 */
class ExtensionJarTest {

    private static final String TARGET = "predict.points=" + PointApp.PointModel.class.getName() + "#predict";

    /** Compiles {@code src/test/extension-jar} against the agent's classes and jars it with its services file. */
    private static Path buildExtensionJar(Path dir) throws IOException {
        Path sources = Paths.get(System.getProperty("predlog.test.extension.src", "src/test/extension-jar"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        List<String> args = new java.util.ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
                "-cp", TestEnvironment.agentClasses().toString()));
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertEquals(0, javac.run(null, errors, errors, args.toArray(String[]::new)),
                "compiling the extension: " + errors.toString(StandardCharsets.UTF_8));
        Path jar = dir.resolve("point-adapter.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> compiled = Files.walk(classes)) {
            for (Path p : compiled.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
            String services = "META-INF/services/io.predlog.agent.adapter.TypeAdapter$Factory";
            out.putNextEntry(new JarEntry(services));
            out.write(Files.readAllBytes(sources.resolve(services)));
            out.closeEntry();
        }
        return jar;
    }

    private static String f64Hash(double[] v) throws Exception {
        String header = "f64[" + v.length + "]\n";
        ByteBuffer b = ByteBuffer.allocate(header.length() + 8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (double d : v) {
            b.putDouble(d);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array())).substring(0, 16);
    }

    @Test
    void anAdapterInItsOwnJarReadsTheServicesTypeAsItsContent(@TempDir Path dir) throws Exception {
        Path jar = buildExtensionJar(dir);

        JvmRun run = AgentJvm.main(PointApp.class).agentArgs(TARGET + ",extensions=" + jar).run().assertSucceeded();

        Events calls = run.events().named("prediction_success").target("points");
        assertEquals(3, calls.size(), run.describe());
        for (JsonNode e : calls.all()) {
            assertEquals(f64Hash(PointApp.COORDINATES), e.path("input_hash").asText(), "the coordinates: " + e);
            assertEquals(PointApp.Point.class.getName(), e.path("input").path("type").asText());
            assertEquals(3, e.path("input").path("list_length").asInt());
        }
        assertEquals(List.of(false, true, true),
                calls.stream().map(e -> e.path("input_seen_before").asBoolean()).toList());
        assertTrue(run.diagnostics().stream().anyMatch(l -> l.contains("extensions: 1 input type factory from")),
                run.diagnostics().toString());
    }

    @Test
    void withoutTheJarTheTypeIsReadByItsFieldsAndEveryCallIsNew() {
        JvmRun run = AgentJvm.main(PointApp.class).agentArgs(TARGET).run().assertSucceeded();

        Events calls = run.events().named("prediction_success").target("points");
        assertEquals(3, calls.stream().map(e -> e.path("input_hash").asText()).distinct().count(),
                "the time stamp is a field: " + calls);
    }

    @Test
    void aMissingJarIsAConfigErrorNamingTheKeyAndTheApplicationRuns(@TempDir Path dir) {
        Path missing = dir.resolve("absent.jar");

        JvmRun run = AgentJvm.main(PointApp.class).agentArgs(TARGET + ",extensions=" + missing).run()
                .assertSucceeded();

        assertTrue(run.diagnostics().stream().anyMatch(l -> l.contains("predlog.extensions")
                && l.contains("'" + missing + "' does not exist")), run.diagnostics().toString());
        assertEquals(List.of("done"), run.appStdout());
    }
}
