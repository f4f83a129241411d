package io.predlog.cli.query;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The typed {@code events} view: one column per field that events share (docs/EVENTS.md), the nested
 * {@code input} as a STRUCT, the file and line each row came from, and the whole event as JSON.
 *
 * <p>Every type is stated, never guessed from the data: files holding different event kinds read the same way,
 * and a field of another type than its column (the object {@code latency_ms} of {@code model_stats}) is NULL
 * in the column and still in {@code raw}. docs/CLI.md is the reference; a test holds it to this list.
 */
public final class EventsView {

    /** The members of one input description: {@code input} and each element of {@code input.args}. */
    private static final String INPUT_MEMBERS = "type VARCHAR, num_fields BIGINT, field_names VARCHAR[], "
            + "total_size_bytes BIGINT, \"values\" MAP(VARCHAR, DOUBLE), list_length BIGINT, item_types VARCHAR[], "
            + "min DOUBLE, max DOUBLE, mean DOUBLE, nan_count BIGINT, shape BIGINT[], length BIGINT, bytes BIGINT";

    /**
     * The stored column, not in the view, holding the text of an event's {@code input} where the loader read it
     * alone, without the rest of the event ({@link EventStore.Content#REPORT}); NULL otherwise.
     */
    public static final String INPUT_TEXT = "input_text";

    /** The type of the {@code input} column. */
    public static final String INPUT_TYPE = "STRUCT(" + INPUT_MEMBERS + ", args STRUCT(" + INPUT_MEMBERS + ")[])";

    /** The type of the {@code output} column: an input description's members (no {@code args}) and the output's own. */
    public static final String OUTPUT_TYPE = "STRUCT(" + INPUT_MEMBERS + ", \"value\" DOUBLE, argmax BIGINT, norm DOUBLE)";

    /** The view's columns, in order. */
    public static final List<EventColumn> COLUMNS = List.of(
            field("event", "VARCHAR", "the event name (`prediction_success`, `model_stats`, ...)"),
            field("level", "VARCHAR", "`INFO`, `WARN` or `ERROR`"),
            field("timestamp", "TIMESTAMP", "when the call started (for derived events: when written), UTC"),
            field("schema", "INTEGER", "the event schema version"),
            field("service", "VARCHAR", "the service that wrote the event"),
            field("host", "VARCHAR", "its host name"),
            field("pid", "BIGINT", "its process id"),
            field("event_id", "VARCHAR", "the event's unique id: one event read twice (an at-least-once sink's re-send) has one"),
            field("thread", "VARCHAR", "the thread the call ran on"),
            field("request_id", "VARCHAR", "the request's id"),
            field("target", "VARCHAR", "the target name from the configuration"),
            field("method", "VARCHAR", "`Class#method` that ran"),
            field("model_id", "VARCHAR", "model identity"),
            field("model_version", "VARCHAR", "model version"),
            field("input_hash", "VARCHAR", "16 hex characters: the input's hash"),
            field("input_size", "BIGINT", "canonical input bytes hashed"),
            flag("input_hash_truncated", "hashing the input met a bound"),
            flag("input_hash_partial", "fields hidden by the module system were left out of the input hash, or part of the input is native state (then no hash)"),
            field("input_hash_error", "VARCHAR", "the exception that stopped reading the input (a map changed while it was read): then no `input_hash`"),
            field("output_hash", "VARCHAR", "16 hex characters: the output's hash"),
            flag("output_hash_truncated", "hashing the output met a bound"),
            flag("output_hash_partial", "fields hidden by the module system were left out of the output hash, or part of the output is native state (then no hash)"),
            field("output_hash_error", "VARCHAR", "the exception that stopped reading the output: then no `output_hash`"),
            field("input_seen_before", "BOOLEAN", "whether the model had seen this input hash before (NULL: novelty off)"),
            field("latency_ms", "DOUBLE", "duration of a prediction or request, ms (NULL for `model_stats`: see `raw`)"),
            field("load_time_ms", "DOUBLE", "duration of a model load, ms"),
            field("memory_mb", "DOUBLE", "what a model load retained, MiB"),
            field("memory_method", "VARCHAR",
                    "how `memory_mb` was measured: `heap_used_delta` or `heap_used_delta+rss_anon_delta`"),
            field("memory_heap_mb", "DOUBLE", "of `memory_mb`, the growth of the heap in use, MiB"),
            field("memory_native_mb", "DOUBLE", "of `memory_mb`, the resident growth beyond the heap (native memory), MiB"),
            field("model_sha256", "VARCHAR", "SHA-256 of the model file or bytes a load was given"),
            field("model_sha256_skipped", "VARCHAR",
                    "why a load's model file was not hashed: too_large, timeout, unreadable, busy, shutdown"),
            field("error_type", "VARCHAR", "the exception's class name"),
            field("error_msg", "VARCHAR", "its redacted, truncated message"),
            field("sample_rate", "DOUBLE", "probability with which the event was kept"),
            field("input", INPUT_TYPE, "input characteristics; `input.values['amount']` is a numeric field's value"),
            field("output", OUTPUT_TYPE, "`prediction_success`: output characteristics; `output.\"value\"` (a score), "
                    + "`output.argmax`, `output.max`, `output.norm`"),
            field("crashed_pid", "BIGINT", "`inflight_at_crash`: the process that died"),
            field("call", "VARCHAR", "`inflight_at_crash`: `predict` or `load`"),
            new EventColumn("file", "VARCHAR", EventColumn.Source.ORIGIN, "the file the line was read from"),
            new EventColumn("line", "BIGINT", EventColumn.Source.ORIGIN, "its line number in that file, from 1"),
            new EventColumn("raw", "JSON", EventColumn.Source.ORIGIN,
                    "the whole event: `raw->>'window_start'`, `json_extract(raw, '$.features')`"));

