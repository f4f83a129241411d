package io.predlog.cli.query;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one event file line by line as bytes, gzipped or not (told by its first bytes, not its name), keeping
 * whatever can be read: a gzip file cut short (a process killed while compressing, a copy interrupted) yields the
 * lines before the cut and says so. What a line holds is judged later ({@link StagedLines}, the JSON parser).
 */
public final class EventFileReader {

    /** Receives the lines of a file as bytes. */
    @FunctionalInterface
    public interface LineConsumer {
        /**
         * One line, without its line terminator, in {@code bytes[offset, offset + length)}; {@code number} counts
         * from 1. The bytes are valid only during the call.
         */
        void line(long number, byte[] bytes, int offset, int length) throws IOException;
    }

    /**
     * What reading a file came to.
     *
     * @param lines     lines read, empty ones included (the last line number)
     * @param bytes     bytes of the file read (compressed bytes for a gzip file)
     * @param cutShort  why the file ended before its end, or null when it was read to the end
     */
    public record Outcome(long lines, long bytes, String cutShort) {
    }

    private static final int BLOCK = 1 << 20;

    private EventFileReader() {
    }

    /**
     * Hands every non-empty line of {@code file} to {@code consumer}. Lines end at LF, CR or CR LF, as
     * {@link java.io.BufferedReader#readLine()} has them.
     *
     * @param progress told of every 64 KiB or so read; may be null
     * @throws IOException when the file cannot be opened or read (a gzip file cut short is not an error)
     */
    public static Outcome read(Path file, LineConsumer consumer, java.util.function.LongConsumer progress)
            throws IOException {
        CountingStream counted = new CountingStream(Files.newInputStream(file), progress);
        try (BufferedInputStream in = new BufferedInputStream(counted, 1 << 16)) {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            CutTolerant body = null;
            InputStream source = in;
            if (gzip) {
                try {
                    body = new CutTolerant(new GZIPInputStream(in, 1 << 16));
                } catch (EOFException | ZipException e) {
                    return new Outcome(0, counted.count, "gzip data cut short or corrupt (" + message(e) + ") after 0 lines");
                }
                source = body;
            }
            long lines = split(source, consumer);
            String cutShort = body != null && body.cut != null
                    ? "gzip data cut short or corrupt (" + message(body.cut) + ") after " + lines + " lines" : null;
            return new Outcome(lines, counted.count, cutShort);
        }
    }

    /** Cuts {@code in} into lines for {@code consumer}; returns the number of lines, empty ones included. */
    private static long split(InputStream in, LineConsumer consumer) throws IOException {
        byte[] buf = new byte[BLOCK];
        int start = 0;
        int end = 0;
        long lines = 0;
        boolean afterCr = false;
        while (true) {
            if (end == buf.length) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                } else {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                break;
            }
            int scan = end;
            end += n;
            if (afterCr && scan < end) {
                afterCr = false;
                if (buf[scan] == '\n') {
                    scan++;
                    start = scan;
                }
            }
            for (int i = scan; i < end; i++) {
                byte b = buf[i];
                if (b == '\n' || b == '\r') {
                    lines++;
                    if (i > start) {
                        consumer.line(lines, buf, start, i - start);
                    }
                    if (b == '\r') {
                        if (i + 1 < end) {
                            if (buf[i + 1] == '\n') {
                                i++;
                            }
                        } else {
                            afterCr = true;
                        }
                    }
                    start = i + 1;
                }
            }
            if (start == end) {
                start = 0;
                end = 0;
            }
        }
        if (end > start) {
            lines++;
            consumer.line(lines, buf, start, end - start);
        }
        return lines;
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
