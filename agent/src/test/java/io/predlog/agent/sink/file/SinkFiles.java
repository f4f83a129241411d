package io.predlog.agent.sink.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reads what the file sink left in a directory, the way a user's tools would. */
final class SinkFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SinkFiles() {
    }

    /** Every regular file below {@code dir}, sorted. */
    static List<Path> all(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static List<Path> named(Path dir, String suffix) throws IOException {
        return all(dir).stream().filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }

    /** The lines of a file; {@code .gz} files are read with the real {@code zcat} when it is on the PATH. */
    static List<String> lines(Path file) {
        try {
            if (!file.getFileName().toString().endsWith(".gz")) {
                return Files.readAllLines(file, StandardCharsets.UTF_8);
            }
            if (zcatAvailable()) {
                Process p = new ProcessBuilder("zcat", file.toString()).redirectErrorStream(true).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new AssertionError("zcat failed on " + file + ": " + new String(out, StandardCharsets.UTF_8));
                }
                return new String(out, StandardCharsets.UTF_8).lines().toList();
            }
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every line of every file below {@code dir}, each parsed strictly as one JSON object. */
    static List<JsonNode> events(Path dir) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (Path f : all(dir)) {
            String name = f.getFileName().toString();
            if (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz")) {
                for (String line : lines(f)) {
                    JsonNode node = JSON.readTree(line);
                    if (node == null || !node.isObject()) {
                        throw new AssertionError(f + " has a line that is not a JSON object: " + line);
                    }
                    events.add(node);
                }
            }
        }
        return events;
    }

    static List<String> requestIds(Path dir) throws IOException {
        return events(dir).stream().map(e -> e.get("request_id").asText()).toList();
    }

    static List<String> ids(long from, int count) {
        return LongStream.range(from, from + count).mapToObj(n -> String.format("%032x", n)).toList();
    }

    static boolean zcatAvailable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "zcat"))) {
                return true;
            }
        }
        return false;
    }
}
