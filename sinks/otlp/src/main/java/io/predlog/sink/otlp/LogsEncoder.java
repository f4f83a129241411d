package io.predlog.sink.otlp;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes log records as the body of one OTLP/HTTP logs request, an {@code ExportLogsServiceRequest}: one
 * {@code ResourceLogs} per {@link Origin}, in the order they first appear, each with one {@code ScopeLogs} of scope
 * {@value #SCOPE} holding its records in order. {@link ForProtobuf} writes the binary encoding
 * ({@code http/protobuf}), {@link ForJson} the JSON one ({@code http/json}). Stateless.
 */
interface LogsEncoder {

    /** The instrumentation scope's name. */
    String SCOPE = "predlog";

    /** The request's {@code Content-Type}. */
    String contentType();

    /** The request body of these records. */
    byte[] encode(List<OtlpLogRecord> records);

    /** The encoder of a protocol ({@code http/protobuf} or {@code http/json}). */
    static LogsEncoder of(OtlpSettings.Protocol protocol) {
        return protocol == OtlpSettings.Protocol.HTTP_JSON ? new ForJson() : new ForProtobuf();
    }

    /** The records grouped by origin, each group in order, the groups in the order they first appear. */
    static Map<Origin, List<OtlpLogRecord>> byOrigin(List<OtlpLogRecord> records) {
        Map<Origin, List<OtlpLogRecord>> groups = new LinkedHashMap<>();
        for (OtlpLogRecord record : records) {
            groups.computeIfAbsent(record.origin(), o -> new ArrayList<>()).add(record);
        }
        return groups;
    }

    /** The resource's attributes: {@code service.name}, {@code host.name}, {@code process.pid} when known. */
    static List<Attribute> resource(Origin origin) {
        List<Attribute> attributes = new ArrayList<>(3);
        if (origin.service() != null) {
            attributes.add(Attribute.text("service.name", origin.service()));
        }
        if (origin.host() != null) {
            attributes.add(Attribute.text("host.name", origin.host()));
        }
        if (origin.pid() >= 0) {
            attributes.add(new Attribute("process.pid", new AttributeValue.Int(origin.pid())));
        }
        return attributes;
    }

    /** {@code application/x-protobuf}: the messages' binary encoding, field numbers from OTLP's proto files. */
    final class ForProtobuf implements LogsEncoder {

        @Override
        public String contentType() {
            return "application/x-protobuf";
        }

        @Override
        public byte[] encode(List<OtlpLogRecord> records) {
            ProtobufWriter request = new ProtobufWriter(records.size() * 512);
            for (Map.Entry<Origin, List<OtlpLogRecord>> group : byOrigin(records).entrySet()) {
                ProtobufWriter resource = new ProtobufWriter(128);
                for (Attribute a : resource(group.getKey())) {
                    resource.message(1, keyValue(a));                      // Resource.attributes
                }
                ProtobufWriter scopeLogs = new ProtobufWriter(group.getValue().size() * 512);
                scopeLogs.message(1, new ProtobufWriter(16).string(1, SCOPE)); // ScopeLogs.scope, its name
                for (OtlpLogRecord record : group.getValue()) {
                    scopeLogs.message(2, logRecord(record));               // ScopeLogs.log_records
                }
                ProtobufWriter resourceLogs = new ProtobufWriter(scopeLogs.length() + 256);
                resourceLogs.message(1, resource).message(2, scopeLogs);   // ResourceLogs.resource, .scope_logs
                request.message(1, resourceLogs);                          // ExportLogsServiceRequest.resource_logs
            }
            return request.toByteArray();
        }

        private static ProtobufWriter logRecord(OtlpLogRecord record) {
            ProtobufWriter out = new ProtobufWriter(512)
                    .fixed64(1, record.timeUnixNano())                     // time_unix_nano
                    .varint(2, record.severity().number)                   // severity_number
                    .string(3, record.severity().name())                   // severity_text
                    .message(5, anyValue(new AttributeValue.Text(record.eventName()))); // body
            for (Attribute a : record.attributes()) {
                out.message(6, keyValue(a));                               // attributes
            }
            if (record.traceId() != null) {
                out.bytes(9, record.traceId());                            // trace_id
            }
            return out.fixed64(11, record.observedUnixNano())              // observed_time_unix_nano
                    .string(12, record.eventName());                       // event_name
        }

        private static ProtobufWriter keyValue(Attribute attribute) {
            return new ProtobufWriter(64).string(1, attribute.key()).message(2, anyValue(attribute.value()));
        }

        private static ProtobufWriter anyValue(AttributeValue value) {
            ProtobufWriter out = new ProtobufWriter(32);
            if (value instanceof AttributeValue.Text t) {
                out.string(1, t.value());
            } else if (value instanceof AttributeValue.Bool b) {
                out.bool(2, b.value());
            } else if (value instanceof AttributeValue.Int i) {
                out.int64(3, i.value());
            } else if (value instanceof AttributeValue.Decimal d) {
                out.float64(4, d.value());
            } else if (value instanceof AttributeValue.Array array) {
                ProtobufWriter values = new ProtobufWriter(64);
                for (AttributeValue v : array.values()) {
                    values.message(1, anyValue(v));                        // ArrayValue.values
                }
                out.message(5, values);
            } else if (value instanceof AttributeValue.Pairs pairs) {
                ProtobufWriter values = new ProtobufWriter(64);
                for (Attribute a : pairs.values()) {
                    values.message(1, keyValue(a));                        // KeyValueList.values
                }
                out.message(6, values);
            }
            return out;
        }
    }

    /**
     * {@code application/json}: OTLP/JSON, the protobuf JSON mapping with OTLP's two exceptions: trace ids as hex,
     * and enums as numbers. Field names in lowerCamelCase; 64-bit integers as strings.
     */
    final class ForJson implements LogsEncoder {

        @Override
        public String contentType() {
            return "application/json";
        }

        @Override
        public byte[] encode(List<OtlpLogRecord> records) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(records.size() * 1024);
            try (JsonGenerator out = Json.FACTORY.createGenerator(bytes)) {
                out.writeStartObject();
                out.writeArrayFieldStart("resourceLogs");
                for (Map.Entry<Origin, List<OtlpLogRecord>> group : byOrigin(records).entrySet()) {
                    out.writeStartObject();
                    out.writeObjectFieldStart("resource");
                    attributes(out, "attributes", resource(group.getKey()));
                    out.writeEndObject();
                    out.writeArrayFieldStart("scopeLogs");
                    out.writeStartObject();
                    out.writeObjectFieldStart("scope");
                    out.writeStringField("name", SCOPE);
                    out.writeEndObject();
                    out.writeArrayFieldStart("logRecords");
                    for (OtlpLogRecord record : group.getValue()) {
                        logRecord(out, record);
                    }
                    out.writeEndArray();
                    out.writeEndObject();
                    out.writeEndArray();
                    out.writeEndObject();
                }
                out.writeEndArray();
                out.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a byte array does not fail
            }
            return bytes.toByteArray();
        }

        private static void logRecord(JsonGenerator out, OtlpLogRecord record) throws IOException {
            out.writeStartObject();
            if (record.timeUnixNano() != 0) {
                out.writeStringField("timeUnixNano", Long.toUnsignedString(record.timeUnixNano()));
            }
            out.writeStringField("observedTimeUnixNano", Long.toUnsignedString(record.observedUnixNano()));
            out.writeNumberField("severityNumber", record.severity().number);
            out.writeStringField("severityText", record.severity().name());
            out.writeFieldName("body");
            anyValue(out, new AttributeValue.Text(record.eventName()));
            attributes(out, "attributes", record.attributes());
            if (record.traceId() != null) {
                out.writeStringField("traceId", TraceIds.toHex(record.traceId()));
            }
            out.writeStringField("eventName", record.eventName());
            out.writeEndObject();
        }

        private static void attributes(JsonGenerator out, String field, List<Attribute> attributes)
                throws IOException {
            out.writeArrayFieldStart(field);
            for (Attribute a : attributes) {
                out.writeStartObject();
                out.writeStringField("key", a.key());
                out.writeFieldName("value");
                anyValue(out, a.value());
                out.writeEndObject();
            }
            out.writeEndArray();
        }

        private static void anyValue(JsonGenerator out, AttributeValue value) throws IOException {
            out.writeStartObject();
            if (value instanceof AttributeValue.Text t) {
                out.writeStringField("stringValue", t.value());
            } else if (value instanceof AttributeValue.Bool b) {
                out.writeBooleanField("boolValue", b.value());
            } else if (value instanceof AttributeValue.Int i) {
                out.writeStringField("intValue", Long.toString(i.value()));
            } else if (value instanceof AttributeValue.Decimal d) {
                out.writeNumberField("doubleValue", d.value());
            } else if (value instanceof AttributeValue.Array array) {
                out.writeObjectFieldStart("arrayValue");
                out.writeArrayFieldStart("values");
                for (AttributeValue v : array.values()) {
                    anyValue(out, v);
                }
                out.writeEndArray();
                out.writeEndObject();
            } else if (value instanceof AttributeValue.Pairs pairs) {
                out.writeObjectFieldStart("kvlistValue");
                attributes(out, "values", pairs.values());
                out.writeEndObject();
            }
            out.writeEndObject();
        }
    }
}
