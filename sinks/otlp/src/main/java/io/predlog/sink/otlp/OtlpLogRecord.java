package io.predlog.sink.otlp;

import java.util.List;

/**
 * One event as an OTLP log record, before it is encoded (docs/EVENTS.md, "As OpenTelemetry log records").
 *
 * @param origin          the resource it belongs to
 * @param timeUnixNano    the event's {@code timestamp}, in nanoseconds since the epoch; 0 when it has none
 * @param observedUnixNano when the sink was given the event, in nanoseconds since the epoch
 * @param severity        from the event's level
 * @param eventName       the event's name: the record's body and its {@code event_name}
 * @param traceId         16 bytes from a request id of 32 hex digits, or null
 * @param attributes      the event's other fields
 */
record OtlpLogRecord(Origin origin, long timeUnixNano, long observedUnixNano, Severity severity, String eventName,
        byte[] traceId, List<Attribute> attributes) {
}
