package io.predlog.cli.report;

import java.sql.SQLException;
import java.util.List;

/**
 * The SQL engine the report's queries run on: the command line's embedded DuckDB ({@link DuckDbEngine}), or Spark SQL
 * (the {@code predlog-spark} module). Detectors write one query text for both: functions the two engines spell alike
 * are written as they are ({@code array_contains}, {@code array_sort}, {@code max_by}, {@code any_value},
 * {@code count(*) FILTER (WHERE ...)}, {@code GROUP BY ALL}, {@code x::DOUBLE}, {@code "quoted"} names), and the few
 * that differ come from the methods below.
 *
 * <p>An engine holds the relation {@code events} (the typed view of docs/CLI.md) and the tables the report creates.
 */
public interface Engine {

    /**
     * The rows of {@code sql} with {@code parameters} ({@code ?}) bound in order: strings, numbers, booleans and
     * {@link java.time.Instant}s (bound as UTC timestamps). A TIMESTAMP column is returned as an instant or as a
     * value {@link Scope.Row#time} reads; a list as an {@code Object[]} or {@link java.sql.Array}.
     */
    List<Scope.Row> rows(String sql, Object... parameters) throws SQLException;

    /** Creates (or replaces) the table {@code name} holding the rows of {@code select}. */
    void createTable(String name, String select) throws SQLException;

    /**
     * As {@link #createTable}, with a BIGINT column {@code id} added last that tells the rows apart (unique; not
     * necessarily consecutive).
     */
    void createNumberedTable(String name, String select) throws SQLException;

    /** Drops the table {@code name} if there is one. */
    void dropTable(String name) throws SQLException;

    /** The relation of the events with {@code input} parsed only where a query reads it (the report's source). */
    String eventsWithInput();

    /** The expression of {@code input} in {@link #eventsWithInput()}. */
    String input();

    /** A BIGINT hash of each row of {@link #eventsWithInput()} that the report draws its sample of successes by. */
    String sampleKey();

    /** Milliseconds since the epoch of the TIMESTAMP {@code timestamp}, a BIGINT. */
    String epochMillis(String timestamp);

    /** {@code a} divided by {@code b}, both integers, rounded down: a BIGINT. */
    String intDivide(String a, long b);

    /** The continuous {@code q} quantile of {@code x} (interpolated), an aggregate. */
    String quantile(String x, double q);

    /**
     * The list of the discrete quantiles {@code qs} of {@code x} (values of {@code x}, of the SQL type {@code type}),
     * an aggregate.
     */
    String quantiles(String x, String type, double... qs);

    /** The number of elements of the list {@code list}. */
    String size(String list);

    /** Element {@code i} (from 1) of the list {@code list}; NULL past its end. */
    String element(String list, int i);

    /** One row per element of the list {@code list} (in a select list). */
    String unnest(String list);

    /** The value at {@code path} ({@code $.window.start}) of the JSON text {@code json}, as text (NULL if none). */
    String jsonText(String json, String path);

    /**
     * The list of the first {@code n} values of {@code x} ordered by {@code orderBy}, then by {@code x} itself (so that
     * ties come out alike on every engine), an aggregate.
     */
    String firstValues(String x, String orderBy, int n);

    /** The distinct values of the text {@code x} in order, joined by ", ", an aggregate. */
    String joinDistinct(String x);
}
