package io.predlog.cli.query;

/**
 * One column of the {@code events} view: its name, its DuckDB type, and what it holds (docs/CLI.md lists them).
 *
 * @param name    the column name, the event field's name where it comes from one
 * @param type    the DuckDB type
 * @param source  where the value comes from
 * @param meaning one line for the reference
 */
public record EventColumn(String name, String type, Source source, String meaning) {

    /** Where a column's value comes from. */
    public enum Source {
        /** The event field of the same name; NULL where the event has none or one of another type. */
        FIELD,
        /** A boolean field the agent writes only when true: absent is {@code false}. */
        FLAG,
        /** Not in the event: where the line was read from, or the line itself. */
        ORIGIN
    }
}
