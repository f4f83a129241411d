package io.predlog.cli.command;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.predlog.cli.output.Values;

/**
 * One row of the {@code events} view with the fields the readable subcommands print, and the event's JSON
 * for the fields of the other kinds.
 */
record EventRow(Instant timestamp, String level, String event, String service, long pid, String thread,
                String requestId, String target, String modelId, String modelVersion, String inputHash,
                Double latencyMs, Double loadTimeMs, String errorType, String errorMsg, Boolean seenBefore,
                String file, long line, String raw) {

    /** The view's columns an {@link EventRow} is read from, in order. */
    static final String COLUMNS = "\"timestamp\", level, event, service, pid, thread, request_id, target, model_id, "
            + "model_version, input_hash, latency_ms, load_time_ms, error_type, error_msg, input_seen_before, file, line, "
            + "CAST(raw AS VARCHAR)";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The rows of {@code SELECT COLUMNS <from>} ({@code from}: a FROM clause and what follows) with {@code parameters} bound. */
    static List<EventRow> query(Connection c, String from, Object... parameters) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " " + from)) {
            for (int i = 0; i < parameters.length; i++) {
                p.setObject(i + 1, parameters[i]);
            }
            List<EventRow> rows = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.add(read(r));
                }
            }
            return rows;
        }
    }

    static EventRow read(ResultSet r) throws SQLException {
        Timestamp t = r.getTimestamp(1);
        return new EventRow(t == null ? null : t.toLocalDateTime().toInstant(ZoneOffset.UTC), r.getString(2),
                r.getString(3), r.getString(4), r.getLong(5), r.getString(6), r.getString(7), r.getString(8),
                r.getString(9), r.getString(10), r.getString(11), (Double) r.getObject(12), (Double) r.getObject(13),
                r.getString(14), r.getString(15), (Boolean) r.getObject(16), r.getString(17), r.getLong(18),
                r.getString(19));
    }

    /** {@code model@version}, {@code model}, {@code @version} or empty. */
    String model() {
        if (modelId == null && modelVersion == null) {
            return "";
        }
        return (modelId == null ? "" : modelId) + (modelVersion == null ? "" : "@" + modelVersion);
    }

    /** The call's duration: {@code latency_ms} or {@code load_time_ms}, or null. */
    Double duration() {
        return latencyMs != null ? latencyMs : loadTimeMs;
    }

    /** The event's JSON as a tree (an empty object when it cannot be parsed). */
    JsonNode json() {
        try {
            return JSON.readTree(raw);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    /** {@code 12.3 ms}, with at most three decimals. */
    static String ms(double millis) {
        return Values.number(Math.round(millis * 1000) / 1000.0) + " ms";
    }
}
