package io.predlog.cli.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * The classes of one jar or war file as the JVM that runs it finds them. A plain jar is its own classes. An
 * executable Spring Boot jar is the application's classes under {@code BOOT-INF/classes} and the libraries nested
 * under {@code BOOT-INF/lib} (in the order of {@code BOOT-INF/classpath.idx} when it has one); a war, Spring Boot's
 * or a servlet container's, is {@code WEB-INF/classes} and the jars under {@code WEB-INF/lib} and
 * {@code WEB-INF/lib-provided}. The launcher classes at the root of such an archive are not the application's and
 * are left out. Nested jars are read into memory, never extracted to disk.
 */
final class ArchiveClasses {

    /** The layouts of archives that nest their class path: the classes folder, then the folders of nested jars. */
    private enum Layout {
        SPRING_BOOT_JAR("Spring Boot executable jar", "BOOT-INF/classes/", "BOOT-INF/lib/"),
        WAR("war", "WEB-INF/classes/", "WEB-INF/lib/", "WEB-INF/lib-provided/");

        final String description;
        final String classes;
        final List<String> libraries;

        Layout(String description, String classes, String... libraries) {
            this.description = description;
            this.classes = classes;
            this.libraries = List.of(libraries);
        }
    }

    /**
     * Classes from one place: a jar, the classes folder of an archive, or a jar nested in one.
     *
     * @param names   binary class names, in the order met
     * @param locator reads their class files
     */
    record Source(List<String> names, ClassFileLocator locator) {
    }

    /**
     * What one archive holds.
     *
     * @param sources     its sources of classes, in class path order
     * @param description for an archive with nested jars, how it was read; else null
     */
    record Contents(List<Source> sources, String description) {
    }

    private ArchiveClasses() {
    }

    /** Reads the archive {@code file}. */
    static Contents read(Path file) throws IOException {
        JarFile jar = new JarFile(file.toFile());
        try {
            Layout layout = layout(jar);
            if (layout == null) {
                List<String> names = new ArrayList<>();
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    String name = className(entries.nextElement(), "");
                    if (name != null) {
                        names.add(name);
                    }
                }
                JarFile open = jar;
                jar = null; // the locator keeps it open, and closes it
                return new Contents(List.of(new Source(names, new ClassFileLocator.ForJarFile(open))), null);
            }
            return nested(jar, layout);
        } finally {
            if (jar != null) {
                jar.close();
            }
        }
    }

    private static Layout layout(JarFile jar) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            for (Layout layout : Layout.values()) {
                if (name.startsWith(layout.classes) || layout.libraries.stream().anyMatch(name::startsWith)) {
                    return layout;
                }
            }
        }
        return null;
    }

    private static Contents nested(JarFile jar, Layout layout) throws IOException {
        Map<String, byte[]> classFiles = new LinkedHashMap<>();
        Set<String> libraries = new LinkedHashSet<>(classPathIndex(jar));
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            String name = className(entry, layout.classes);
            if (name != null) {
                try (InputStream in = jar.getInputStream(entry)) {
                    classFiles.put(name, in.readAllBytes());
                }
            } else if (!entry.isDirectory() && entry.getName().endsWith(".jar")
                    && layout.libraries.stream().anyMatch(l -> entry.getName().startsWith(l)
                    && entry.getName().indexOf('/', l.length()) < 0)) {
                libraries.add(entry.getName());
            }
        }
        List<Source> sources = new ArrayList<>();
        sources.add(new Source(List.copyOf(classFiles.keySet()), new ClassFileLocator.Simple(classFiles)));
        int libraryClasses = 0;
        int jars = 0;
        for (String library : libraries) {
            JarEntry entry = jar.getJarEntry(library);
            if (entry == null) {
                continue; // listed in classpath.idx, not in the archive
            }
            Map<String, byte[]> nestedFiles = new LinkedHashMap<>();
            try (ZipInputStream in = new ZipInputStream(jar.getInputStream(entry), StandardCharsets.UTF_8)) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    String name = className(e, "");
                    if (name != null) {
                        nestedFiles.putIfAbsent(name, in.readAllBytes());
                    }
                }
            }
            sources.add(new Source(List.copyOf(nestedFiles.keySet()), new ClassFileLocator.Simple(nestedFiles)));
            libraryClasses += nestedFiles.size();
            jars++;
        }
        String folders = String.join(", ", layout.libraries);
        return new Contents(sources, layout.description + ": " + classFiles.size() + " classes in " + layout.classes
                + ", " + libraryClasses + " in " + jars + " nested jar" + (jars == 1 ? "" : "s") + " (" + folders + ")");
    }

    /** The nested jars that {@code BOOT-INF/classpath.idx} lists, in its order (lines {@code - "BOOT-INF/lib/a.jar"}). */
    private static List<String> classPathIndex(JarFile jar) throws IOException {
        JarEntry index = jar.getJarEntry("BOOT-INF/classpath.idx");
        if (index == null) {
            return List.of();
        }
        List<String> jars = new ArrayList<>();
        try (InputStream in = jar.getInputStream(index)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.trim();
                if (trimmed.startsWith("- \"") && trimmed.endsWith("\"")) {
                    jars.add(trimmed.substring(3, trimmed.length() - 1));
                }
            }
        }
        return jars;
    }

    /** The binary name of the class a zip entry under {@code prefix} holds; null for anything else. */
    private static String className(ZipEntry entry, String prefix) {
        String path = entry.getName();
        if (entry.isDirectory() || !path.startsWith(prefix) || !path.endsWith(".class")) {
            return null;
        }
        String resource = path.substring(prefix.length());
        if (resource.startsWith("META-INF/")) {
            return null;
        }
        String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
        return name.endsWith("module-info") || name.endsWith("package-info") ? null : name;
    }
}
