package io.predlog.agenttests.harness;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A user's extension jar, built the way a user builds one: the {@code .java} files of a source folder compiled
 * against the agent's classes alone, jarred with the folder's other files (its {@code META-INF/services} lists).
 */
public final class ExtensionJar {

    private ExtensionJar() {
    }

    /**
     * The test sinks' jar ({@code src/test/sink-extension-jar}, or {@code predlog.test.sink.extension.src}: the copy,
     * slow copy, throwing and blocking sinks a user might write), built as {@code dir/<name>}.
     */
    public static Path testSinks(Path dir, String name) throws IOException {
        return build(Paths.get(System.getProperty("predlog.test.sink.extension.src", "src/test/sink-extension-jar")),
                dir, name);
    }

    /** Builds {@code dir/<name>} from {@code sources}; fails the test when the sources do not compile. */
    public static Path build(Path sources, Path dir, String name) throws IOException {
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
                "-cp", TestEnvironment.agentClasses().toString()));
        files.stream().filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertEquals(0, javac.run(null, errors, errors, args.toArray(String[]::new)),
                "compiling " + sources + ": " + errors.toString(StandardCharsets.UTF_8));
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> compiled = Files.walk(classes)) {
            for (Path p : compiled.filter(Files::isRegularFile).toList()) {
                add(out, classes.relativize(p), p);
            }
            for (Path p : files) {
                if (!p.toString().endsWith(".java")) {
                    add(out, sources.relativize(p), p);
                }
            }
        }
        return jar;
    }

    private static void add(JarOutputStream out, Path name, Path file) throws IOException {
        out.putNextEntry(new JarEntry(name.toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
    }
}
