package io.predlog.cli.doctor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * The classes of an application's class path, read from its jars, wars and directories without loading or running
 * any of them ({@link ArchiveClasses} opens executable Spring Boot jars and wars): their names, and a Byte Buddy
 * type pool that describes them (and the JDK's) as the agent sees a class being loaded.
 */
final class ClassPathScan implements AutoCloseable {

    private final Map<String, Path> classes = new LinkedHashMap<>();
    private final Map<Path, String> archives = new LinkedHashMap<>();
    private final Map<Path, String> unreadable = new LinkedHashMap<>();
    private final List<ClassFileLocator> locators = new ArrayList<>();
    private final ClassFileLocator locator;
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
                    ArchiveClasses.Contents contents = ArchiveClasses.read(entry);
                    for (ArchiveClasses.Source source : contents.sources()) {
                        source.names().forEach(name -> classes.putIfAbsent(name, entry));
                        locators.add(source.locator());
                    }
                    if (contents.description() != null) {
                        archives.put(entry, contents.description());
                    }
                } else {
                    unreadable.put(entry, "no such file or directory");
                }
            } catch (IOException | RuntimeException e) {
                unreadable.put(entry, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        locators.add(ClassFileLocator.ForClassLoader.ofPlatformLoader());
        locator = new ClassFileLocator.Compound(locators);
        pool = TypePool.Default.of(locator);
    }

    /** Binary class name → the class path entry it came from, in class path order (the first one wins). */
    Map<String, Path> classes() {
        return classes;
    }

    /** The class path's archives that nest their classes and libraries (docs/CLI.md, doctor), with what was read. */
    Map<Path, String> archives() {
        return archives;
    }

    /** Class path entries that could not be read, with the reason. */
    Map<Path, String> unreadable() {
        return unreadable;
    }

    /** The pool that describes the scanned classes and the JDK's. */
    TypePool pool() {
        return pool;
    }

    /**
     * Whether the class file of {@code name} declares a static initialiser ({@code <clinit>}), which type descriptions
     * do not list; false when the class file cannot be read.
     */
    boolean declaresStaticInitialiser(String name) {
        try {
            ClassFileLocator.Resolution resolution = locator.locate(name);
            if (!resolution.isResolved()) {
                return false;
            }
            boolean[] found = new boolean[1];
            OpenedClassReader.of(resolution.resolve()).accept(new ClassVisitor(OpenedClassReader.ASM_API) {
                @Override
                public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                                                 String[] exceptions) {
                    found[0] |= method.equals("<clinit>");
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return found[0];
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    private void scanDirectory(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> p.toString().endsWith(".class")).sorted().forEach(p -> {
                String relative = dir.relativize(p).toString().replace(File.separatorChar, '/');
                add(relative, dir);
            });
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
