package io.predlog.sink.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event-to-log-record mapping of docs/EVENTS.md ("As OpenTelemetry log records"), written out a second time for
 * the tests from the event's JSON tree: what a record decoded by the official classes must hold.
 */
final class Mapped {

    /** Fields that are the record's own (time, severity, body) or its resource's, not attributes. */
    private static final Set<String> NOT_ATTRIBUTES = Set.of("event", "level", "timestamp", "service", "host", "pid");

    private Mapped() {
    }

    /** Asserts that {@code record} is {@code event} mapped, observed between the two times (ns since the epoch). */
    static void assertMapped(JsonNode event, LogRecord record, long observedFrom, long observedTo) {
        String name = event.get("event").asText();
        assertEquals(name, record.getBody().getStringValue(), "body");
        assertEquals(name, record.getEventName(), "event_name");
        Instant time = Instant.parse(event.get("timestamp").asText());
        assertEquals(time.getEpochSecond() * 1_000_000_000L + time.getNano(), record.getTimeUnixNano(), "time");
        assertTrue(record.getObservedTimeUnixNano() >= observedFrom && record.getObservedTimeUnixNano() <= observedTo,
                "observed time " + record.getObservedTimeUnixNano() + " not within " + observedFrom + ".." + observedTo);
        String level = event.get("level").asText();
        SeverityNumber severity = switch (level) {
            case "ERROR" -> SeverityNumber.SEVERITY_NUMBER_ERROR;
            case "WARN" -> SeverityNumber.SEVERITY_NUMBER_WARN;
            default -> SeverityNumber.SEVERITY_NUMBER_INFO;
        };
        assertEquals(severity, record.getSeverityNumber(), name + " severity");
        assertEquals(level, record.getSeverityText(), name + " severity text");
        JsonNode requestId = event.get("request_id");
        if (requestId != null && requestId.asText().matches("[0-9a-f]{32}") && !requestId.asText().matches("0+")) {
            assertArrayEquals(HexFormat.of().parseHex(requestId.asText()), record.getTraceId().toByteArray(),
                    "trace id");
        } else {
            assertTrue(record.getTraceId().isEmpty(), "no trace id");
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        event.fields().forEachRemaining(f -> {
            if (!NOT_ATTRIBUTES.contains(f.getKey())) {
                flatten(expected, f.getKey(), f.getValue());
            }
        });
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(attributes(record.getAttributesList())
                .entrySet()), name + " attributes, in order");
    }

    /** The attributes as plain Java values, in order. */
    static Map<String, Object> attributes(List<KeyValue> attributes) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            values.put(kv.getKey(), value(kv.getValue()));
        }
        return values;
    }

    static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(Mapped::value).toList();
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
            default -> throw new AssertionError("unexpected value kind " + value.getValueCase());
        };
    }

    private static void flatten(Map<String, Object> into, String key, JsonNode value) {
        if (value.isObject()) {
            value.fields().forEachRemaining(f -> flatten(into, key + "." + f.getKey(), f.getValue()));
        } else if (!value.isNull()) {
            into.put(key, plain(value));
        }
    }

    private static Object plain(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isArray()) {
            List<Object> items = new ArrayList<>();
            value.forEach(v -> {
                if (!v.isNull()) {
                    items.add(plain(v));
                }
            });
            return items;
        }
        Map<String, Object> members = new LinkedHashMap<>();
        value.fields().forEachRemaining(f -> {
            if (!f.getValue().isNull()) {
                members.put(f.getKey(), plain(f.getValue()));
            }
        });
        return members;
    }
}
