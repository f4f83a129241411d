package io.predlog.cli.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * An in-memory DuckDB holding the events read from files, filtered, behind the typed view {@code events}
 * ({@link EventsView}; docs/CLI.md). Lines are read in Java ({@link EventFileReader}), several files at once, so
 * that torn lines, empty files and gzip files cut short cost only what cannot be read; they reach DuckDB through
 * staging files ({@link StagedLines}) that it scans and parses in parallel, or, when only the fields are wanted
 * ({@link Content#FIELDS}) and Java finds a file intact ({@link LineCheck}), DuckDB reads the file itself.
 *
 * <p>Use: {@link #open}, {@link #load} the inputs, query {@link #connection()}, close. Not thread-safe.
 */
public final class EventStore implements AutoCloseable {

    private static final String LINES = "predlog_lines";
    private static final String ROWS = "predlog_events";
    /**
     * The {@code events} view with one more column, {@link EventsView#INPUT_TEXT}, for a query that parses
     * {@code input} for some rows only ({@link EventsView#parsedInput()}).
     */
    public static final String EVENTS_WITH_INPUT_TEXT = "predlog_events_with_input_text";
    /** The events a {@link Content#REPORT} load reads {@code input} of rather than the whole line. */
    private static final String PREDICTIONS = "('prediction_success', 'prediction_failure')";

    private final DuckDBConnection connection;
    private final Path scratch;

    private EventStore(DuckDBConnection connection, Path scratch) {
        this.connection = connection;
        this.scratch = scratch;
    }

    /**
     * An empty store whose {@code events} view will show the events {@code filter} accepts. Its scratch directory
     * (staging files while loading, DuckDB's spill files past its memory limit, {@link MemoryLimit}) is a new
     * directory in {@code java.io.tmpdir}, deleted on {@link #close}.
     *
     * @throws BadSettingException when {@code PREDLOG_CLI_MEMORY} is not a memory size
     */
    public static EventStore open(EventFilter filter) throws SQLException {
        String memory;
        try {
            memory = MemoryLimit.current();
        } catch (IllegalArgumentException e) {
            throw new BadSettingException(e.getMessage());
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("predlog-events-");
        } catch (IOException e) {
            throw new SQLException("cannot create a scratch directory in " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage(), e);
        }
        DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET temp_directory = '" + sqlText(scratch.resolve("spill").toString()) + "'");
            if (memory != null) {
                s.execute("SET memory_limit = '" + sqlText(memory) + "'");
            }
            s.execute("CREATE TABLE " + LINES + " (file VARCHAR, line BIGINT, text VARCHAR)");
            s.execute("CREATE TABLE " + ROWS + " (" + EventsView.storedDefinitions() + ")");
            s.execute("CREATE VIEW " + EVENTS_WITH_INPUT_TEXT + " AS SELECT " + EventsView.viewList() + ", "
                    + EventsView.INPUT_TEXT + " FROM " + ROWS + " WHERE event IS NOT NULL AND " + filter.condition());
            s.execute("CREATE VIEW events AS SELECT * EXCLUDE (" + EventsView.INPUT_TEXT + ") FROM " + EVENTS_WITH_INPUT_TEXT);
        } catch (SQLException e) {
            c.close();
            delete(scratch);
            throw e;
        }
        return new EventStore(c, scratch);
    }

    /** The connection on which {@code events} is defined; closed with the store. */
    public Connection connection() {
        return connection;
    }

    /**
     * Reads every file under {@code paths} (the default directory when empty) into {@code events}, storing every
     * field and {@code raw} ({@link Content#WHOLE}).
     *
     * @param progress told of the bytes read as reading goes, with the total first; may be null
     */
    public LoadReport load(List<Path> paths, Progress progress) throws SQLException {
        return load(paths, progress, Content.WHOLE);
    }

    /**
     * Reads every file under {@code paths} (the default directory when empty) into {@code events}. The files are
     * read in Java in parallel. For {@link Content#WHOLE} their lines are copied into staging files
     * ({@link StagedLines}) that DuckDB parses in one parallel scan. For {@link Content#FIELDS} and
     * {@link Content#REPORT} DuckDB reads each file with its own parallel {@code read_ndjson} while Java only checks
     * and counts its lines ({@link LineCheck}) and, for {@code REPORT}, stages the lines that are not predictions,
     * whose text becomes their {@code raw}; a file it cannot read line for line (a torn gzip stream, an empty line, a
     * line that is not UTF-8) goes the staging way instead. Either way, what is not an event is counted alike.
     *
     * @param progress told of the bytes read as reading goes, with the total first; may be null
     */
    public LoadReport load(List<Path> paths, Progress progress, Content content) throws SQLException {
        InputFiles inputs = InputFiles.of(paths);
        List<Path> files = inputs.files();
        if (progress != null) {
            progress.start(files.stream().mapToLong(EventStore::size).sum());
        }
        LongConsumer advance = progress == null ? null : bytes -> {
            synchronized (progress) {
                progress.advance(bytes);
            }
        };
        Path dir;
        try {
            dir = Files.createTempDirectory(scratch, "load-");
        } catch (IOException e) {
            throw new SQLException("cannot create a staging directory in " + scratch + ": " + e.getMessage(), e);
        }
        int threads = Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "predlog-read");
            t.setDaemon(true);
            return t;
        });
        boolean finished = false;
        try {
            Map<String, Long> before = perFile();
            long keptBefore = count("events");
            boolean direct = content != Content.WHOLE;
            boolean report = content == Content.REPORT;
            List<Future<Staged>> reading = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                int index = i;
                reading.add(pool.submit(() -> direct ? check(files.get(index), index, dir, report, advance)
                        : stage(files.get(index), index, dir, advance)));
            }
            Map<Path, String> unreadable = new LinkedHashMap<>(inputs.unreadable());
            Map<Path, String> cutShort = new HashMap<>();
            Map<String, Long> lines = new HashMap<>();
            List<Path> staged = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<Path> others = new ArrayList<>();
            Map<String, Integer> readDirectly = new HashMap<>();
            int read = 0;
            int longest = 0;
            int othersLongest = 0;
            if (report) {
                insertionOrder(false);
            }
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                names.add(file.toString());
                long rows = direct ? readDirectly(file, report) : -1;
                Staged s = result(reading.get(i));
                if (direct && s.failure() == null) {
                    if (rows == s.lines() && s.plain() && s.cutShort() == null) {
                        read++;
                        lines.merge(file.toString(), s.lines(), Long::sum);
                        readDirectly.put(file.toString(), i);
                        if (s.copied() > 0) {
                            others.add(s.path());
                            othersLongest = Math.max(othersLongest, s.longest());
                        }
                        continue;
                    }
                    if (rows > 0) {
                        deleteUnnumbered(file);
                    }
                    s = stage(file, i, dir, null);
                } else if (rows > 0) {
                    deleteUnnumbered(file);
                }
                if (s.failure() != null) {
                    unreadable.put(file, s.failure());
                    continue;
                }
                read++;
                lines.merge(file.toString(), s.lines(), Long::sum);
                if (s.cutShort() != null) {
                    cutShort.put(file, s.cutShort());
                }
                if (s.copied() > 0) {
                    staged.add(s.path());
                    longest = Math.max(longest, s.longest());
                }
            }
            finished = true;
            finish(progress);
            List<String> restage = new ArrayList<>();
            if (report) {
                insertionOrder(true);
                // an event without an event_id is told apart by its line (the report draws its sample by it): its
                // file is read again, in order, and numbered
                for (String name : withoutEventId(readDirectly.keySet())) {
                    deleteRows(name);
                    if (readDirectly(Path.of(name), true) == lines.get(name)) {
                        numberDirectRows(name);
                    } else {
                        restage.add(name);
                    }
                }
            } else {
                numberDirectRows(null);
            }
            if (!others.isEmpty()) {
                fillRaw(StagedLines.scan(others, names, othersLongest));
            }
            if (report) {
                // a line the byte test took for a prediction that is not one: its file is read the staging way
                readDirectly.keySet().removeAll(restage);
                restage.addAll(withoutRaw(readDirectly.keySet()));
            }
            for (String name : restage) {
                deleteRows(name);
                Staged s = stage(Path.of(name), readDirectly.getOrDefault(name, names.indexOf(name)), dir, null);
                if (s.failure() != null) {
                    unreadable.put(Path.of(name), s.failure());
                    read--;
                    lines.remove(name);
                } else if (s.copied() > 0) {
                    staged.add(s.path());
                    longest = Math.max(longest, s.longest());
                }
            }
            String source = staged.isEmpty() ? null : StagedLines.scan(staged, names, longest);
            return ingest(source, read, lines, cutShort, unreadable, before, keptBefore);
        } finally {
            if (!finished) {
                finish(progress);
            }
            pool.shutdownNow();
            delete(dir);
            if (content == Content.REPORT) {
                insertionOrder(true);
            }
        }
    }

    /**
     * Whether DuckDB keeps the order of the rows it reads; without it, reading a file and storing its rows take about
     * half the time, but a row's place no longer tells its line.
     */
    private void insertionOrder(boolean kept) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET preserve_insertion_order = " + kept);
        }
    }

    /** Of the files {@code names}, those holding an event without an {@code event_id}. */
    private List<String> withoutEventId(java.util.Set<String> names) throws SQLException {
        return filesWhere("event IS NOT NULL AND event_id IS NULL", names);
    }

    /** Of the files {@code names}, those with a row where {@code condition} holds. */
    private List<String> filesWhere(String condition, java.util.Set<String> names) throws SQLException {
        List<String> files = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT DISTINCT file FROM " + ROWS + " WHERE " + condition)) {
            while (r.next()) {
                if (names.contains(r.getString(1))) {
                    files.add(r.getString(1));
                }
            }
        }
        return files;
    }

    private static void finish(Progress progress) {
        if (progress != null) {
            progress.finish();
        }
    }

    /**
     * What reading one file came to: its staging file and counts (none for a file only checked), whether DuckDB
     * reads it line for line ({@link LineCheck}), or why it could not be read.
     */
    private record Staged(Path path, long lines, long copied, int longest, String cutShort, boolean plain,
                          String failure) {
    }

    private static Staged stage(Path file, int index, Path dir, LongConsumer progress) {
        Path path = dir.resolve(index + ".lines");
        try (StagedLines out = StagedLines.create(path, index)) {
            EventFileReader.Outcome outcome = EventFileReader.read(file, out, progress);
            return new Staged(path, out.lines(), out.copied(), out.longest(), outcome.cutShort(), false, null);
        } catch (IOException | RuntimeException e) {
            return new Staged(path, 0, 0, 0, null, false, InputFiles.reason(e));
        }
    }

    /**
     * Checks and counts the lines of a file DuckDB reads itself ({@link LineCheck}); with {@code stageOthers}, also
     * copies every line that is not a prediction ({@link PredictionLine}) into a staging file, whose text becomes
     * those rows' {@code raw}.
     */
    private static Staged check(Path file, int index, Path dir, boolean stageOthers, LongConsumer progress) {
        LineCheck check = new LineCheck();
        if (!stageOthers) {
            try {
                EventFileReader.Outcome outcome = EventFileReader.read(file, check, progress);
                return new Staged(null, check.lines(), 0, 0, outcome.cutShort(), check.plain(), null);
            } catch (IOException | RuntimeException e) {
                return new Staged(null, 0, 0, 0, null, false, InputFiles.reason(e));
            }
        }
        Path path = dir.resolve(index + ".others");
        try (StagedLines out = StagedLines.create(path, index)) {
            EventFileReader.Outcome outcome = EventFileReader.read(file, (number, bytes, offset, length) -> {
                check.line(number, bytes, offset, length);
                if (!PredictionLine.is(bytes, offset, length)) {
                    out.line(number, bytes, offset, length);
                }
            }, progress);
            return new Staged(path, check.lines(), out.copied(), out.longest(), outcome.cutShort(), check.plain(),
                    null);
        } catch (IOException | RuntimeException e) {
            return new Staged(null, 0, 0, 0, null, false, InputFiles.reason(e));
        }
    }

    /**
     * Sets {@code raw} of the rows read directly from the lines of {@code source} ({@link StagedLines#scan}): a
     * numbered row by its line, a row read without its order by its {@code event_id}.
     */
    private void fillRaw(String source) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE predlog_others AS SELECT file, line, text, "
                    + "TRY(json_extract_string(text, '$.event_id')) AS event_id FROM (" + source + ")");
            s.execute("UPDATE " + ROWS + " SET raw = o.text FROM predlog_others o WHERE " + ROWS + ".file = o.file "
                    + "AND " + ROWS + ".line = o.line");
            s.execute("UPDATE " + ROWS + " SET raw = o.text FROM predlog_others o WHERE " + ROWS + ".line IS NULL AND "
                    + ROWS + ".file = o.file AND " + ROWS + ".event_id = o.event_id");
            s.execute("DROP TABLE predlog_others");
        }
    }

    /** Of the files {@code names}, those holding an event other than a prediction without its {@code raw}. */
    private List<String> withoutRaw(java.util.Set<String> names) throws SQLException {
        return filesWhere("raw IS NULL AND event IS NOT NULL AND event NOT IN " + PREDICTIONS, names);
    }

    private void deleteRows(String file) throws SQLException {
        try (java.sql.PreparedStatement p = connection.prepareStatement("DELETE FROM " + ROWS + " WHERE file = ?")) {
            p.setString(1, file);
            p.executeUpdate();
        }
    }

    /**
     * Reads {@code file} with DuckDB's {@code read_ndjson} into the stored rows, {@code line} left NULL: one row per
     * non-empty line, a line that is not a JSON object a row of NULLs; with {@code withInput}, the text of each
     * event's {@code input} too. Returns the rows added, or -1 when DuckDB
     * could not read the file (a gzip stream cut short, a line past its size limit) or its name would be taken
     * for a pattern.
     */
    private long readDirectly(Path file, boolean withInput) {
        String name = file.toString();
        if (name.matches(".*[*?\\[\\]{}].*")) {
            return -1;
        }
        String compression;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            compression = in.read() == 0x1f && in.read() == 0x8b ? "gzip" : "uncompressed";
        } catch (IOException e) {
            return -1;
        }
        String literal = "'" + sqlText(name) + "'";
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate("INSERT INTO " + ROWS + " SELECT " + EventsView.directList(literal, withInput)
                    + " FROM read_ndjson(" + literal + ", columns = " + EventsView.directColumns(withInput)
                    + ", ignore_errors = true, compression = '" + compression + "')");
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Removes the rows {@link #readDirectly} added for {@code file}, to read it the staging way. */
    private void deleteUnnumbered(Path file) throws SQLException {
        try (java.sql.PreparedStatement p = connection.prepareStatement(
                "DELETE FROM " + ROWS + " WHERE file = ? AND line IS NULL")) {
            p.setString(1, file.toString());
            p.executeUpdate();
        }
    }

    /**
     * Numbers the rows {@link #readDirectly} added, of one file or (null) of all: one insert that keeps the order
     * appends a file's rows in line order, so a row's line is its distance from the file's first row, plus one.
     */
    private void numberDirectRows(String file) throws SQLException {
        String which = file == null ? "" : " AND file = ?";
        try (java.sql.PreparedStatement p = connection.prepareStatement("UPDATE " + ROWS + " SET line = " + ROWS
                + ".rowid - b.base + 1 FROM (SELECT file, min(rowid) AS base FROM " + ROWS + " WHERE line IS NULL"
                + which + " GROUP BY file) b WHERE " + ROWS + ".file = b.file AND " + ROWS + ".line IS NULL")) {
            if (file != null) {
                p.setString(1, file);
            }
            p.executeUpdate();
        }
    }

    private static Staged result(Future<Staged> future) throws SQLException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading event files", e);
        } catch (ExecutionException e) {
            throw new SQLException("reading event files failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Adds lines of one file (as {@code tail --follow} finds them) to {@code events}.
     *
     * @param firstLine the line number of {@code lines.get(0)} in the file
     */
    public LoadReport append(Path file, long firstLine, List<String> lines) throws SQLException {
        Map<String, Long> before = perFile();
        long keptBefore = count("events");
        long count = 0;
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, LINES)) {
            long n = firstLine;
            for (String text : lines) {
                if (!text.isEmpty()) {
                    appender.beginRow();
                    appender.append(file.toString());
                    appender.append(n);
                    appender.append(text);
                    appender.endRow();
                    count++;
                }
                n++;
            }
        }
        return ingest("SELECT file, line, text FROM " + LINES, 1, Map.of(file.toString(), count), Map.of(), Map.of(),
                before, keptBefore);
    }

    /** Empties {@code events}. */
    public void clear() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM " + ROWS);
        }
    }

    /**
     * Turns the lines of {@code source} (a relation of {@code file}, {@code line}, {@code text}; null when there
     * are none) into stored rows, one JSON parse per line (a line that is not a JSON object with an {@code event}
     * is stored with a NULL {@code event}, which the view leaves out: filtering here would parse every line twice),
     * empties the lines table, and counts per file what was not an event since the counts {@code before} and
     * {@code keptBefore} were taken.
     */
    private LoadReport ingest(String source, int files, Map<String, Long> lines, Map<Path, String> cutShort,
                              Map<Path, String> unreadable, Map<String, Long> before, long keptBefore)
            throws SQLException {
        try (Statement s = connection.createStatement()) {
            if (source != null) {
                s.execute("INSERT INTO " + ROWS + " SELECT " + EventsView.storedList() + " FROM (SELECT file, line, text, "
                        + "TRY(json_transform(text, '" + sqlText(EventsView.storedStructure()) + "')) AS j FROM ("
                        + source + "))");
            }
            s.execute("DELETE FROM " + LINES);
        }
        Map<String, Long> after = perFile();
        Map<Path, Long> skipped = new HashMap<>();
        long total = 0;
        long events = 0;
        for (Map.Entry<String, Long> e : lines.entrySet()) {
            long good = after.getOrDefault(e.getKey(), 0L) - before.getOrDefault(e.getKey(), 0L);
            total += e.getValue();
            events += good;
            if (e.getValue() > good) {
                skipped.merge(Path.of(e.getKey()), e.getValue() - good, Long::sum);
            }
        }
        return new LoadReport(files, total, events, count("events") - keptBefore, skipped, cutShort, unreadable);
    }

    private Map<String, Long> perFile() throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT file, count(event) FROM " + ROWS + " GROUP BY file")) {
            while (r.next()) {
                counts.put(r.getString(1), r.getLong(2));
            }
        }
        return counts;
    }

    private long count(String relation) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + relation)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** {@code text} as the inside of a SQL string literal. */
    static String sqlText(String text) {
        return text.replace("'", "''");
    }

    /** Deletes {@code dir} and what it holds, as far as it can. */
    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a staging file left behind in the temporary directory is not worth failing the command for
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.close();
        } finally {
            delete(scratch);
        }
    }

    /** How much of each event a load stores. */
    public enum Content {
        /** Every column: {@code raw} is stored, and {@code input} and {@code output} are parsed from it. */
        WHOLE,
        /**
         * The columns of the event's own scalar fields, {@code file} and {@code line}; {@code raw}, {@code input} and
         * {@code output} are NULL where DuckDB read the file directly (for commands whose query uses none of them).
         */
        FIELDS,
        /**
         * What {@code report} and {@code dashboard} read: the columns of {@link #FIELDS}, {@code input}, and
         * {@code raw} of every event but the predictions; a prediction's {@code raw} and {@code output} are NULL where
         * DuckDB read the file directly. Storing the text of a million predictions is most of what loading them
         * costs, and the report reads only their fields and {@code input}. DuckDB reads such a file without keeping
         * its order, so {@code line} is NULL, unless an event in it has no {@code event_id}.
         */
        REPORT
    }

    /** Told how reading goes, to draw a progress bar. */
    public interface Progress {
        /** Reading starts; {@code totalBytes} is the sum of the files' sizes. */
        void start(long totalBytes);

        /** {@code bytes} more were read. */
        void advance(long bytes);

        /** Reading ended. */
        void finish();
    }
}
