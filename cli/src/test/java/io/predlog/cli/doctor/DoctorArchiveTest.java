package io.predlog.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import io.predlog.cli.CommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} on archives that nest their class path: the repository's Spring Boot test application as its
 * build packages it (built by the reactor before this module's tests), and a war made here.
 */
class DoctorArchiveTest {

    private static final Path SPRING_BOOT_JAR = Path.of("..", "test-apps", "spring-boot-app", "target",
            "predlog-spring-boot-app-exec.jar").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static List<String> after(List<String> lines, String line, int count) {
        int at = lines.indexOf(line);
        assertTrue(at >= 0, "no line '" + line + "' in\n" + String.join("\n", lines));
        return lines.subList(at + 1, Math.min(lines.size(), at + 1 + count));
    }

    @Test
    void aSpringBootFatJarShowsTheApplicationsClassesAndItsNestedLibrariesClasses() throws IOException {
        assertTrue(Files.isRegularFile(SPRING_BOOT_JAR), "build the test application first (mvn -B -pl cli -am verify "
                + "builds it): looked for " + SPRING_BOOT_JAR);
        Path config = Files.writeString(dir.resolve("agent.properties"), String.join("\n",
                "predlog.predict.rank = io.predlog.testapps.spring.Ranker#rank",
                "predlog.entry.http = org.springframework.web.servlet.DispatcherServlet#doDispatch",
                "predlog.predict.launcher = org.springframework.boot.loader.launch.JarLauncher#main",
                ""));
        CommandRunner.Run run = CommandRunner.run("doctor", "--config", config.toString(), "--classpath",
                SPRING_BOOT_JAR.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        List<String> lines = run.out().lines().toList();
        String summary = lines.stream().filter(l -> l.startsWith("  " + SPRING_BOOT_JAR + ": ")).findFirst()
                .orElseThrow(() -> new AssertionError(run.out()));
        long applicationClasses;
        long nestedJars;
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(SPRING_BOOT_JAR.toFile())) {
            applicationClasses = jar.stream().filter(e -> e.getName().startsWith("BOOT-INF/classes/")
                    && e.getName().endsWith(".class")).count();
            nestedJars = jar.stream().filter(e -> e.getName().matches("BOOT-INF/lib/[^/]+\\.jar")).count();
        }
        assertTrue(nestedJars > 20, "the test application nests its libraries: " + nestedJars);
        assertTrue(summary.contains(": Spring Boot executable jar: " + applicationClasses + " classes in BOOT-INF/classes/, "), summary);
        assertTrue(summary.matches(".* \\d{4,} in " + nestedJars + " nested jars \\(BOOT-INF/lib/\\)"), summary);

        // the application's class, found through the interface it implements
        assertEquals(List.of("  matches 1 method:", "    io.predlog.testapps.spring.LinearRanker#rank(java.util.Map)"),
                after(lines, "predlog.predict.rank = io.predlog.testapps.spring.Ranker#rank", 2));
        // a library's class, its superclasses in two other nested jars (spring-webmvc, tomcat-embed-core)
        assertEquals(List.of("  matches 1 method:", "    org.springframework.web.servlet.DispatcherServlet#doDispatch("
                        + "jakarta.servlet.http.HttpServletRequest, jakarta.servlet.http.HttpServletResponse)"),
                after(lines, "predlog.entry.http = org.springframework.web.servlet.DispatcherServlet#doDispatch", 2));
        // the launcher at the jar's root is not the application's
        assertEquals("  MATCHES NOTHING on this class path",
                after(lines, "predlog.predict.launcher = org.springframework.boot.loader.launch.JarLauncher#main", 1).get(0));
        assertTrue(Stream.of(dir.toFile().list()).allMatch(name -> name.equals("agent.properties")),
                "nothing extracted next to the config");
    }

    @Test
    void aWarShowsWebInfClassesAndTheJarsOfWebInfLib() throws IOException {
        Path classes = Path.of("target", "test-classes", "io", "predlog", "cli", "fixture");
        ByteArrayOutputStream library = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(library)) {
            add(jar, "io/predlog/cli/fixture/ModelRegistry.class", classes.resolve("ModelRegistry.class"));
        }
        Path war = dir.resolve("scoring.war");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(war))) {
            add(out, "io/predlog/cli/fixture/Api.class", classes.resolve("Api.class"));
            add(out, "WEB-INF/classes/io/predlog/cli/fixture/FraudModel.class", classes.resolve("FraudModel.class"));
            out.putNextEntry(new JarEntry("WEB-INF/lib/models.jar"));
            out.write(library.toByteArray());
            out.closeEntry();
        }
        Path config = Files.writeString(dir.resolve("agent.properties"), String.join("\n",
                "predlog.predict.score = io.predlog.cli.fixture.FraudModel#score",
                "predlog.load.registry = io.predlog.cli.fixture.ModelRegistry#load(String,String)",
                "predlog.entry.api = io.predlog.cli.fixture.Api#handle",
                ""));
        CommandRunner.Run run = CommandRunner.run("doctor", "--config", config.toString(), "--classpath", war.toString());
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.contains("class path: 2 classes"), run.out());
        assertTrue(lines.contains("  " + war + ": war: 1 classes in WEB-INF/classes/, 1 in 1 nested jar "
                + "(WEB-INF/lib/, WEB-INF/lib-provided/)"), run.out());
        assertEquals("  matches 1 method:", after(lines, "predlog.predict.score = io.predlog.cli.fixture.FraudModel#score", 1).get(0));
        assertEquals("    io.predlog.cli.fixture.ModelRegistry#load(java.lang.String, java.lang.String)",
                after(lines, "predlog.load.registry = io.predlog.cli.fixture.ModelRegistry#load(String,String)", 2).get(1));
        assertEquals("  MATCHES NOTHING on this class path",
                after(lines, "predlog.entry.api = io.predlog.cli.fixture.Api#handle", 1).get(0));
    }

    private static void add(JarOutputStream jar, String name, Path file) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        try (OutputStream out = new NonClosing(jar)) {
            Files.copy(file, out);
        }
        jar.closeEntry();
    }

    /** Lets {@code Files.copy} write into a jar entry without closing the jar. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
