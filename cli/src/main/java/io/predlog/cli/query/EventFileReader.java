package io.predlog.cli.query;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one event file line by line, gzipped or not (told by its first bytes, not its name), keeping whatever
 * can be read: a gzip file cut short (a process killed while compressing, a copy interrupted) yields the lines
 * before the cut and says so; bytes that are not UTF-8 become U+FFFD and the line is judged by the JSON parser.
 */
public final class EventFileReader {

    /** Receives the lines of a file. */
    @FunctionalInterface
    public interface LineConsumer {
        /** One line, without its line terminator; {@code number} counts from 1. */
        void line(long number, String text) throws Exception;
    }

    /**
     * What reading a file came to.
     *
     * @param lines     lines handed to the consumer
     * @param bytes     bytes of the file read (compressed bytes for a gzip file)
     * @param cutShort  why the file ended before its end, or null when it was read to the end
     */
    public record Outcome(long lines, long bytes, String cutShort) {
    }

    private EventFileReader() {
    }

    /**
     * Hands every line of {@code file} to {@code consumer}.
     *
     * @param progress told of every 64 KiB or so read; may be null
     * @throws IOException when the file cannot be opened at all
     */
    public static Outcome read(Path file, LineConsumer consumer, java.util.function.LongConsumer progress)
            throws Exception {
        CountingStream counted = new CountingStream(Files.newInputStream(file), progress);
        long lines = 0;
        String cutShort = null;
        try (BufferedInputStream in = new BufferedInputStream(counted, 1 << 16)) {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            CutTolerant body = null;
            BufferedReader reader;
            try {
                InputStream source = in;
                if (gzip) {
                    body = new CutTolerant(new GZIPInputStream(in, 1 << 16));
                    source = body;
                }
                reader = new BufferedReader(new InputStreamReader(source, StandardCharsets.UTF_8), 1 << 16);
            } catch (EOFException | ZipException e) {
                return new Outcome(0, counted.count, "gzip data cut short or corrupt (" + message(e) + ") after 0 lines");
            }
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                if (!line.isEmpty()) {
                    consumer.line(lines, line);
                }
            }
            if (body != null && body.cut != null) {
                cutShort = "gzip data cut short or corrupt (" + message(body.cut) + ") after " + lines + " lines";
            }
        }
        return new Outcome(lines, counted.count, cutShort);
    }

    private static String message(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Ends a gzip stream where its data ends, however it ends: the inflater hands over every byte it could
     * decompress before the cut, and the cut becomes the end of the stream, remembered in {@link #cut}.
     */
    private static final class CutTolerant extends java.io.FilterInputStream {
        private IOException cut;

        CutTolerant(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (cut != null) {
                return -1;
            }
            try {
                return super.read(b, off, len);
            } catch (EOFException | ZipException e) {
                cut = e;
                return -1;
            }
        }
    }

    /** Counts the bytes read through it and reports them now and then. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private final java.util.function.LongConsumer progress;
        private long count;
        private long reported;

        CountingStream(InputStream in, java.util.function.LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(long n) {
            count += n;
            if (progress != null && count - reported >= 1 << 16) {
                progress.accept(count - reported);
                reported = count;
            }
        }

        @Override
        public void close() throws IOException {
            if (progress != null && count > reported) {
                progress.accept(count - reported);
                reported = count;
            }
            super.close();
        }
    }
}
