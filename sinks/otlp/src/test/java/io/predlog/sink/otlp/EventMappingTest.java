package io.predlog.sink.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lines the sample events do not cover, mapped, encoded and decoded by the official classes. */
class EventMappingTest {

    private static final Origin FALLBACK = new Origin("svc", "box", 7);

    private static LogRecord roundTrip(String line, LogsEncoder encoder) throws Exception {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        OtlpLogRecord record = new EventMapping(FALLBACK).map(bytes, 0, bytes.length, 5);
        ExportLogsServiceRequest request = FakeCollector.decode(encoder.encode(List.of(record)),
                encoder.contentType());
        return request.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
    }

    @Test
    void objectsInsideArraysAreKeyValueListsAndNullsAreLeftOut() throws Exception {
        String line = "{\"event\":\"drift_detected\",\"level\":\"WARN\",\"timestamp\":\"2026-11-18T11:08:40.001Z\","
                + "\"feature\":\"amount\",\"value\":0.19,\"missing\":null,\"shape\":[32,384],"
                + "\"top_moved_bins\":[{\"lower\":1.5,\"baseline\":0.1,\"window\":0.2},{\"other\":true,\"x\":null}],"
                + "\"window\":{\"start\":\"2026-11-18T11:07:00.000Z\",\"count\":1000}}";
        for (LogsEncoder encoder : List.of(new LogsEncoder.ForProtobuf(), new LogsEncoder.ForJson())) {
            LogRecord r = roundTrip(line, encoder);
            assertEquals(SeverityNumber.SEVERITY_NUMBER_WARN, r.getSeverityNumber());
            assertEquals(1795000120001000000L, r.getTimeUnixNano()); // 2026-11-18T11:08:40.001Z
            assertEquals(5, r.getObservedTimeUnixNano());
            Map<String, Object> attributes = Mapped.attributes(r.getAttributesList());
            assertEquals(List.of("feature", "value", "shape", "top_moved_bins", "window.start", "window.count"),
                    List.copyOf(attributes.keySet()));
            assertEquals(List.of(32L, 384L), attributes.get("shape"));
            assertEquals(List.of(Map.of("lower", 1.5, "baseline", 0.1, "window", 0.2), Map.of("other", true)),
                    attributes.get("top_moved_bins"));
            assertEquals(1000L, attributes.get("window.count"));
        }
    }

    @Test
    void anAdoptedRequestIdThatIsNotATraceIdStaysAnAttributeOnly() throws Exception {
        for (String id : List.of("order-42", "0123456789ABCDEF0123456789ABCDEG", "00000000000000000000000000000000")) {
            LogRecord r = roundTrip("{\"event\":\"request_start\",\"level\":\"INFO\",\"request_id\":\"" + id + "\"}",
                    new LogsEncoder.ForProtobuf());
            assertTrue(r.getTraceId().isEmpty(), id);
            assertEquals(id, Mapped.attributes(r.getAttributesList()).get("request_id"));
        }
    }

    @Test
    void theEventIdIsAnAttributeUnderItsOwnName() throws Exception {
        String id = "9f3c6a0e5b7d2418000000000000002a";
        for (LogsEncoder encoder : List.of(new LogsEncoder.ForProtobuf(), new LogsEncoder.ForJson())) {
            LogRecord r = roundTrip("{\"event\":\"prediction_success\",\"level\":\"INFO\",\"pid\":1,"
                    + "\"event_id\":\"" + id + "\",\"thread\":\"main\"}", encoder);
            assertEquals(id, Mapped.attributes(r.getAttributesList()).get("event_id"), "deduplicated on it");
        }
    }

    @Test
    void anEventThatStatesNoOriginTakesTheAgentsAndNoLevelMakesAFailureAnError() throws Exception {
        byte[] line = "{\"event\":\"prediction_failure\"}".getBytes(StandardCharsets.UTF_8);
        OtlpLogRecord record = new EventMapping(FALLBACK).map(line, 0, line.length, 1);
        assertEquals(FALLBACK, record.origin());
        assertEquals(Severity.ERROR, record.severity());
        assertEquals(0, record.timeUnixNano(), "no timestamp: OTLP's unknown time");
        ResourceLogs resource = FakeCollector.decode(new LogsEncoder.ForProtobuf().encode(List.of(record)),
                "application/x-protobuf").getResourceLogs(0);
        assertEquals(Map.of("service.name", "svc", "host.name", "box", "process.pid", 7L),
                Mapped.attributes(resource.getResource().getAttributesList()));
    }

    @Test
    void eventsOfTwoProcessesGoUnderTwoResourcesEachInOrder() throws Exception {
        EventMapping mapping = new EventMapping(FALLBACK);
        List<OtlpLogRecord> records = List.of("a", "b", "c").stream().map(n -> {
            byte[] line = ("{\"event\":\"" + n + "\",\"service\":\"s\",\"host\":\"h\",\"pid\":"
                    + (n.equals("b") ? 2 : 1) + "}").getBytes(StandardCharsets.UTF_8);
            return mapping.map(line, 0, line.length, 1);
        }).toList();
        ExportLogsServiceRequest request = FakeCollector.decode(new LogsEncoder.ForProtobuf().encode(records),
                "application/x-protobuf");
        assertEquals(2, request.getResourceLogsCount());
        assertEquals(List.of("a", "c"), request.getResourceLogs(0).getScopeLogs(0).getLogRecordsList().stream()
                .map(LogRecord::getEventName).toList());
        assertEquals(List.of("b"), request.getResourceLogs(1).getScopeLogs(0).getLogRecordsList().stream()
                .map(LogRecord::getEventName).toList());
    }

    @Test
    void aLineThatIsNotAnObjectIsRefused() {
        byte[] line = "[1,2]".getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> new EventMapping(FALLBACK).map(line, 0, line.length, 1));
    }
}