    private EventsView() {
    }

    /** The {@code json_transform} structure of the columns read from one line when it is stored. */
    static String storedStructure() {
        return structure(COLUMNS.stream().filter(c -> c.source() != EventColumn.Source.ORIGIN && !parsedWhenSelected(c)));
    }

    /**
     * Whether the view parses the column from {@code raw} in each query that selects it rather than storing it:
     * {@code input} and {@code output}, whose nested lists and maps cost several times more to store than to parse,
     * and which most queries do not select (DuckDB computes only the view columns a query uses).
     */
    static boolean parsedWhenSelected(EventColumn column) {
        return column.type().startsWith("STRUCT(");
    }

    private static String structure(java.util.stream.Stream<EventColumn> columns) {
        return columns.map(c -> "\"" + c.name() + "\":\"" + c.type().replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /**
     * The select list that makes a stored row from a relation holding {@code j} (the transformed struct),
     * {@code file}, {@code line} and {@code text}: {@code raw} is stored as text and typed JSON by the view.
     */
    static String storedList() {
        return COLUMNS.stream().filter(c -> !parsedWhenSelected(c)).map(c -> switch (c.source()) {
            case FIELD -> "j.\"" + c.name() + "\" AS \"" + c.name() + "\"";
            case FLAG -> "coalesce(j.\"" + c.name() + "\", false) AS \"" + c.name() + "\"";
            case ORIGIN -> c.name().equals("raw") ? "text AS raw" : "\"" + c.name() + "\"";
        }).collect(Collectors.joining(", ")) + ", NULL AS " + INPUT_TEXT;
    }

    /**
     * The {@code columns} argument of DuckDB's {@code read_ndjson} that reads the stored fields of each line
     * straight from an event file ({@link EventStore.Content#FIELDS}), and with {@code withInput} the text of its
     * {@code input} ({@link EventStore.Content#REPORT}).
     */
    static String directColumns(boolean withInput) {
        return COLUMNS.stream().filter(c -> c.source() != EventColumn.Source.ORIGIN && !parsedWhenSelected(c))
                .map(c -> "'" + c.name() + "': '" + c.type() + "'")
                .collect(Collectors.joining(", ", "{", withInput ? ", 'input': 'JSON'}" : "}"));
    }

    /**
     * The select list that makes a stored row from {@code read_ndjson} over one file ({@link #directColumns}):
     * {@code file} is {@code fileLiteral}, {@code line} is left NULL for the loader to number, {@code raw} is NULL
     * (the loader may fill it in), {@code input_text} the text of {@code input} when {@code withInput}.
     */
    static String directList(String fileLiteral, boolean withInput) {
        return COLUMNS.stream().filter(c -> !parsedWhenSelected(c)).map(c -> switch (c.source()) {
            case FIELD -> "\"" + c.name() + "\"";
            case FLAG -> "coalesce(\"" + c.name() + "\", false)";
            case ORIGIN -> c.name().equals("file") ? fileLiteral : "NULL";
        }).collect(Collectors.joining(", ")) + (withInput ? ", CAST(input AS VARCHAR)" : ", NULL");
    }

    /**
     * The expression that parses the nested column {@code name} ({@code input}, {@code output}) from {@code raw}, as
     * the view does: for a query that wants it for some rows only (the view's column is parsed for every row).
     */
    public static String parsedFromRaw(String name) {
        EventColumn column = COLUMNS.stream().filter(c -> c.name().equals(name) && parsedWhenSelected(c)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a column parsed from raw: " + name));
        return "struct_extract(TRY(json_transform(raw, '" + EventStore.sqlText(structure(java.util.stream.Stream.of(column)))
                + "')), '" + name + "')";
    }

    /**
     * The expression that parses {@code input} for a stored row: from its {@code input_text} where the loader kept
     * the input's text alone ({@link EventStore.Content#REPORT}), else from {@code raw}.
     */
    public static String parsedInput() {
        String structure = EventStore.sqlText(structure(COLUMNS.stream().filter(c -> c.name().equals("input"))));
        return "CASE WHEN " + INPUT_TEXT + " IS NOT NULL THEN struct_extract(TRY(json_transform('{\"input\":' || "
                + INPUT_TEXT + " || '}', '" + structure + "')), 'input') ELSE " + parsedFromRaw("input") + " END";
    }

    /** The view's select list over the stored rows. */
    static String viewList() {
        return COLUMNS.stream().map(c -> {
            if (c.name().equals("input")) {
                return parsedInput() + " AS input";
            }
            if (parsedWhenSelected(c)) {
                return parsedFromRaw(c.name()) + " AS \"" + c.name() + "\"";
            }
            return c.name().equals("raw") ? "CAST(raw AS JSON) AS raw" : "\"" + c.name() + "\"";
        }).collect(Collectors.joining(", "));
    }

    /** The reference table of docs/CLI.md: one Markdown row per column. */
    public static String markdownRows() {
        return COLUMNS.stream()
                .map(c -> "| `" + c.name() + "` | " + (c.type().startsWith("STRUCT(") ? "STRUCT (below)" : c.type())
                        + " | " + c.meaning() + " |")
                .collect(Collectors.joining("\n"));
    }

    /**
     * The column definitions of the table the view reads: the stored columns, {@code raw} as text, and last
     * {@link #INPUT_TEXT}.
     */
    static String storedDefinitions() {
        return COLUMNS.stream().filter(c -> !parsedWhenSelected(c))
                .map(c -> "\"" + c.name() + "\" " + (c.name().equals("raw") ? "VARCHAR" : c.type()))
                .collect(Collectors.joining(", ")) + ", " + INPUT_TEXT + " VARCHAR";
    }

    private static EventColumn field(String name, String type, String meaning) {
        return new EventColumn(name, type, EventColumn.Source.FIELD, meaning);
    }

    private static EventColumn flag(String name, String meaning) {
        return new EventColumn(name, "BOOLEAN", EventColumn.Source.FLAG, meaning + " (absent: false)");
    }
}
