package io.predlog.sink.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps one event's JSON line to an OTLP log record (the table in docs/EVENTS.md, "As OpenTelemetry log records"):
 * {@code timestamp} is the record's time, {@code level} its severity, {@code event} its body and event name,
 * {@code service}, {@code host} and {@code pid} its resource, a {@code request_id} of 32 hex digits its trace id
 * (and an attribute), and every other field an attribute under its own name. A nested object is flattened into
 * attributes with dotted keys ({@code input.values.amount}); an array is an array value, whose objects are
 * key-value lists; {@code null} members are left out.
 *
 * <p>Reads the line with Jackson's streaming parser: the line is the one form in which every field exists as written,
 * and the form the spool keeps. Stateless; the parser factory ({@link Json}) is thread-safe.
 */
final class EventMapping {

    private final Origin fallback;

    /** @param fallback the origin for an event that does not state its own (every event does) */
    EventMapping(Origin fallback) {
        this.fallback = fallback;
    }

    /**
     * The log record of the JSON line {@code line[offset..offset+length)}, given to the sink at
     * {@code observedUnixNano}.
     *
     * @throws IllegalArgumentException when the line is not one JSON object
     */
    OtlpLogRecord map(byte[] line, int offset, int length, long observedUnixNano) {
        try (JsonParser parser = Json.FACTORY.createParser(line, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("an event is a JSON object, not " + parser.currentToken());
            }
            String name = null;
            String level = null;
            long time = 0;
            String service = fallback.service();
            String host = fallback.host();
            long pid = fallback.pid();
            byte[] traceId = null;
            List<Attribute> attributes = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (key) {
                    case "event" -> name = parser.getText();
                    case "level" -> level = parser.getText();
                    case "timestamp" -> time = unixNanos(parser.getText());
                    case "service" -> service = parser.getText();
                    case "host" -> host = parser.getText();
                    case "pid" -> pid = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : pid;
                    default -> {
                        if (key.equals("request_id") && value == JsonToken.VALUE_STRING) {
                            traceId = TraceIds.fromHex(parser.getText());
                        }
                        add(attributes, key, parser, value);
                    }
                }
            }
            return new OtlpLogRecord(new Origin(service, host, pid), time, observedUnixNano,
                    Severity.of(level, name), name == null ? "" : name, traceId, List.copyOf(attributes));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a well-formed event: " + e.getMessage(), e);
        }
    }

    /** Adds the member {@code key} at {@code token}: an object as its members under {@code key.}, else one value. */
    private static void add(List<Attribute> attributes, String key, JsonParser parser, JsonToken token)
            throws IOException {
        if (token == JsonToken.START_OBJECT) {
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                String member = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value != JsonToken.VALUE_NULL) {
                    add(attributes, key + "." + member, parser, value);
                }
            }
            return;
        }
        attributes.add(new Attribute(key, value(parser, token)));
    }

    /** The value at {@code token}, objects as key-value lists (inside arrays, where they cannot be flattened). */
    private static AttributeValue value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> new AttributeValue.Text(parser.getText());
            case VALUE_TRUE -> new AttributeValue.Bool(true);
            case VALUE_FALSE -> new AttributeValue.Bool(false);
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? new AttributeValue.Decimal(parser.getDoubleValue()) : new AttributeValue.Int(parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> new AttributeValue.Decimal(parser.getDoubleValue());
            case START_ARRAY -> {
                List<AttributeValue> values = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    if (t != JsonToken.VALUE_NULL) {
                        values.add(value(parser, t));
                    }
                }
                yield new AttributeValue.Array(List.copyOf(values));
            }
            case START_OBJECT -> {
                List<Attribute> members = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String member = parser.currentName();
                    JsonToken v = parser.nextToken();
                    if (v != JsonToken.VALUE_NULL) {
                        members.add(new Attribute(member, value(parser, v)));
                    }
                }
                yield new AttributeValue.Pairs(List.copyOf(members));
            }
            default -> throw new IllegalArgumentException("unexpected " + token + " in an event");
        };
    }

    /** An ISO-8601 instant in nanoseconds since the epoch; 0 (OTLP's "unknown") when it is not one. */
    static long unixNanos(String timestamp) {
        try {
            Instant instant = Instant.parse(timestamp);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            return 0;
        }
    }
}
