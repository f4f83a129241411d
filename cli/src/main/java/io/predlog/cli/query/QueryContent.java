package io.predlog.cli.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a load must store for one SQL query over {@code events}: {@link EventStore.Content#FIELDS} when the query, as
 * DuckDB parses it ({@code json_serialize_sql}), names none of {@code raw}, {@code input} and {@code output}, no
 * {@code *} and no whole row; {@link EventStore.Content#WHOLE} otherwise, and for anything DuckDB does not parse as
 * a query (its error then comes from running it).
 */
public final class QueryContent {

    /** The columns that need the whole line stored. */
    private static final Set<String> WHOLE_COLUMNS = Set.of("raw", "input", "output", "events");
    private static final Pattern COLUMN_NAMES = Pattern.compile("\"column_names\":\\[([^\\]]*)\\]");

    private QueryContent() {
    }

    /** What a load must store for {@code query}. */
    public static EventStore.Content of(String query) {
        String tree;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT json_serialize_sql('" + EventStore.sqlText(query) + "')")) {
            r.next();
            tree = r.getString(1);
        } catch (SQLException e) {
            return EventStore.Content.WHOLE;
        }
        if (tree == null || tree.contains("\"error\":true") || tree.contains("\"class\":\"STAR\"")) {
            return EventStore.Content.WHOLE;
        }
        Matcher m = COLUMN_NAMES.matcher(tree);
        while (m.find()) {
            for (String name : m.group(1).split(",")) {
                String bare = name.strip().replace("\"", "").toLowerCase(Locale.ROOT);
                if (WHOLE_COLUMNS.contains(bare)) {
                    return EventStore.Content.WHOLE;
                }
            }
        }
        return EventStore.Content.FIELDS;
    }
}
