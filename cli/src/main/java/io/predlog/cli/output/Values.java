package io.predlog.cli.output;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.duckdb.DuckDBStruct;

/**
 * Turns what DuckDB's JDBC driver returns into plain Java values (String, Number, Boolean, List, Map, JSON tree)
 * and writes them as text: timestamps in ISO-8601 UTC, nested values as JSON.
 */
public final class Values {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Values() {
    }

    /**
     * {@code value} as String, Number, Boolean, List, Map or Jackson tree; null stays null, and a STRUCT leaves out
     * its NULL members (an {@code input} shows the members its kind of value has).
     */
    public static Object plain(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Timestamp t) {
            return iso(t.toLocalDateTime());
        }
        if (value instanceof LocalDateTime t) {
            return iso(t);
        }
        if (value instanceof OffsetDateTime t) {
            return iso(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        }
        if (value instanceof DuckDBStruct s) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : s.getMap().entrySet()) {
                if (e.getValue() != null) {
                    out.put(e.getKey(), plain(e.getValue()));
                }
            }
            return out;
        }
        if (value instanceof Struct s) {
            List<Object> out = new ArrayList<>();
            for (Object o : s.getAttributes()) {
                out.add(plain(o));
            }
            return out;
        }
        if (value instanceof Array a) {
            List<Object> out = new ArrayList<>();
            for (Object o : (Object[]) a.getArray()) {
                out.add(plain(o));
            }
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), plain(e.getValue()));
            }
            return out;
        }
        if (value.getClass().getName().equals("org.duckdb.JsonNode")) {
            try {
                return JSON.readTree(value.toString());
            } catch (JsonProcessingException e) {
                return value.toString();
            }
        }
        return value.toString();
    }

    /** A plain value as one line of text: nested values as JSON, null as {@code nullText}. */
    public static String text(Object value, String nullText) {
        if (value == null) {
            return nullText;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double d) {
            return number(d);
        }
        if (value instanceof Float f) {
            return number(f.doubleValue());
        }
        if (value instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }

    /** The JSON text of a plain value. */
    public static String json(Object value) {
        try {
            if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                return "\"" + number(d) + "\"";
            }
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return JSON.valueToTree(String.valueOf(value)).toString();
        }
    }

    /** A double as a person reads it: no exponent for everyday sizes, no trailing {@code .0} lost. */
    public static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        }
        double abs = Math.abs(d);
        if (abs != 0 && (abs < 1e-4 || abs >= 1e15)) {
            return Double.toString(d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String iso(LocalDateTime t) {
        return t.atOffset(ZoneOffset.UTC).toInstant().toString();
    }
}
