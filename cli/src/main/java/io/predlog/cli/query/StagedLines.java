package io.predlog.cli.query;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lines of one event file copied into a temporary file that DuckDB reads back in one parallel scan
 * ({@link #scan}): one line per event-file line, {@code fileIndex SEPARATOR lineNumber SEPARATOR text}.
 *
 * <p>Only lines that could be JSON are copied: a line holding a control character other than tab cannot be (JSON
 * allows none, escaped or not), so it is counted and left out, which also keeps {@link #SEPARATOR} out of the
 * text. Bytes that are not UTF-8 become U+FFFD, and the JSON parser judges the line.
 */
final class StagedLines implements EventFileReader.LineConsumer, Closeable {

    /** Separates the columns of a staged line; a control character, so never in a copied line. */
    static final char SEPARATOR = '\u0001';

    private final Path path;
    private final OutputStream out;
    private final byte[] prefix;
    private final byte[] digits = new byte[20];
    private long lines;
    private long copied;
    private int longest;

    private StagedLines(Path path, int fileIndex) throws IOException {
        this.path = path;
        this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20);
        this.prefix = (fileIndex + String.valueOf(SEPARATOR)).getBytes(StandardCharsets.US_ASCII);
    }

    /** A new staging file {@code path} for the lines of the file numbered {@code fileIndex}. */
    static StagedLines create(Path path, int fileIndex) throws IOException {
        return new StagedLines(path, fileIndex);
    }

    @Override
    public void line(long number, byte[] bytes, int offset, int length) throws IOException {
        lines++;
        boolean ascii = true;
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = bytes[i];
            if (b < 0x20) {
                if (b < 0) {
                    ascii = false;
                } else if (b != '\t') {
                    return;
                }
            }
        }
        byte[] text = bytes;
        int from = offset;
        int size = length;
        if (!ascii) {
            text = new String(bytes, offset, length, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            from = 0;
            size = text.length;
        }
        out.write(prefix);
        int d = digits.length;
        long n = number;
        do {
            digits[--d] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        out.write(digits, d, digits.length - d);
        out.write(SEPARATOR);
        out.write(text, from, size);
        out.write('\n');
        copied++;
        longest = Math.max(longest, size);
    }

    /** Non-empty lines handed over, copied or not. */
    long lines() {
        return lines;
    }

    /** Lines copied into the staging file. */
    long copied() {
        return copied;
    }

    /** The longest text copied, in bytes. */
    int longest() {
        return longest;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * The relation of columns {@code file}, {@code line}, {@code text} over staging files, in their order and
     * line order; {@code names.get(i)} is the file whose index is {@code i}.
     */
    static String scan(java.util.List<Path> staged, java.util.List<String> names, int longest) {
        String files = staged.stream().map(p -> "'" + EventStore.sqlText(p.toString()) + "'")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        String fileNames = names.stream().map(n -> "'" + EventStore.sqlText(n) + "'")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        long maxLine = Math.max(2L << 20, longest + 64L);
        long buffer = Math.max(16L << 20, 2 * maxLine);
        return "SELECT (" + fileNames + "::VARCHAR[])[idx + 1] AS file, line, text FROM read_csv(" + files
                + ", columns = {'idx': 'INTEGER', 'line': 'BIGINT', 'text': 'VARCHAR'}, delim = '" + SEPARATOR
                + "', quote = '', escape = '', header = false, auto_detect = false, new_line = '\\n', "
                + "max_line_size = " + maxLine + ", buffer_size = " + buffer + ")";
    }
}
