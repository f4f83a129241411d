package io.predlog.agenttests;

import io.predlog.agenttests.harness.AgentJvm;
import io.predlog.agenttests.harness.Events;
import io.predlog.agenttests.harness.JvmRun;
import io.predlog.agenttests.harness.TestEnvironment;
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
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The libraries the agent bundles are relocated and isolated, so an application carrying its own,
 * older Jackson (2.12.7) and Byte Buddy (1.12.23) runs unchanged, and sees none of the agent's classes but the
 * bridge that woven code calls.
 */
class IsolationTest {

    private static final String MAIN = "io.predlog.agenttests.isolation.IsolatedApp";

    @TempDir
    static Path appClasses;

    private static Path[] classpath;
    private static JvmRun without;
    private static JvmRun with;

    @BeforeAll
    static void compileAndRunTheApplication() throws IOException {
        List<Path> libs;
        try (Stream<Path> jars = Files.list(TestEnvironment.isolationLibs())) {
            libs = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        compile(libs);
        List<Path> entries = new ArrayList<>(libs);
        entries.add(0, appClasses);
        classpath = entries.toArray(Path[]::new);

        // Byte Buddy 1.12 predates JDK 25's class file version; this flag lets it run there (with or without agent)
        without = AgentJvm.main(MAIN).classpath(classpath).systemProperty("net.bytebuddy.experimental", "true")
                .args("probe").run().assertSucceeded();
        with = AgentJvm.main(MAIN).classpath(classpath).systemProperty("net.bytebuddy.experimental", "true")
                .agentArgs("predict.scorer=" + MAIN + "$Scorer#predict").args("probe").run().assertSucceeded();
    }

    @Test
    void theApplicationsOwnLibrariesWorkAsWithoutTheAgent() {
        List<String> expected = workload(without);
        assertEquals(5, expected.size(), without.describe());
        assertTrue(expected.get(0).startsWith("jackson 2.12.7 from jackson-databind-2.12.7.jar: "
                + "{\"model\":\"churn\",\"weights\":[0.5,1.25]}"), expected.get(0));
        assertEquals("byte-buddy from byte-buddy-1.12.23.jar: made by the app's own Byte Buddy", expected.get(1));
        assertEquals(expected, workload(with), with.describe());
    }

    @Test
    void theApplicationsPredictionsAreRecorded() {
        Events predictions = with.events().named("prediction_success").target("scorer");
        assertEquals(3, predictions.size(), with.describe());
        assertEquals(MAIN + "$Scorer#predict", predictions.all().get(0).path("method").asText());
    }

    @Test
    void theAgentsClassesAreInvisibleToTheApplicationExceptTheBridge() {
        assertEquals(List.of(
                "probe io.predlog.agent.bootstrap.PredlogBridge: visible",
                "probe io.predlog.agent.PredlogAgent: ClassNotFoundException",
                "probe io.predlog.agent.record.Recorder: ClassNotFoundException",
                "probe io.predlog.shaded.jackson.core.JsonFactory: ClassNotFoundException",
                "probe io.predlog.shaded.bytebuddy.ByteBuddy: ClassNotFoundException",
                "probe bridge: defined by bootstrap, class file on its search path: false"), probes(with));
        assertTrue(probes(without).stream().allMatch(line -> line.endsWith("ClassNotFoundException")),
                "without the agent nothing of it exists: " + probes(without));
    }

    private static List<String> workload(JvmRun run) {
        return run.stdout().stream().filter(line -> !line.startsWith("probe ")).toList();
    }

    private static List<String> probes(JvmRun run) {
        return run.stdout().stream().filter(line -> line.startsWith("probe ")).toList();
    }

    private static void compile(List<Path> libs) throws IOException {
        Path sources = Paths.get(System.getProperty("predlog.test.isolation.src", "src/test/isolation-app"));
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", appClasses.toString(), "-cp",
                String.join(java.io.File.pathSeparator, libs.stream().map(Path::toString).toList())));
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertEquals(0, status, "compiling the isolation fixture: " + errors.toString(StandardCharsets.UTF_8));
    }
}
