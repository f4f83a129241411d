package io.predlog.cli.query;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Follows growing event files, as {@code tail --follow} does: each {@link #poll} hands over the complete lines
 * written since the previous one, in files that grew and in files that appeared. A line still being written
 * (no newline yet) waits for the next poll. When the agent gzips a file that was being followed, the gzip's
 * lines already read from the plain file are not handed over again.
 */
public final class FileFollower {

    /** Receives new lines of one file. */
    @FunctionalInterface
    public interface Batch {
        /** {@code lines} of {@code file}, the first being line {@code firstLine} (from 1). */
        void lines(Path file, long firstLine, List<String> lines) throws Exception;
    }

    private final List<Path> paths;
    private final Map<Path, Long> offsets = new HashMap<>();
    private final Map<Path, Long> linesRead = new HashMap<>();
    private final Set<Path> finished = new HashSet<>();

    /** Follows the event files under {@code paths} (the default directory when empty). */
    public FileFollower(List<Path> paths) {
        this.paths = List.copyOf(paths);
    }

    /**
     * Reads what is new and hands it to {@code batch}.
     *
     * @return the paths that could not be read in this poll, with the reason
     */
    public Map<Path, String> poll(Batch batch) throws Exception {
        InputFiles inputs = InputFiles.of(paths);
        Map<Path, String> problems = new HashMap<>();
        for (Path file : inputs.files()) {
            if (finished.contains(file)) {
                continue;
            }
            try {
                if (gzipped(file)) {
                    readGzip(file, batch);
                } else {
                    readPlain(file, batch);
                }
            } catch (IOException e) {
                problems.put(file, InputFiles.reason(e));
            }
        }
        return problems;
    }

    private void readPlain(Path file, Batch batch) throws Exception {
        long offset = offsets.getOrDefault(file, 0L);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < offset) {
                offset = 0;
                linesRead.put(file, 0L);
            }
            if (size == offset) {
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, size - offset));
            while (buffer.hasRemaining() && ch.read(buffer, offset + buffer.position()) > 0) {
                // read until the buffer is full or the end
            }
            byte[] bytes = buffer.array();
            int end = buffer.position();
            int lastNewline = -1;
            for (int i = end - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    lastNewline = i;
                    break;
                }
            }
            if (lastNewline < 0) {
                return;
            }
            String text = new String(bytes, 0, lastNewline, StandardCharsets.UTF_8);
            List<String> lines = List.of(text.split("\n", -1));
            long first = linesRead.getOrDefault(file, 0L) + 1;
            batch.lines(file, first, lines);
            linesRead.put(file, first - 1 + lines.size());
            offsets.put(file, offset + lastNewline + 1);
        }
    }

    private void readGzip(Path file, Batch batch) throws Exception {
        String name = file.getFileName().toString();
        Path plain = name.endsWith(".gz") ? file.resolveSibling(name.substring(0, name.length() - 3)) : null;
        long skip = plain == null ? 0 : linesRead.getOrDefault(plain, 0L);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                if (++n > skip) {
                    lines.add(line);
                }
            }
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            // a gzip file cut short: its complete lines were read
        }
        if (!lines.isEmpty()) {
            batch.lines(file, skip + 1, lines);
        }
        finished.add(file);
        if (plain != null) {
            offsets.remove(plain);
            linesRead.remove(plain);
            finished.add(plain);
        }
    }

    private static boolean gzipped(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
