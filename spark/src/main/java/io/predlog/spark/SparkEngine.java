package io.predlog.spark;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import io.predlog.cli.report.Engine;
import io.predlog.cli.report.Scope;

/**
 * The report's queries on Spark SQL, over a session holding the {@code events} view ({@link PredlogEvents}).
 *
 * <p>The queries are the command line's: this class spells the functions the engines name differently
 * ({@link Engine}) and reads the query text by DuckDB's lexical rules ({@link #spark}). The session must not use
 * ANSI mode ({@code spark.sql.ansi.enabled=false}, as {@link SparkReport} sets): like DuckDB, a map's missing key and a
 * list's element past its end are NULL. Each table the report creates is computed once and kept (memory, then
 * disk) until it is replaced or dropped.
 */
public final class SparkEngine implements Engine {

    private final SparkSession spark;
    private final Map<String, Dataset<Row>> tables = new HashMap<>();

    public SparkEngine(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * {@code sql}, written by DuckDB's lexical rules, by Spark's: a double-quoted name is quoted with backticks, and
     * in a string literal a doubled quote and a backslash are escaped with a backslash.
     */
    static String spark(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'') {
                out.append('\'');
                i++;
                while (i < sql.length()) {
                    char d = sql.charAt(i);
                    if (d == '\'' && i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                        out.append("\\'");
                        i += 2;
                    } else if (d == '\'') {
                        break;
                    } else {
                        out.append(d == '\\' ? "\\\\" : String.valueOf(d));
                        i++;
                    }
                }
                if (i < sql.length()) {
                    out.append('\'');
                    i++;
                }
            } else if (c == '"') {
                int end = sql.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed quoted name at " + i + ": " + sql);
                }
                out.append('`').append(sql, i + 1, end).append('`');
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    @Override
    public List<Scope.Row> rows(String sql, Object... parameters) throws SQLException {
        List<Row> rows;
        try {
            rows = (parameters.length == 0 ? spark.sql(spark(sql)) : spark.sql(spark(sql), parameters)).collectAsList();
        } catch (RuntimeException e) {
            throw failure(sql, e);
        }
        List<Scope.Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Object[] values = new Object[r.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(r.get(i));
            }
            out.add(new Scope.Row(values));
        }
        return out;
    }

    /** A value of a result as {@link Scope.Row} reads it: a list as an array, a TIMESTAMP as an instant. */
    private static Object value(Object v) {
        if (v instanceof scala.collection.Seq<?> seq) {
            List<Object> items = new ArrayList<>();
            scala.collection.Iterator<?> it = seq.iterator();
            while (it.hasNext()) {
                items.add(value(it.next()));
            }
            return items.toArray();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        return v;
    }

    @Override
    public void createTable(String name, String select) throws SQLException {
        // the old table first: a new one of the same query would share its cached data, and lose it with it
        dropTable(name);
        Dataset<Row> table;
        try {
            table = spark.sql(spark(select)).persist(StorageLevel.MEMORY_AND_DISK());
            table.count();
        } catch (RuntimeException e) {
            throw failure(select, e);
        }
        table.createOrReplaceTempView(name);
        tables.put(name, table);
    }

    @Override
    public void createNumberedTable(String name, String select) throws SQLException {
        createTable(name, "SELECT *, monotonically_increasing_id() AS id FROM (" + select + ")");
    }

    @Override
    public void dropTable(String name) {
        Dataset<Row> old = tables.remove(name);
        if (old != null) {
            old.unpersist();
        }
        spark.catalog().dropTempView(name);
    }

    private static SQLException failure(String sql, RuntimeException e) {
        return new SQLException("Spark SQL failed: " + e.getMessage() + "\nquery: " + sql, e);
    }

    @Override
    public String eventsWithInput() {
        return "events";
    }

    @Override
    public String input() {
        return "input";
    }

    @Override
    public String sampleKey() {
        // non-negative, as the command line's hash is: the sample is the rows whose key modulo a scale is small; an
        // event without an id is drawn by where and when it was written
        return "(CASE WHEN event_id IS NOT NULL THEN xxhash64(event_id) ELSE xxhash64(file, \"timestamp\", thread, "
                + "request_id, input_hash) END & 9223372036854775807)";
    }

    @Override
    public String epochMillis(String timestamp) {
        return "unix_millis(" + timestamp + ")";
    }

    @Override
    public String intDivide(String a, long b) {
        return "(" + a + " div " + b + ")";
    }

    @Override
    public String quantile(String x, double q) {
        return "percentile(" + x + ", " + q + ")";
    }

    @Override
    public String quantiles(String x, String type, double... qs) {
        // percentile_disc answers a DOUBLE whatever the type of x: cast back, so that 503 is written 503, not 503.0
        return DoubleStream.of(qs).mapToObj(q -> "CAST(percentile_disc(" + q + ") WITHIN GROUP (ORDER BY " + x + ") AS "
                        + type + ")")
                .collect(Collectors.joining(", ", "array(", ")"));
    }

    @Override
    public String size(String list) {
        return "size(" + list + ")";
    }

    @Override
    public String element(String list, int i) {
        return "try_element_at(" + list + ", " + i + ")";
    }

    @Override
    public String unnest(String list) {
        return "explode(" + list + ")";
    }

    @Override
    public String jsonText(String json, String path) {
        return "get_json_object(" + json + ", '" + path + "')";
    }

    @Override
    public String firstValues(String x, String orderBy, int n) {
        return "slice(transform(array_sort(collect_list(named_struct('o', " + orderBy + ", 'v', " + x + "))), predlog_e -> predlog_e.v), 1, "
                + n + ")";
    }

    @Override
    public String joinDistinct(String x) {
        return "array_join(array_sort(collect_set(" + x + ")), ', ')";
    }
}
