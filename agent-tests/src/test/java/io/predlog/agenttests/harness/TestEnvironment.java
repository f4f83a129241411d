package io.predlog.agenttests.harness;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Where the things under test are: the agent jar, the sample application, the JDK that child JVMs run on.
 * Maven passes them as system properties (see this module's pom); each accessor fails with a message that
 * says what to build or set when a path is missing.
 */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    /** The packaged agent, {@code agent/target/predlog-agent.jar}. */
    public static Path agentJar() {
        return existingFile("predlog.agent.jar", "../agent/target/predlog-agent.jar",
                "build the agent first: mvn -pl agent package");
    }

    /** The packaged sample service, {@code sample-app/target/predlog-sample-app.jar}. */
    public static Path sampleAppJar() {
        return existingFile("predlog.sample.jar", "../sample-app/target/predlog-sample-app.jar",
                "build the sample app first: mvn -pl sample-app package");
    }

    /** The Spring Boot fixture service as its users run it: an executable jar with nested jars. */
    public static Path springBootAppJar() {
        return existingFile("predlog.spring.jar", "../test-apps/spring-boot-app/target/predlog-spring-boot-app-exec.jar",
                "build the Spring Boot fixture first: mvn -pl test-apps/spring-boot-app package");
    }

    /** The repository's {@code agent.properties.example}, which instruments the sample service. */
    public static Path exampleConfig() {
        return existingFile("predlog.test.example.config", "../agent.properties.example",
                "the example configuration ships at the repository root");
    }

    /** Jackson 2.12.7 and Byte Buddy 1.12.23, copied by the build for {@code IsolationTest}. */
    public static Path isolationLibs() {
        Path dir = Paths.get(System.getProperty("predlog.test.isolation.libs", "target/isolation-libs"));
        if (!Files.isDirectory(dir)) {
            fail("missing " + dir.toAbsolutePath() + ": run through Maven (generate-test-resources copies them)");
        }
        return dir;
    }

    /** The jars of one logging framework an application carries ({@code logback} or {@code log4j}). */
    public static List<Path> loggingLibs(String framework) {
        Path dir = Paths.get(System.getProperty("predlog.test.logging.libs", "target/logging-libs"), framework);
        try (java.util.stream.Stream<Path> jars = Files.list(dir)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (java.io.IOException e) {
            return fail("missing " + dir.toAbsolutePath() + ": run through Maven (generate-test-resources copies them)");
        }
    }

    /** XGBoost's jar and the jars it needs at run time, copied by the build for {@code ModelLoadsTellTheTruthTest}. */
    public static List<Path> xgboostLibs() {
        Path dir = Paths.get(System.getProperty("predlog.test.xgboost.libs", "target/xgboost-libs"));
        try (java.util.stream.Stream<Path> jars = Files.list(dir)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (java.io.IOException e) {
            return fail("missing " + dir.toAbsolutePath() + ": run through Maven (generate-test-resources copies them)");
        }
    }

    /** The fixtures' own class path: this module's compiled test classes. */
    public static Path fixtureClasses() {
        try {
            return Paths.get(TestEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The project version, which the start-up banner names. */
    public static String projectVersion() {
        String version = System.getProperty("predlog.version");
        Assumptions.assumeTrue(version != null, "predlog.version is set by Maven");
        return version;
    }

    /**
     * The {@code java} launcher for child JVMs: {@code predlog.test.java.home}, else the JDK running the tests.
     * The value {@code skip} aborts the tests (for a machine without that JDK); a path that does not exist fails.
     */
    public static Path javaExecutable() {
        String configured = System.getProperty("predlog.test.java.home", "").trim();
        if (configured.equals("skip")) {
            Assumptions.abort("predlog.test.java.home=skip: tests on this JDK are skipped");
        }
        Path home = Paths.get(configured.isEmpty() ? System.getProperty("java.home") : configured);
        Path java = home.resolve("bin").resolve("java");
        if (!Files.isExecutable(java)) {
            fail("no JDK at " + home + " (predlog.test.java.home, from -Dpredlog.test.jdk25 in the agent-tests pom):"
                    + " install it, point the property at another JDK, or set it to 'skip'");
        }
        return java;
    }

    /** Where each child JVM gets its fresh working directory. */
    static Path runsDirectory() {
        String label = System.getProperty("predlog.test.run.label", "local");
        return Paths.get(System.getProperty("predlog.test.runs.dir", "target/agent-runs")).resolve(label);
    }

    private static Path existingFile(String property, String fallback, String hint) {
        Path path = Paths.get(System.getProperty(property, fallback));
        if (!Files.isRegularFile(path)) {
            fail("missing " + path.toAbsolutePath() + " (" + property + "): " + hint);
        }
        return path.toAbsolutePath().normalize();
    }
}
