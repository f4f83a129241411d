package io.predlog.cli.query;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
            s.execute("CREATE TABLE " + ROWS + " (" + EventsView.columnDefinitions() + ")");
            s.execute("CREATE VIEW events AS SELECT * FROM " + ROWS);
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
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, LINES)) {
            for (Path file : inputs.files()) {
                String name = file.toString();
                try {
                    EventFileReader.Outcome outcome = EventFileReader.read(file, (number, text) -> {
                        appender.beginRow();
                        appender.append(name);
                        appender.append(number);
                        appender.append(text);
                        appender.endRow();
                    }, progress == null ? null : (LongConsumer) progress::advance);
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
        return ingest(read, cutShort, unreadable);
    }

    /**
     * Adds lines of one file (as {@code tail --follow} finds them) to {@code events}.
     *
     * @param firstLine the line number of {@code lines.get(0)} in the file
     */
    public LoadReport append(Path file, long firstLine, List<String> lines) throws SQLException {
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, LINES)) {
            long n = firstLine;
            for (String text : lines) {
                if (!text.isEmpty()) {
                    appender.beginRow();
                    appender.append(file.toString());
                    appender.append(n);
                    appender.append(text);
                    appender.endRow();
                }
                n++;
            }
        }
        return ingest(1, Map.of(), Map.of());
    }

    /** Empties {@code events}. */
    public void clear() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM " + ROWS);
        }
    }

    /** Turns the lines waiting in the lines table into rows of {@code events}, and counts what was not. */
    private LoadReport ingest(int files, Map<Path, String> cutShort, Map<Path, String> unreadable) throws SQLException {
        String isEvent = "(CASE WHEN json_valid(text) THEN json_type(text) = 'OBJECT' "
                + "AND json_extract_string(text, '$.event') IS NOT NULL ELSE false END)";
        Map<Path, Long> skipped = new HashMap<>();
        long lines = 0;
        long events = 0;
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT file, count(*), count(*) FILTER (WHERE " + isEvent + ") FROM "
                     + LINES + " GROUP BY file")) {
            while (r.next()) {
                long all = r.getLong(2);
                long good = r.getLong(3);
                lines += all;
                events += good;
                if (all > good) {
                    skipped.put(Path.of(r.getString(1)), all - good);
                }
            }
        }
        long before = count();
        String insert = "INSERT INTO " + ROWS + " SELECT * FROM (SELECT " + EventsView.selectList() + " FROM (SELECT file, line, text, "
                + "json_transform(text, '" + sqlText(EventsView.jsonStructure()) + "') AS j FROM " + LINES
                + " WHERE " + isEvent + ")) WHERE " + filter.condition() + " ORDER BY \"timestamp\", file, line";
        try (PreparedStatement p = connection.prepareStatement(insert)) {
            List<Object> parameters = filter.parameters();
            for (int i = 0; i < parameters.size(); i++) {
                p.setObject(i + 1, parameters.get(i));
            }
            p.execute();
        }
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM " + LINES);
        }
        return new LoadReport(files, lines, events, count() - before, skipped, cutShort, unreadable);
    }

    private long count() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + ROWS)) {
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
