package io.predlog.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** How a {@link Table} is written: aligned for a terminal, CSV (RFC 4180), or JSON Lines (one object per row). */
public enum Format {
    /** Columns aligned with spaces, a header and a rule; NULL as {@code NULL}. */
    TABLE {
        @Override
        public void write(Table table, PrintWriter out) {
            List<String[]> cells = new ArrayList<>();
            cells.add(table.columns().toArray(String[]::new));
            for (List<Object> row : table.rows()) {
                cells.add(row.stream().map(v -> Values.text(v, "NULL").replace('\n', ' ')).toArray(String[]::new));
            }
            int[] width = new int[table.columns().size()];
            for (String[] row : cells) {
                for (int i = 0; i < row.length; i++) {
                    width[i] = Math.max(width[i], row[i].length());
                }
            }
            boolean[] numeric = new boolean[width.length];
            for (int i = 0; i < width.length; i++) {
                final int c = i;
                numeric[i] = !table.rows().isEmpty()
                        && table.rows().stream().allMatch(r -> r.get(c) == null || r.get(c) instanceof Number);
            }
            for (int r = 0; r < cells.size(); r++) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < width.length; i++) {
                    String cell = cells.get(r)[i];
                    String pad = " ".repeat(width[i] - cell.length());
                    line.append(i == 0 ? "" : "  ").append(numeric[i] && r > 0 ? pad + cell : cell + pad);
                }
                out.println(line.toString().stripTrailing());
                if (r == 0) {
                    StringBuilder rule = new StringBuilder();
                    for (int i = 0; i < width.length; i++) {
                        rule.append(i == 0 ? "" : "  ").append("-".repeat(Math.max(1, width[i])));
                    }
                    out.println(rule);
                }
            }
            out.println("(" + table.rows().size() + " row" + (table.rows().size() == 1 ? "" : "s") + ")");
        }
    },
    /** A header line, then one line per row; NULL as an empty field. */
    CSV {
        @Override
        public void write(Table table, PrintWriter out) {
            out.print(String.join(",", table.columns().stream().map(Format::csvField).toList()) + "\r\n");
            for (List<Object> row : table.rows()) {
                out.print(String.join(",", row.stream().map(v -> csvField(Values.text(v, ""))).toList()) + "\r\n");
            }
        }
    },
    /** One JSON object per row, keys in column order; NULL as {@code null}. */
    JSON {
        @Override
        public void write(Table table, PrintWriter out) {
            for (List<Object> row : table.rows()) {
                StringBuilder line = new StringBuilder("{");
                for (int i = 0; i < row.size(); i++) {
                    line.append(i == 0 ? "" : ",").append(Values.json(table.columns().get(i))).append(':')
                            .append(Values.json(row.get(i)));
                }
                out.println(line.append('}'));
            }
        }
    };

    /** Writes the whole table to {@code out}. */
    public abstract void write(Table table, PrintWriter out);

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
