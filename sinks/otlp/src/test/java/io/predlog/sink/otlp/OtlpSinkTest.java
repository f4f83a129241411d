package io.predlog.sink.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.predlog.agent.event.Phase;
import io.predlog.agent.event.SampleEvents;
import io.predlog.agent.sink.Batches;
import io.predlog.agent.sink.EncodedBatch;
import io.predlog.agent.sink.LostEventsException;
import io.predlog.agent.sink.Sink;
import io.predlog.agent.sink.spool.Spool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The sink's promises against an OTLP endpoint on the loopback interface ({@link FakeCollector}), which decodes what
 * it is sent with the official opentelemetry-proto classes: every event arrives as one log record mapped as
 * docs/EVENTS.md says, in order; what the endpoint cannot take now is retried and kept in the spool, also across a
 * restart; what it refuses is counted as lost; the dispatcher never waits on the network.
 */
class OtlpSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Origin ORIGIN = new Origin("fallback-service", "fallback-host", 1);

    @TempDir
    Path dir;
    private FakeCollector collector;
    private final List<Sink> sinks = new ArrayList<>();

    @BeforeEach
    void startTheCollector() throws IOException {
        collector = FakeCollector.start();
    }

    @AfterEach
    void closeEverything() {
        for (Sink sink : sinks) {
            try {
                sink.close();
            } catch (IOException ignored) {
                // a test about losses has already looked at them
            }
        }
        collector.close();
    }

    /** A sink sending to the collector at once (no linger), retrying within milliseconds unless told to wait. */
    private OtlpSink sink(Spool spool, String... keyValues) {
        Map<String, String> keys = new HashMap<>(Map.of("endpoint", collector.endpoint(), "batch.linger_ms", "0",
                "retry.initial_ms", "20", "retry.max_ms", "200"));
        for (int i = 0; i < keyValues.length; i += 2) {
            keys.put(keyValues[i], keyValues[i + 1]);
        }
        OtlpSettings settings = OtlpSettings.of(keys);
        LogsEncoder encoder = LogsEncoder.of(settings.protocol());
        OtlpSink sink = OtlpSinkFactory.start(settings, spool, ORIGIN, new OtlpHttp(settings, encoder.contentType()),
                encoder, Duration.ofSeconds(2));
        sinks.add(sink);
        return sink;
    }

    private Spool spool() throws IOException {
        return Spool.open(dir.resolve("spool"), 1 << 20);
    }

    private static long now() {
        return OtlpSink.unixNanos(Instant.now());
    }

    private static List<JsonNode> events(EncodedBatch batch) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            events.add(JSON.readTree(new String(batch.array(), batch.offset(i), batch.length(i),
                    StandardCharsets.UTF_8)));
        }
        return events;
    }

    /** The request ids of the records, which {@link Batches#numbered} sets to the event's number in hex. */
    private static List<Long> numbers(List<LogRecord> records) {
        return records.stream().map(r -> Long.parseLong((String) Mapped.attributes(r.getAttributesList())
                .get("request_id"), 16)).toList();
    }

    private static List<Long> range(long from, long count) {
        return LongStream.range(from, from + count).boxed().toList();
    }

    /** Calls flush until it reports lost events, for up to 20 s; their number. */
    private static long awaitLost(Sink sink) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - deadline < 0) {
            try {
                sink.flush();
                Thread.sleep(10); // a poll interval
            } catch (LostEventsException e) {
                return e.lostEvents();
            } catch (IOException | InterruptedException e) {
                fail(e);
            }
        }
        return fail("no loss was reported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/protobuf", "http/json"})
    void everyEventArrivesAsOneLogRecordMappedAsDocumented(String protocol) throws IOException {
        EncodedBatch batch = Batches.of(SampleEvents.predictionSuccess(), SampleEvents.predictionFailure(),
                SampleEvents.load(Phase.SUCCESS), SampleEvents.load(Phase.FAILURE), SampleEvents.request(Phase.START),
                SampleEvents.request(Phase.SUCCESS), SampleEvents.health(), SampleEvents.predictionBare(null));
        List<JsonNode> events = events(batch);
        OtlpSink sink = sink(null, "protocol", protocol);
        long before = now();
        sink.write(batch);
        long after = now();

        List<LogRecord> records = collector.awaitDelivered(events.size());
        assertEquals(events.size(), records.size(), "one record per event");
        for (int i = 0; i < events.size(); i++) {
            Mapped.assertMapped(events.get(i), records.get(i), before, after);
        }
        FakeCollector.Received request = collector.received().get(0);
        assertEquals(protocol.equals("http/json") ? "application/json" : "application/x-protobuf",
                request.contentType());
        ResourceLogs resourceLogs = request.request().getResourceLogs(0);
        assertEquals(Map.of("service.name", "fraud-scorer", "host.name", "host-1", "process.pid", 4242L),
                Mapped.attributes(resourceLogs.getResource().getAttributesList()), "resource, from the events");
        ScopeLogs scopeLogs = resourceLogs.getScopeLogs(0);
        assertEquals("predlog", scopeLogs.getScope().getName());

        // the mapping's particulars, spelled out
        LogRecord success = records.get(0);
        assertEquals(1795747680123000000L, success.getTimeUnixNano(), "2026-11-27T02:48:00.123Z");
        assertEquals("0123456789abcdef0123456789abcdef", hex(success.getTraceId().toByteArray()));
        Map<String, Object> attributes = Mapped.attributes(success.getAttributesList());
        assertEquals("java.util.HashMap", attributes.get("input.type"));
        assertEquals(12.5, attributes.get("input.values.amount"));
        assertEquals(3L, attributes.get("input.values.count"));
        assertEquals(List.of("amount", "count"), attributes.get("input.field_names"));
        assertEquals("0123456789abcdef0123456789abcdef", attributes.get("request_id"));
        assertTrue(success.getAttributesList().stream().map(KeyValue::getKey).noneMatch(k -> k.equals("service")
                || k.equals("timestamp") || k.equals("level") || k.equals("event")));
        assertEquals("ERROR", records.get(1).getSeverityText());
        assertEquals(4L, Mapped.attributes(records.get(6).getAttributesList()).get("dropped.sink_error.file"));
    }

    @Test
    void gzipBodiesAndConfiguredHeadersAreSent() throws IOException {
        OtlpSink sink = sink(null, "compression", "gzip", "headers", "authorization=Bearer%20abc,x-tenant=t1");
        sink.write(Batches.numbered(0, 3));
        assertEquals(range(0, 3), numbers(collector.awaitDelivered(3)));
        FakeCollector.Received request = collector.received().get(0);
        assertEquals("gzip", request.contentEncoding());
        assertEquals("Bearer abc", request.authorization());
    }

    @Test
    void aServerAnswering503IsRetriedAfterItsRetryAfterAndNothingIsLost() throws IOException {
        collector.answer(503, "1", 2);
        OtlpSink sink = sink(null);
        sink.write(Batches.numbered(0, 10));

        assertEquals(range(0, 10), numbers(collector.awaitDelivered(10)), "every event once, in order");
        List<FakeCollector.Received> received = collector.received();
        assertEquals(List.of(503, 503, 200), received.stream().map(FakeCollector.Received::status).toList());
        for (int i = 1; i < received.size(); i++) { // the sink's own backoff is 20 ms: these waits are Retry-After's
            long gap = received.get(i).atNanos() - received.get(i - 1).atNanos();
            assertTrue(gap >= TimeUnit.SECONDS.toNanos(1), "retried after " + gap / 1_000_000 + " ms, before the 1 s"
                    + " that Retry-After asked for");
        }
        sink.flush(); // nothing lost: no LostEventsException
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 504})
    void theOtherRetryableStatusesAreRetriedToo(int status) throws IOException {
        collector.answer(status, null, 2);
        OtlpSink sink = sink(spool());
        sink.write(Batches.numbered(0, 4));
        assertEquals(range(0, 4), numbers(collector.awaitDelivered(4)));
        assertEquals(3, collector.received().size());
        sink.flush();
    }

    @Test
    void eventsWaitInTheSpoolWhileTheEndpointIsDownAndArriveInOrderWhenItReturns() throws IOException {
        collector.stop();
        OtlpSink sink = sink(spool());
        sink.write(Batches.numbered(0, 5));
        collector.await(() -> sink.diskUsage().map(d -> d.bytes() > 0).orElse(false), "events spooled");
        sink.write(Batches.numbered(5, 5));
        sink.write(Batches.numbered(10, 5));

        collector.restart();
        assertEquals(range(0, 15), numbers(collector.awaitDelivered(15)), "every event once, in order");
        collector.await(() -> sink.diskUsage().map(d -> d.files() == 0).orElse(false), "the spool emptied");
        sink.flush();
    }

    @Test
    void aRestartSendsTheSpoolThePreviousRunLeft() throws IOException {
        collector.stop();
        OtlpSink first = sink(spool());
        first.write(Batches.numbered(0, 10));
        collector.await(() -> first.diskUsage().map(d -> d.bytes() > 0).orElse(false), "events spooled");
        first.close();
        sinks.remove(first);
        long closed = now();

        collector.restart();
        OtlpSink second = sink(spool());
        second.write(Batches.numbered(10, 2));
        List<LogRecord> records = collector.awaitDelivered(12);
        assertEquals(range(0, 12), numbers(records), "the previous run's events first, in order");
        for (LogRecord r : records.subList(0, 10)) {
            assertTrue(r.getObservedTimeUnixNano() <= closed, "observed when the first run was given it");
        }
    }

    @Test
    void aCloseWhileTheSpoolDrainsDeliversItWhileTheEndpointAnswers() throws IOException {
        collector.stop();
        OtlpSink first = sink(spool(), "batch.max_events", "10");
        first.write(Batches.numbered(0, 200));
        collector.await(() -> first.diskUsage().map(d -> d.bytes() > 0).orElse(false), "events spooled");
        first.close();
        sinks.remove(first);

        collector.restart();
        OtlpSink second = sink(spool(), "batch.max_events", "10");
        second.write(Batches.numbered(200, 3));
        second.close(); // at once: twenty requests of the spool are still to go
        sinks.remove(second);
        assertEquals(range(0, 203), numbers(collector.delivered()),
                "a healthy endpoint was given the spool and the run's own events, in order, before the close returned");
    }

    @Test
    void aRequestRefusedWith400IsCountedAsLostAndLaterEventsStillGo() throws IOException {
        collector.answer(400, null, 1);
        OtlpSink sink = sink(spool());
        sink.write(Batches.numbered(0, 5));
        assertEquals(5, awaitLost(sink));

        sink.write(Batches.numbered(5, 2));
        assertEquals(range(5, 2), numbers(collector.awaitDelivered(2)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http/protobuf", "http/json"})
    void recordsAPartialSuccessRejectsAreCountedAsLost(String protocol) throws IOException {
        ExportLogsServiceResponse response = ExportLogsServiceResponse.newBuilder().setPartialSuccess(
                ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(2).setErrorMessage("too old")).build();
        collector.answerBody(protocol.equals("http/json")
                ? JsonFormat.printer().print(response).getBytes(StandardCharsets.UTF_8) : response.toByteArray());
        OtlpSink sink = sink(null, "protocol", protocol);
        sink.write(Batches.numbered(0, 5));
        assertEquals(2, awaitLost(sink));
    }

    @Test
    void withoutASpoolEventsPastTheMemoryBoundAreLostAndCounted() throws IOException {
        collector.stop();
        OtlpSink sink = sink(null, "queue.max_events", "5");
        try {
            sink.write(Batches.numbered(0, 8));
            fail("the batch is taken, and its 3 events past the bound of 5 are reported lost at once");
        } catch (LostEventsException e) {
            assertEquals(3, e.lostEvents());
        }
        try {
            sink.close();
            fail("the 5 events held in memory are lost at close");
        } catch (LostEventsException e) {
            assertEquals(5, e.lostEvents());
        }
        sinks.remove(sink);
    }

    @Test
    void writeReturnsWhileARequestHangs() throws IOException, InterruptedException {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = collector.holdRequests(arrived);
        OtlpSink sink = sink(spool());
        sink.write(Batches.numbered(0, 3));
        assertTrue(arrived.await(20, TimeUnit.SECONDS), "the first request reached the collector");

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> { // the sender is stuck in its request; write is not
            sink.write(Batches.numbered(3, 3));
            sink.flush();
        });
        release.countDown();
        assertEquals(range(0, 6), numbers(collector.awaitDelivered(6)));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
