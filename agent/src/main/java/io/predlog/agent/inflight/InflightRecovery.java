package io.predlog.agent.inflight;

import io.predlog.agent.capture.HashResult;
import io.predlog.agent.event.Event;
import io.predlog.agent.event.InflightAtCrashEvent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At start-up: finds the in-flight files left by processes that died, turns each occupied slot into an
 * {@code inflight_at_crash} event and deletes the file. A file whose owner is still alive (another JVM sharing
 * the directory) is left alone.
 */
public final class InflightRecovery {

    /** The placeholder for the process id in {@code predlog.inflight.file}. */
    public static final String PID = "{pid}";

    /** A start instant differing by more than this from the one recorded means the pid was reused. */
    private static final long START_TOLERANCE_MS = 2_000;

    private InflightRecovery() {
    }

    /** The file of process {@code pid} for a configured name (with or without {@value #PID}). */
    public static Path fileFor(Path configured, long pid) {
        String name = configured.getFileName().toString();
        return configured.resolveSibling(name.replace(PID, Long.toString(pid)));
    }

    /**
     * Reads and deletes every file of the configured name whose owner is gone, offering their calls to
     * {@code events}. Call before this process opens its own file: one bearing its pid is taken for a dead
     * predecessor's.
     *
     * @return the number of events offered
     */
    public static int recover(Path configured, long selfPid, Consumer<Event> events) throws IOException {
        int offered = 0;
        for (Path file : candidates(configured)) {
            InflightFile record;
            try {
                record = InflightFile.read(file);
            } catch (IOException e) {
                continue; // not ours, or written by another version: leave it
            }
            // a file with this process's own pid is a predecessor's (a container restarted: the JVM gets the same
            // pid again): this process has not opened its own file yet
            if (record.pid() != selfPid && alive(record.pid(), record.ownerStartMillis())) {
                continue;
            }
            for (InflightFile.InflightCall call : record.calls()) {
                events.accept(eventOf(record.pid(), call));
                offered++;
            }
            Files.deleteIfExists(file);
        }
        return offered;
    }

    static InflightAtCrashEvent eventOf(long pid, InflightFile.InflightCall call) {
        HashResult input = call.hasHash()
                ? new HashResult(call.inputHash(), call.inputSize(), call.hashTruncated(), call.hashPartial())
                : null;
        return new InflightAtCrashEvent(call.startEpochMillis(), call.thread(), pid,
                call.kind() == InflightTable.LOAD ? "load" : "predict", call.requestId(), call.target(),
                call.method(), call.modelId(), call.modelVersion(), input);
    }

    /** Files named like the configured one, any pid. */
    static List<Path> candidates(Path configured) throws IOException {
        Path absolute = configured.toAbsolutePath();
        Path dir = absolute.getParent();
        String name = absolute.getFileName().toString();
        List<Path> found = new ArrayList<>();
        if (!name.contains(PID)) {
            if (Files.isRegularFile(absolute)) {
                found.add(absolute);
            }
            return found;
        }
        if (dir == null || !Files.isDirectory(dir)) {
            return found;
        }
        int at = name.indexOf(PID);
        Pattern pattern = Pattern.compile(Pattern.quote(name.substring(0, at)) + "(\\d+)"
                + Pattern.quote(name.substring(at + PID.length())));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Matcher m = pattern.matcher(entry.getFileName().toString());
                if (m.matches() && Files.isRegularFile(entry)) {
                    found.add(entry);
                }
            }
        }
        return found;
    }

    /** Whether the process that wrote a file still runs: its pid is alive and, when known, started when it did. */
    static boolean alive(long pid, long ownerStartMillis) {
        Optional<ProcessHandle> handle;
        try {
            handle = ProcessHandle.of(pid);
        } catch (RuntimeException e) {
            return false;
        }
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (ownerStartMillis <= 0) {
            return true;
        }
        Optional<Instant> started = handle.get().info().startInstant();
        return started.isEmpty() || Math.abs(started.get().toEpochMilli() - ownerStartMillis) <= START_TOLERANCE_MS;
    }

    /** This process's start instant in epoch ms, or -1. */
    public static long currentStartMillis() {
        try {
            return ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
