package io.predlog.agent.sink.file;

import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.LostEventsException;
import io.predlog.agent.sink.Sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The {@code file} sink: JSON Lines into files that roll over by size and by the hour, in
 * {@code <dir>/yyyy/MM/dd/HH/} (UTC), named as {@link SegmentNames} says. A closed file is gzipped and old files
 * are expired by a {@link FileMaintenance} thread, so the dispatcher only ever appends.
 *
 * <p>Writing: lines are gathered in a {@value #BUFFER_BYTES}-byte direct buffer (the channel writes it without a
 * further copy), written when it fills and on {@link #flush()} (the pipeline flushes at least once a second); a
 * batch larger than the buffer goes through it line by line, so writing allocates nothing. A file is closed before
 * a line would take it past {@link FileSinkSettings#maxFileBytes()}, and at the first write or flush after its UTC
 * hour ends (an idle sink keeps its file open until then). The current file ({@link CurrentFile}) is created
 * exclusively with 0640 and held under an exclusive lock, which tells other processes' sweeps to leave it alone.
 * {@link #close()} forces it to disk and leaves it uncompressed: the next start of any sink in the directory
 * compresses it.
 *
 * <p>Failures never end the sink: a failed write (disk full, directory gone) keeps what was accepted buffered and
 * refuses new batches with the {@code IOException} (the pipeline counts them as this sink's drops) until a
 * write succeeds again; every retry reopens the file. The buffer holds whole lines, and a line cut by a full
 * disk is completed, not corrupted, when writing resumes. Called by the dispatcher thread only.
 *
 * <p>A file deleted while open (a clean-up job's {@code rm -rf} of the directory) takes writes without an error,
 * into a file nobody can read. So every write of the buffer into the file, at most every
 * {@value #CHECK_INTERVAL_MILLIS} ms (whether a {@link #flush()} or a full buffer makes it), and every rotation and
 * {@link #close()} check that the path still names the open file ({@link FileIdentity}); when it does
 * not, the sink starts a new file (its directories created again) for what is buffered and what comes next, and
 * the events it wrote into the vanished file since the previous check are reported lost: the next
 * {@code flush} (or {@code close}) throws a {@link LostEventsException} with their number, which the pipeline
 * counts as this sink's drops instead of as written.
 */
public final class RollingFileSink implements Sink {

    static final int BUFFER_BYTES = 64 * 1024;
    /** How long {@link #close()} waits for a compression in progress to give up cleanly. */
    static final long STOP_WAIT_MILLIS = 1_000;
    /** How often {@link #flush()} checks that the current file is still on disk. */
    static final long CHECK_INTERVAL_MILLIS = 1_000;
    private final FileSinkSettings settings;
    private final Clock clock;
    private final FileMaintenance maintenance;
    private final IOException openFailure;
    private final CurrentFile current;

    private ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private long bufferedEvents;
    private long unverifiedEvents;  // written to the current file since a check last found it in place
    private long nextCheck;         // clock millis of the next check in flush
    private long lostEvents;        // written into files that vanished, not yet reported
    private String lostReport;      // what happened to them, for the report
    private boolean failing;
    private boolean closed;

    /**
     * A sink for the process {@code pid} of {@code service}, its maintenance thread started (which first compresses
     * leftovers of earlier runs and applies retention). Does not throw: see {@link #openFailure()}.
     */
    public static RollingFileSink start(FileSinkSettings settings, String service, long pid) {
        RollingFileSink sink = new RollingFileSink(settings, service, pid, Clock.systemUTC(), Disk.REAL);
        sink.maintenance.start();
        return sink;
    }

    /** A sink whose maintenance is not started: tests run it with {@link #maintenance()}. */
    RollingFileSink(FileSinkSettings settings, String service, long pid, Clock clock, Disk disk) {
        this.settings = settings;
        this.clock = clock;
        // bytes and files this sink has written since it started: what the last sweep had not seen yet
        WriteCounts written = new WriteCounts();
        this.current = new CurrentFile(settings.dir(), new SegmentNames(service, pid, clock.instant()), clock, disk,
                written);
        GzipCompressor compressor = new GzipCompressor(disk);
        this.maintenance = new FileMaintenance(compressor, new RetentionSweep(settings, clock, compressor, written));
        IOException failure = null;
        try {
            current.open();
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e);
            failing = true;
        }
        this.openFailure = failure;
    }

    @Override
    public String name() {
        return "file";
    }

    /** The file being written, or null between files. */
    public Path currentFile() {
        return current.path();
    }

    /** The root directory. */
    public Path dir() {
        return settings.dir();
    }

    /** Why the first file could not be opened when the sink was made, or null when it could. */
    public IOException openFailure() {
        return openFailure;
    }

    FileMaintenance maintenance() {
        return maintenance;
    }

    @Override
    public void write(EncodedBatch batch) throws IOException {
        if (closed) {
            throw new IOException("file sink is closed");
        }
        int length = batch.byteLength();
        if (length == 0) {
            return;
        }
        if (failing && (buffer.position() > 0 || !current.isOpen())) {
            drain(); // throws: the batch is refused, what was accepted stays buffered
        }
        if (current.hourOver(clock.millis())) {
            rotate(); // throws likewise, before anything of this batch was accepted
        }
        long max = settings.maxFileBytes();
        if (pending() + length <= max && length <= buffer.remaining()) {
            append(batch.array(), 0, length);
            bufferedEvents += batch.size();
        } else {
            boolean canRotate = true;
            for (int i = 0, n = batch.size(); i < n; i++) {
                int lineLength = batch.length(i);
                if (canRotate && pending() > 0 && pending() + lineLength > max) {
                    try {
                        rotate();
                    } catch (IOException e) {
                        canRotate = false; // the rest waits in the buffer, for this file, until writing resumes
                    }
                }
                append(batch.array(), batch.offset(i), lineLength);
                bufferedEvents++;
            }
        }
        if (buffer.position() >= BUFFER_BYTES && !failing) {
            try {
                drain();
            } catch (IOException e) {
                // accepted and kept: the failure surfaces on the next write or flush
            }
        }
    }

    @Override
    public void flush() throws IOException {
        if (closed) {
            return;
        }
        if (clock.millis() >= nextCheck) {
            checkFile();
        }
        if (buffer.position() > 0) {
            drain();
        }
        if (current.hourOver(clock.millis())) {
            rotate();
        }
        reportLost();
    }

    /** Writes what is buffered, forces the file to disk and closes it; stops the maintenance thread. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        maintenance.stop(STOP_WAIT_MILLIS);
        checkFile();
        try {
            if (buffer.position() > 0) {
                drain();
            }
            current.force();
        } catch (IOException | RuntimeException e) {
            long lost = bufferedEvents + lostEvents;
            bufferedEvents = 0;
            lostEvents = 0;
            buffer.clear();
            Path file = current.path();
            endFile(false);
            if (lost > 0) {
                throw new LostEventsException(lost, "file sink lost " + lost + " buffered events writing " + file, e);
            }
            throw e instanceof IOException io ? io : new IOException(e);
        }
        endFile(false);
        reportLost();
    }

    /** Bytes that belong to the current file: written plus buffered. */
    private long pending() {
        return current.bytes() + buffer.position();
    }

    private void append(byte[] bytes, int offset, int length) {
        if (length > buffer.remaining()) {
            if (buffer.position() > 0 && !failing) {
                try {
                    drain();
                } catch (IOException e) {
                    // kept: the buffer grows below
                }
            }
            if (length > buffer.remaining()) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.position() + length, buffer.capacity() * 2));
                buffer.flip();
                larger.put(buffer);
                buffer = larger;
            }
        }
        buffer.put(bytes, offset, length);
    }

    /**
     * Closes the current file (after writing what is buffered), hands it over for compression and opens the next,
     * so that what is buffered from now on belongs to the hour in which it came.
     */
    private void rotate() throws IOException {
        if (checkFile()) {
            return; // the file had vanished: the new one is already open
        }
        if (buffer.position() > 0) {
            drain();
        }
        endFile(true);
        try {
            current.open();
        } catch (IOException | RuntimeException e) {
            failing = true;
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    /** Writes the whole buffer; on failure keeps the unwritten remainder (whole lines or a line's tail). */
    private void drain() throws IOException {
        if (current.isOpen() && clock.millis() >= nextCheck) {
            checkFile(); // a file removed since the last check gets nothing more: the buffer goes to its successor
        }
        if (!current.isOpen()) {
            try {
                current.open();
            } catch (IOException | RuntimeException e) {
                failing = true;
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
        buffer.flip();
        try {
            current.write(buffer); // closed on failure, and opened again on the next attempt
        } catch (IOException | RuntimeException e) {
            buffer.compact(); // back to filling, the unwritten bytes first
            failing = true;
            throw e instanceof IOException io ? io : new IOException(e);
        }
        buffer.clear();
        unverifiedEvents += bufferedEvents;
        bufferedEvents = 0;
        failing = false;
        if (buffer.capacity() > BUFFER_BYTES) {
            buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        }
    }

    /** Closes the current file; an empty one is deleted, a written one is handed over for compression. */
    private void endFile(boolean compress) {
        Path ended = current.end();
        unverifiedEvents = 0;
        if (compress && ended != null) {
            maintenance.fileClosed(ended);
        }
    }

    /**
     * Checks that the current file is still at its path. When it is not, the events written into it since the last
     * check are counted as lost, and a new file is started (directories included) for what is buffered and what
     * comes next; a failure to start it is retried by the next write. True when the file had vanished.
     */
    private boolean checkFile() {
        nextCheck = clock.millis() + CHECK_INTERVAL_MILLIS;
        Path vanished = current.path();
        if (current.stillInPlace()) {
            unverifiedEvents = 0;
            return false;
        }
        long lost = unverifiedEvents;
        lostEvents += lost;
        endFile(false);
        String next;
        try {
            current.open();
            next = current.path().toString();
        } catch (IOException | RuntimeException e) {
            failing = true;
            next = "a new file as soon as one can be created (" + e + ")";
        }
        lostReport = "file sink: " + vanished + " was deleted or replaced while open (is a clean-up job removing "
                + settings.dir() + "?); " + lost + " event(s) written into it since it was last seen in place are"
                + " lost; continuing in " + next;
        return true;
    }

    /** Throws the report of events written into a file that vanished, if there are any not yet reported. */
    private void reportLost() throws LostEventsException {
        if (lostReport != null) {
            long lost = lostEvents;
            String report = lostReport;
            lostEvents = 0;
            lostReport = null;
            throw new LostEventsException(lost, report, null);
        }
    }

    /**
     * Files and bytes of this sink's kind in its directory (this and other processes' files, compressed or not):
     * what the maintenance thread's last retention sweep counted, plus what this sink has written since — no
     * directory listing on the dispatcher. Files compressed since the sweep still count at their written size
     * until the next sweep. Empty until the first sweep has finished.
     */
    @Override
    public java.util.Optional<DiskUsage> diskUsage() {
        return java.util.Optional.ofNullable(maintenance.diskUsage());
    }
}
