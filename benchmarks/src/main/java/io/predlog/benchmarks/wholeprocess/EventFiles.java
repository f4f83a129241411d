package io.predlog.benchmarks.wholeprocess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the events an agent wrote: lines of the {@code *.jsonl} and {@code *.jsonl.gz} files under a directory,
 * counted by event name, and what the agent's last {@code agent_health} (the one written at exit) says it dropped.
 */
final class EventFiles {

    private static final String EVENT_FIELD = "{\"event\":\"";
    private static final String HEALTH_EVENT = "{\"event\":\"agent_health\"";
    private static final String DROPPED_FIELD = "\"events_dropped\":";

    /**
     * @param counts        lines per {@code event} name; lines that do not open with the event field under {@code ?}
     * @param droppedAtExit {@code events_dropped} of the {@code agent_health} written at exit ({@code "final":true}),
     *                      the agent's own count of every event it lost, whatever retention later deleted; -1 when
     *                      there is none
     */
    record Summary(Map<String, Long> counts, long droppedAtExit) {
    }

    private EventFiles() {
    }

    /** The events under {@code dir}; a missing directory has none. */
    static Summary read(Path dir) {
        Map<String, Long> counts = new TreeMap<>();
        long dropped = -1;
        if (!Files.isDirectory(dir)) {
            return new Summary(counts, dropped);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".jsonl.gz")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        for (Path file : files) {
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                 BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isEmpty()) {
                        counts.merge(eventName(line), 1L, Long::sum);
                        if (line.startsWith(HEALTH_EVENT) && line.contains("\"final\":true")) {
                            dropped = droppedOf(line);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new Summary(counts, dropped);
    }

    static String eventName(String line) {
        if (!line.startsWith(EVENT_FIELD)) {
            return "?";
        }
        int end = line.indexOf('"', EVENT_FIELD.length());
        return end < 0 ? "?" : line.substring(EVENT_FIELD.length(), end);
    }

    /** The {@code events_dropped} number of an {@code agent_health} line; -1 when it has none. */
    static long droppedOf(String line) {
        int at = line.indexOf(DROPPED_FIELD);
        if (at < 0) {
            return -1;
        }
        int from = at + DROPPED_FIELD.length();
        int to = from;
        while (to < line.length() && Character.isDigit(line.charAt(to))) {
            to++;
        }
        return to == from ? -1 : Long.parseLong(line.substring(from, to));
    }
}
