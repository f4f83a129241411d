package io.predlog.cli.doctor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * The classes of an application's class path, read from its jars and directories without loading or running
 * any of them: their names, and a Byte Buddy type pool that describes them (and the JDK's) as the agent sees
 * a class being loaded.
 */
final class ClassPathScan implements AutoCloseable {

    private final Map<String, Path> classes = new LinkedHashMap<>();
    private final Map<Path, String> unreadable = new LinkedHashMap<>();
    private final List<ClassFileLocator> locators = new ArrayList<>();
    private final TypePool pool;

    /** Scans the entries of a class path ({@code File.pathSeparator}-separated). */
    ClassPathScan(String classPath) {
        for (String part : classPath.split(File.pathSeparator)) {
            if (part.isBlank()) {
                continue;
            }
            Path entry = Path.of(part.trim());
            try {
                if (Files.isDirectory(entry)) {
                    scanDirectory(entry);
                    locators.add(new ClassFileLocator.ForFolder(entry.toFile()));
                } else if (Files.isRegularFile(entry)) {
                    JarFile jar = new JarFile(entry.toFile());
                    scanJar(jar, entry);
                    locators.add(new ClassFileLocator.ForJarFile(jar));
                } else {
                    unreadable.put(entry, "no such file or directory");
                }
            } catch (IOException | RuntimeException e) {
                unreadable.put(entry, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        locators.add(ClassFileLocator.ForClassLoader.ofPlatformLoader());
        pool = TypePool.Default.of(new ClassFileLocator.Compound(locators));
    }

    /** Binary class name → the class path entry it came from, in class path order (the first one wins). */
    Map<String, Path> classes() {
        return classes;
    }

    /** Class path entries that could not be read, with the reason. */
    Map<Path, String> unreadable() {
        return unreadable;
    }

    /** The pool that describes the scanned classes and the JDK's. */
    TypePool pool() {
        return pool;
    }

    private void scanDirectory(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> p.toString().endsWith(".class")).sorted().forEach(p -> {
                String relative = dir.relativize(p).toString().replace(File.separatorChar, '/');
                add(relative, dir);
            });
        }
    }

    private void scanJar(JarFile jar, Path entry) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry e = entries.nextElement();
            if (!e.isDirectory() && e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                add(e.getName(), entry);
            }
        }
    }

    private void add(String resource, Path entry) {
        String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
        if (!name.endsWith("module-info") && !name.endsWith("package-info")) {
            classes.putIfAbsent(name, entry);
        }
    }

    @Override
    public void close() {
        for (ClassFileLocator locator : locators) {
            try {
                locator.close();
            } catch (IOException ignored) {
                // read-only jars: nothing to lose
            }
        }
    }
}
