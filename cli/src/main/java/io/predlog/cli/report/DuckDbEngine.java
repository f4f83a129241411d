package io.predlog.cli.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;

import io.predlog.cli.query.EventStore;
import io.predlog.cli.query.EventsView;

/** The report's queries on the command line's embedded DuckDB, over an {@link EventStore}'s connection. */
public final class DuckDbEngine implements Engine {

    private final Connection connection;

    public DuckDbEngine(Connection connection) {
        this.connection = connection;
    }

    @Override
    public List<Scope.Row> rows(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object v = parameters[i];
                p.setObject(i + 1, v instanceof Instant t ? Timestamp.valueOf(LocalDateTime.ofInstant(t, ZoneOffset.UTC)) : v);
            }
            try (ResultSet r = p.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                List<Scope.Row> rows = new ArrayList<>();
                while (r.next()) {
                    Object[] values = new Object[columns];
                    for (int c = 0; c < columns; c++) {
                        values[c] = r.getObject(c + 1);
                    }
                    rows.add(new Scope.Row(values));
                }
                return rows;
            }
        }
    }

    @Override
    public void createTable(String name, String select) throws SQLException {
        execute("CREATE OR REPLACE TEMP TABLE " + name + " AS " + select);
    }

    @Override
    public void createNumberedTable(String name, String select) throws SQLException {
        createTable(name, select);
        // a row's id is its place in the table: numbering the rows as they are made (a window over them all) would
        // take a quarter of the table's time
        execute("ALTER TABLE " + name + " ADD COLUMN id BIGINT");
        execute("UPDATE " + name + " SET id = rowid");
    }

    @Override
    public void dropTable(String name) throws SQLException {
        execute("DROP TABLE IF EXISTS " + name);
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public String eventsWithInput() {
        return EventStore.EVENTS_WITH_INPUT_TEXT;
    }

    @Override
    public String input() {
        return EventsView.parsedInput();
    }

    @Override
    public String sampleKey() {
        // the event's id, or its file's name (not its directory) and line
        return "hash(coalesce(event_id, regexp_extract(file, '[^/\\\\]*$') || ':' || line))";
    }

    @Override
    public String epochMillis(String timestamp) {
        return "epoch_ms(" + timestamp + ")";
    }

    @Override
    public String intDivide(String a, long b) {
        return a + " // " + b;
    }

    @Override
    public String quantile(String x, double q) {
        return "quantile_cont(" + x + ", " + q + ")";
    }

    @Override
    public String quantiles(String x, String type, double... qs) {
        return "quantile_disc(" + x + ", " + DoubleStream.of(qs).mapToObj(Double::toString)
                .collect(Collectors.joining(", ", "[", "]")) + ")";
    }

    @Override
    public String size(String list) {
        return "len(" + list + ")";
    }

    @Override
    public String element(String list, int i) {
        return list + "[" + i + "]";
    }

    @Override
    public String unnest(String list) {
        return "unnest(" + list + ")";
    }

    @Override
    public String jsonText(String json, String path) {
        return "json_extract_string(" + json + ", '" + path + "')";
    }

    @Override
    public String firstValues(String x, String orderBy, int n) {
        return "list(" + x + " ORDER BY " + orderBy + ", " + x + ")[1:" + n + "]";
    }

    @Override
    public String joinDistinct(String x) {
        return "string_agg(DISTINCT " + x + ", ', ' ORDER BY " + x + ")";
    }
}
