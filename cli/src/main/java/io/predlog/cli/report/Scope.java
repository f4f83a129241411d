package io.predlog.cli.report;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What every detector looks at: the {@link Engine} holding {@code events}, the period the events cover, the width of
 * the time buckets onsets are found in, and the table {@code report_predictions} (one row per
 * {@code prediction_*} event, with a bucket and a failure flag) that most detectors read, with its {@code input}
 * parsed for the described predictions (below), with
 * {@code report_numbers} (one row per numeric input value of a prediction: {@code id}, {@code model_id},
 * {@code ts} and {@code bucket} as in {@code report_predictions}, its {@code sample_weight} as {@code w}, the code
 * {@code x} of what it is, the value {@code v}), {@code report_exprs} (per code {@code x}: the SQL expression {@code expr} that reads the value
 * from {@code events}, and the {@code field} name for an {@code input.values} entry, NULL for
 * {@code input.list_length} and {@code input_size}, whose codes are negative), and {@code report_warmup}
 * ({@link WarmUp}).
 *
 * <p>Described predictions: every failure, and every success while there are at most {@link #DESCRIBED} of them;
 * past that a uniform sample of the successes of about that many, chosen by a hash of each event's {@code event_id}
 * (for events without one, of what the engine has of its origin: {@link Engine#sampleKey}), so that the same logs
 * give the same sample on every run of an engine, wherever they are stored,
 * each standing for 1 / {@code inputSampleRate} of them. {@code described} says which; {@code input} is NULL for
 * the others, so {@code report_numbers} holds the described ones only. Two weights for a described prediction:
 * {@code described_weight}, the calls it stands for ({@code weight}, 1 / the agent's {@code sample_rate}, divided by
 * the sample rate for a sampled success), whose sums estimate counts of all calls; and {@code sample_weight}, the
 * same scaled per model to sum to the number of described predictions, for the tests of a rate over time
 * ({@link ChangePoint}), which must count what was observed: a sampled success standing for nine calls is one
 * observation, and all failures kept beside them are scaled down to their share of the calls. Parsing {@code input}
 * is most of what the report costs at a million predictions; the counts, rates and onsets that need no
 * {@code input} read every prediction.
 *
 * <p>Bucket width: the period divided into about 60 buckets, rounded up to 1, 5, 10, 30 s, 1, 5, 15, 60 min
 * or a whole number of hours, so that an onset is placed to within a sixtieth of the period.
 *
 * @param engine       the engine holding the {@code events} view and the report's tables
 * @param start        the first event's time
 * @param end          the last event's time
 * @param bucketMillis the width of a time bucket
 * @param paths        the local directories and files to look for in-flight files in (none: none)
 * @param successes    the successful predictions
 * @param inputSampleRate the share of them described (1: all)
 */
public record Scope(Engine engine, Instant start, Instant end, long bucketMillis, List<Path> paths,
                    long successes, double inputSampleRate) {

    /** Successes described in full; past this many, a uniform sample of about this many. */
    static final long DESCRIBED = 200_000;
    /** The resolution of the sample: a row is in it when its hash modulo this is under rate times this. */
    private static final long SAMPLE_SCALE = 1_000_000;

    /** Buckets a period is divided into, about. */
    static final int BUCKETS = 60;
    private static final long[] WIDTHS_S = {1, 5, 10, 30, 60, 300, 900, 3600};
    /** The code of {@code input.list_length} in {@code report_numbers}; an {@code input.values} field's is positive. */
    static final int LIST_LENGTH = -1;
    /** The code of {@code input_size} in {@code report_numbers}. */
    static final int INPUT_SIZE = -2;

    public Scope {
        paths = List.copyOf(paths);
    }

    /**
     * The scope of the events in {@code connection} (DuckDB): reads their period and creates
     * {@code report_predictions}. Returns null when there are no events.
     */
    public static Scope of(Connection connection, List<Path> paths) throws SQLException {
        return of(new DuckDbEngine(connection), paths, DESCRIBED);
    }

    /** As {@link #of(Connection, List)}, on {@code engine}. */
    public static Scope of(Engine engine, List<Path> paths) throws SQLException {
        return of(engine, paths, DESCRIBED);
    }

    /** As {@link #of(Connection, List)}, describing up to {@code described} successes in full. */
    static Scope of(Connection connection, List<Path> paths, long described) throws SQLException {
        return of(new DuckDbEngine(connection), paths, described);
    }

    static Scope of(Engine engine, List<Path> paths, long described) throws SQLException {
        Row period = engine.rows("SELECT min(\"timestamp\"), max(\"timestamp\"), "
                + "count(*) FILTER (WHERE event = 'prediction_success') FROM events").get(0);
        if (period.values()[0] == null) {
            return null;
        }
        Instant start = period.time(0);
        Instant end = period.time(1);
        long width = bucketWidth(end.toEpochMilli() - start.toEpochMilli());
        long successes = period.count(2);
        double rate = successes > described ? (double) described / successes : 1.0;
        long below = Math.round(rate * SAMPLE_SCALE);
        String isDescribed = rate >= 1 ? "true"
                : "(event = 'prediction_failure' OR " + engine.sampleKey() + " % " + SAMPLE_SCALE + " < " + below + ")";
        String predictions = "(SELECT *, CASE WHEN d AND event = 'prediction_success' THEN " + (1 / rate) + " ELSE 1.0 END "
                + "/ coalesce(nullif(sample_rate, 0), 1.0) AS dw FROM (SELECT *, " + isDescribed + " AS d, "
                + "coalesce(model_id, '(no model id)') AS model FROM {source} "
                + "WHERE event IN ('prediction_success', 'prediction_failure')))";
        // sample_weight: described_weight scaled per model to sum to the model's described predictions, by one
        // aggregate per model (a filtered window aggregate is evaluated row by row)
        engine.createTable("report_model_weights", "SELECT model, count(*) AS n, sum(dw) AS w FROM "
                + predictions.replace("{source}", "events") + " p WHERE d GROUP BY 1");
        engine.createNumberedTable("report_predictions", "SELECT \"timestamp\" AS ts, "
                + engine.intDivide(engine.epochMillis("\"timestamp\""), width) + " * " + width + " AS bucket, service, pid, "
                + "target, p.model AS model_id, model_version, request_id, event = 'prediction_failure' AS failed, latency_ms, "
                + "input_size, input_hash, input_seen_before, CASE WHEN d THEN " + engine.input() + " END AS input, error_type, "
                + "1.0 / coalesce(nullif(sample_rate, 0), 1.0) AS weight, d AS described, dw AS described_weight, "
                + "CASE WHEN d THEN dw * m.n / m.w END AS sample_weight FROM "
                + predictions.replace("{source}", engine.eventsWithInput()) + " p "
                + "LEFT JOIN report_model_weights m ON m.model = p.model");
        engine.dropTable("report_model_weights");
        engine.createTable("report_exprs", "SELECT CAST(row_number() OVER (ORDER BY field) AS INTEGER) AS x, field, "
                + "'input.values[''' || replace(field, '''', '''''') || ''']' AS expr FROM (SELECT DISTINCT field FROM "
                + "(SELECT " + engine.unnest("map_keys(input.\"values\")") + " AS field FROM report_predictions "
                + "WHERE input.\"values\" IS NOT NULL)) "
                + "UNION ALL SELECT " + LIST_LENGTH + ", NULL, 'input.list_length' "
                + "UNION ALL SELECT " + INPUT_SIZE + ", NULL, 'input_size'");
        // a value's expression is a small code, its text written once in report_exprs: ten million copies of the
        // text cost several times the rest of the table
        engine.createTable("report_numbers", "WITH entries AS (SELECT id, model_id, ts, bucket, sample_weight AS w, "
                + engine.unnest("map_entries(input.\"values\")") + " AS e FROM report_predictions "
                + "WHERE input.\"values\" IS NOT NULL) "
                + "SELECT id, model_id, ts, bucket, w, x.x, e.value AS v FROM entries JOIN report_exprs x ON x.field = e.key "
                + "UNION ALL SELECT id, model_id, ts, bucket, sample_weight, " + LIST_LENGTH + ", input.list_length "
                + "FROM report_predictions WHERE input.list_length IS NOT NULL "
                + "UNION ALL SELECT id, model_id, ts, bucket, sample_weight, " + INPUT_SIZE + ", input_size "
                + "FROM report_predictions WHERE described AND input_size IS NOT NULL");
        Scope scope = new Scope(engine, start, end, width, paths, successes, rate);
        WarmUp.create(scope);
        return scope;
    }

    /** The bucket width for a period of {@code millis}: about {@link #BUCKETS} buckets, at least one second. */
    static long bucketWidth(long millis) {
        return bucketWidth(millis, BUCKETS);
    }

    /** The bucket width for a period of {@code millis}: about {@code buckets} buckets, at least one second. */
    public static long bucketWidth(long millis, int buckets) {
        long wanted = Math.max(1, millis / 1000 / buckets);
        for (long w : WIDTHS_S) {
            if (w >= wanted) {
                return w * 1000;
            }
        }
        return (wanted + 3599) / 3600 * 3600 * 1000;
    }

    /** The rows of {@code sql} with {@code parameters} bound in order ({@link Engine#rows}). */
    public List<Row> rows(String sql, Object... parameters) throws SQLException {
        return engine.rows(sql, parameters);
    }

    /**
     * The requests a finding names as its examples: the first three rows of {@code relation} where {@code condition}
     * holds and that have a request id, earliest first, and calls in the same millisecond (concurrent threads often
     * end in one) in request-id order, so that every engine names the same requests (docs/CLI.md, "`report`").
     * Each row is the request id, then the time.
     *
     * @param time      the relation's time column
     * @param requestId the relation's request-id column
     */
    public List<Row> exampleRequests(String relation, String time, String requestId, String condition,
                                     Object... parameters) throws SQLException {
        return rows("SELECT " + requestId + ", " + time + " FROM " + relation + " WHERE (" + condition + ") AND "
                + requestId + " IS NOT NULL ORDER BY " + time + ", " + requestId + " LIMIT 3", parameters);
    }

    /** The request ids of {@link #exampleRequests}. */
    public List<String> exampleRequestIds(String relation, String time, String requestId, String condition,
                                          Object... parameters) throws SQLException {
        List<String> ids = new ArrayList<>();
        for (Row row : exampleRequests(relation, time, requestId, condition, parameters)) {
            ids.add(row.text(0));
        }
        return ids;
    }

    /** Creates (or replaces) the table {@code name} holding the rows of {@code select}. */
    public void createTable(String name, String select) throws SQLException {
        engine.createTable(name, select);
    }

    /** Drops the table {@code name} if there is one. */
    public void dropTable(String name) throws SQLException {
        engine.dropTable(name);
    }

    /** A time value an engine returned (a TIMESTAMP, an instant, or epoch milliseconds) as an instant. */
    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.time.LocalDateTime t) {
            return t.toInstant(java.time.ZoneOffset.UTC);
        }
        if (value instanceof Instant t) {
            return t;
        }
        if (value instanceof java.time.OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        throw new IllegalArgumentException("not a time: " + value.getClass().getName() + " " + value);
    }

    /** One result row. */
    public record Row(Object[] values) {

        /** Column {@code i} (from 0) as text, or null. */
        public String text(int i) {
            return values[i] == null ? null : values[i].toString();
        }

        /** Column {@code i} as a long (0 when NULL). */
        public long count(int i) {
            return values[i] == null ? 0 : ((Number) values[i]).longValue();
        }

        /** Column {@code i} as a double (NaN when NULL). */
        public double number(int i) {
            return values[i] == null ? Double.NaN : ((Number) values[i]).doubleValue();
        }

        /** Column {@code i} as an instant (a TIMESTAMP, or epoch milliseconds), or null. */
        public Instant time(int i) {
            return instant(values[i]);
        }

        /** Column {@code i}, a LIST, as strings. */
        public List<String> texts(int i) {
            if (values[i] == null) {
                return List.of();
            }
            Object v = values[i];
            Object[] items;
            try {
                items = v instanceof java.sql.Array a ? (Object[]) a.getArray() : (Object[]) v;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            List<String> out = new ArrayList<>();
            for (Object o : items) {
                out.add(o == null ? null : o.toString());
            }
            return out;
        }
    }
}
