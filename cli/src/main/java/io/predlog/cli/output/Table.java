package io.predlog.cli.output;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A query's result held as column names and rows of values as JDBC returned them, ready to be written in any
 * {@link Format}.
 *
 * @param columns the column names
 * @param rows    the rows, each as long as {@code columns}
 */
public record Table(List<String> columns, List<List<Object>> rows) {

    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** Reads every row of {@code result}. */
    public static Table of(ResultSet result) throws SQLException {
        ResultSetMetaData meta = result.getMetaData();
        int n = meta.getColumnCount();
        List<String> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (result.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(Values.plain(result.getObject(i)));
            }
            rows.add(row);
        }
        return new Table(columns, rows);
    }
}
