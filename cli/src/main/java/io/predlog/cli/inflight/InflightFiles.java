package io.predlog.cli.inflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.predlog.agent.inflight.InflightFile;

/**
 * The raw in-flight files ({@code inflight-<pid>.bin}, the agent's default {@code predlog.inflight.file}) under
 * some paths, read with the agent's own reader, each with whether the process that wrote it is still alive.
 */
public final class InflightFiles {

    private static final Pattern NAME = Pattern.compile("inflight-\\d+\\.bin");
    /** A start instant further than this from the recorded one means the pid was reused (as the agent judges). */
    private static final long START_TOLERANCE_MS = 2_000;

    /**
     * One file.
     *
     * @param path   where it is
     * @param record what it holds, or null when it could not be read
     * @param alive  whether its process still runs
     * @param error  why it could not be read, or null
     */
    public record Found(Path path, InflightFile record, boolean alive, String error) {
    }

    private InflightFiles() {
    }

    /** Every in-flight file under {@code paths} (files named on the command line are tried whatever their name). */
    public static List<Found> under(List<Path> paths) {
        List<Found> found = new ArrayList<>();
        for (Path root : paths) {
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().forEach(files::add);
                } catch (IOException | java.io.UncheckedIOException e) {
                    continue;
                }
            } else if (Files.isRegularFile(root) && root.getFileName().toString().endsWith(".bin")) {
                files.add(root);
            }
            for (Path file : files) {
                try {
                    InflightFile record = InflightFile.read(file);
                    found.add(new Found(file, record, alive(record.pid(), record.ownerStartMillis()), null));
                } catch (IOException e) {
                    found.add(new Found(file, null, false, e.getMessage()));
                }
            }
        }
        return found;
    }

    /** Whether the process {@code pid}, started at {@code startMillis} (or -1), runs on this machine. */
    static boolean alive(long pid, long startMillis) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (startMillis <= 0) {
            return true;
        }
        Optional<Instant> started = handle.get().info().startInstant();
        return started.isEmpty() || Math.abs(started.get().toEpochMilli() - startMillis) <= START_TOLERANCE_MS;
    }
}
