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

/** Counts the events an agent wrote: lines of the {@code *.jsonl} and {@code *.jsonl.gz} files under a directory, by event name. */
final class EventFiles {

    private static final String EVENT_FIELD = "{\"event\":\"";

    private EventFiles() {
    }

    /** Lines per {@code event} name; lines that do not open with the event field are counted under {@code ?}. */
    static Map<String, Long> countByEvent(Path dir) {
        Map<String, Long> counts = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return counts;
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
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return counts;
    }

    static String eventName(String line) {
        if (!line.startsWith(EVENT_FIELD)) {
            return "?";
        }
        int end = line.indexOf('"', EVENT_FIELD.length());
        return end < 0 ? "?" : line.substring(EVENT_FIELD.length(), end);
    }
}
