package io.predlog.cli.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The event files named by a command's paths: a file is read whatever its name; a directory contributes every
 * {@code *.jsonl} and {@code *.jsonl.gz} below it, at any depth (the agent's {@code yyyy/MM/dd/HH} tree).
 *
 * @param files      the files to read, each once, in path order
 * @param unreadable paths that could not be listed or do not exist, with the reason
 */
public record InputFiles(List<Path> files, Map<Path, String> unreadable) {

    /** The directory read when a command is given no path. */
    public static final Path DEFAULT_DIR = Path.of("predlog-logs");

    public InputFiles {
        files = List.copyOf(files);
        unreadable = Map.copyOf(unreadable);
    }

    /** Whether a file name is an event file's: {@code .jsonl} or {@code .jsonl.gz}. */
    public static boolean isEventFile(String fileName) {
        return fileName.endsWith(".jsonl") || fileName.endsWith(".jsonl.gz");
    }

    /** The files under {@code paths} ({@link #DEFAULT_DIR} when there are none). */
    public static InputFiles of(List<Path> paths) {
        List<Path> roots = paths == null || paths.isEmpty() ? List.of(DEFAULT_DIR) : paths;
        Set<Path> found = new LinkedHashSet<>();
        Map<Path, String> unreadable = new LinkedHashMap<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(p -> isEventFile(p.getFileName().toString()) && Files.isRegularFile(p))
                            .sorted()
                            .forEach(p -> found.add(p.normalize()));
                } catch (IOException | UncheckedIOException e) {
                    unreadable.put(root, "cannot list it: " + reason(e));
                }
            } else if (Files.isRegularFile(root)) {
                found.add(root.normalize());
            } else if (Files.exists(root)) {
                unreadable.put(root, "not a file or directory");
            } else {
                unreadable.put(root, "no such file or directory");
            }
        }
        return new InputFiles(new ArrayList<>(found), unreadable);
    }

    static String reason(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
