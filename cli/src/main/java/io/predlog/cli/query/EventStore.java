package io.predlog.cli.query;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * An in-memory DuckDB holding the events read from files, filtered, behind the typed view {@code events}
 * ({@link EventsView}; docs/CLI.md). Lines are read in Java ({@link EventFileReader}) so that torn lines, empty
 * files and gzip files cut short cost only what cannot be read; DuckDB parses them, in parallel.
 *
 * <p>Use: {@link #open}, {@link #load} the inputs, query {@link #connection()}, close. Not thread-safe.
 */
public final class EventStore implements AutoCloseable {

    private static final String LINES = "predlog_lines";
    private static final String ROWS = "predlog_events";

    private final DuckDBConnection connection;
    private final EventFilter filter;

    private EventStore(DuckDBConnection connection, EventFilter filter) {
        this.connection = connection;
        this.filter = filter;
    }

    /** An empty store whose {@code events} view will show the events {@code filter} accepts. */
    public static EventStore open(EventFilter filter) throws SQLException {
        DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("CREATE TABLE " + LINES + " (file VARCHAR, line BIGINT, text VARCHAR)");
            s.execute("CREATE TABLE " + ROWS + " (" + EventsView.storedDefinitions() + ")");
            s.execute("CREATE VIEW events AS SELECT " + EventsView.viewList() + " FROM " + ROWS + " WHERE "
                    + filter.condition());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new EventStore(c, filter);
    }

    /** The connection on which {@code events} is defined; closed with the store. */
    public Connection connection() {
        return connection;
    }

    /**
     * Reads every file under {@code paths} (the default directory when empty) into {@code events}.
     *
     * @param progress told of the bytes read as reading goes, with the total first; may be null
     */
    public LoadReport load(List<Path> paths, Progress progress) throws SQLException {
        InputFiles inputs = InputFiles.of(paths);
        Map<Path, String> unreadable = new LinkedHashMap<>(inputs.unreadable());
        Map<Path, String> cutShort = new HashMap<>();
        if (progress != null) {
            progress.start(inputs.files().stream().mapToLong(EventStore::size).sum());
        }
        int read = 0;
        Map<String, Long> lines = new HashMap<>();
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, LINES)) {
            for (Path file : inputs.files()) {
                String name = file.toString();
                try {
                    long[] count = new long[1];
                    EventFileReader.Outcome outcome = EventFileReader.read(file, (number, text) -> {
                        appender.beginRow();
                        appender.append(name);
                        appender.append(number);
                        appender.append(text);
                        appender.endRow();
                        count[0]++;
                    }, progress == null ? null : (LongConsumer) progress::advance);
                    lines.merge(name, count[0], Long::sum);
                    read++;
                    if (outcome.cutShort() != null) {
                        cutShort.put(file, outcome.cutShort());
                    }
                } catch (SQLException e) {
                    throw e;
                } catch (Exception e) {
                    unreadable.put(file, InputFiles.reason(e));
                }
            }
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        return ingest(read, lines, cutShort, unreadable);
    }

    /**
     * Adds lines of one file (as {@code tail --follow} finds them) to {@code events}.
     *
     * @param firstLine the line number of {@code lines.get(0)} in the file
     */
    public LoadReport append(Path file, long firstLine, List<String> lines) throws SQLException {
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
        return ingest(1, Map.of(file.toString(), count), Map.of(), Map.of());
    }

    /** Empties {@code events}. */
    public void clear() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM " + ROWS);
        }
    }

    /**
     * Turns the lines waiting in the lines table into stored rows (one JSON parse per line: a line that is not a
     * JSON object with an {@code event} is left out), and counts per file what was not an event.
     */
    private LoadReport ingest(int files, Map<String, Long> lines, Map<Path, String> cutShort,
                              Map<Path, String> unreadable) throws SQLException {
        Map<String, Long> before = perFile();
        long keptBefore = count("events");
        try (Statement s = connection.createStatement()) {
            s.execute("INSERT INTO " + ROWS + " SELECT * FROM (SELECT " + EventsView.storedList() + " FROM (SELECT file, "
                    + "line, text, TRY(json_transform(text, '" + sqlText(EventsView.jsonStructure()) + "')) AS j FROM "
                    + LINES + ")) WHERE event IS NOT NULL");
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
             ResultSet r = s.executeQuery("SELECT file, count(*) FROM " + ROWS + " GROUP BY file")) {
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
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** {@code text} as the inside of a SQL string literal. */
    static String sqlText(String text) {
        return text.replace("'", "''");
    }

    @Override
    public void close() throws SQLException {
        connection.close();
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
