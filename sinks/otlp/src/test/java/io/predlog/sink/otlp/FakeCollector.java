package io.predlog.sink.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * An OTLP/HTTP logs endpoint on the loopback interface, for the sink's tests: it decodes every request with the
 * official opentelemetry-proto classes (OTLP/JSON with protobuf's JsonFormat, trace ids turned from hex to base64
 * first, unknown fields refused), answers as the test scripts it (200 unless told otherwise), and keeps what it was
 * sent. It can be stopped and started again on the same port.
 */
final class FakeCollector implements AutoCloseable {

    /** One request: when it came ({@link System#nanoTime}), its headers of interest, what it held, the answer. */
    record Received(long atNanos, String contentType, String contentEncoding, String authorization,
            ExportLogsServiceRequest request, int status) {
    }

    /** An answer the test scripted. */
    private record Answer(int status, String retryAfter, byte[] body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private int port;
    private final List<Received> received = new ArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private volatile CountDownLatch hold;
    private volatile CountDownLatch arrived;
    private HttpServer server;
    private ExecutorService executor;

    private FakeCollector() {
    }

    /** A collector on a free loopback port, started. */
    static FakeCollector start() throws IOException {
        FakeCollector collector = new FakeCollector();
        collector.serve(0);
        return collector;
    }

    /** Listens again, on the same port (after {@link #stop}). */
    void restart() throws IOException {
        serve(port);
    }

    private void serve(int on) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 0);
        server.createContext("/v1/logs", this::handle);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.start();
        port = server.getAddress().getPort();
    }

    /** The endpoint's URL. */
    String endpoint() {
        return "http://127.0.0.1:" + port + "/v1/logs";
    }

    /** Stops listening: connections are refused until {@link #restart}. */
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        CountDownLatch h = hold;
        if (h != null) {
            h.countDown();
        }
        stop();
    }

    /** The next {@code times} requests are answered {@code status}, with this {@code Retry-After} (null for none). */
    synchronized void answer(int status, String retryAfter, int times) {
        for (int i = 0; i < times; i++) {
            script.addLast(new Answer(status, retryAfter, new byte[0]));
        }
    }

    /** The next request is answered 200 with this response body (a partial success). */
    synchronized void answerBody(byte[] body) {
        script.addLast(new Answer(200, null, body));
    }

    /**
     * Requests are held, unanswered, until the returned latch is counted down; {@code arrived} counts down when the
     * first held one comes.
     */
    CountDownLatch holdRequests(CountDownLatch arrived) {
        this.arrived = arrived;
        CountDownLatch h = new CountDownLatch(1);
        hold = h;
        return h;
    }

    /** Every request so far, answered or not. */
    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The log records of every request answered 2xx, in the order they came. */
    synchronized List<LogRecord> delivered() {
        List<LogRecord> records = new ArrayList<>();
        for (Received r : received) {
            if (r.status() / 100 == 2) {
                for (ResourceLogs rl : r.request().getResourceLogsList()) {
                    for (ScopeLogs sl : rl.getScopeLogsList()) {
                        records.addAll(sl.getLogRecordsList());
                    }
                }
            }
        }
        return records;
    }

    /** Waits, up to 20 s, until {@code n} records were delivered; fails saying how many came. */
    List<LogRecord> awaitDelivered(int n) {
        await(() -> delivered().size() >= n, "expected " + n + " log records delivered");
        return delivered();
    }

    /** Polls {@code condition} until it holds, for up to 20 s; fails with {@code what} and what came. */
    void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + "; requests so far: " + received().size() + ", records delivered: " + delivered().size());
            }
            try {
                Thread.sleep(10); // a poll interval, not a wait for something to happen
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long at = System.nanoTime();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            if ("gzip".equals(encoding)) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
            ExportLogsServiceRequest request;
            try {
                request = decode(body, contentType);
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    received.add(new Received(at, contentType, encoding, null, null, 400));
                }
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            CountDownLatch h = hold;
            if (h != null) {
                CountDownLatch a = arrived;
                if (a != null) {
                    a.countDown();
                }
                try {
                    h.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Answer answer;
            synchronized (this) {
                answer = script.isEmpty() ? new Answer(200, null, new byte[0]) : script.pollFirst();
                received.add(new Received(at, contentType, encoding,
                        exchange.getRequestHeaders().getFirst("Authorization"), request, answer.status()));
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    /** The request, decoded by the official classes from its protobuf or OTLP/JSON encoding. */
    static ExportLogsServiceRequest decode(byte[] body, String contentType) throws IOException {
        if ("application/x-protobuf".equals(contentType)) {
            return ExportLogsServiceRequest.parseFrom(body);
        }
        if (!"application/json".equals(contentType)) {
            throw new IOException("unexpected Content-Type " + contentType);
        }
        JsonNode tree = JSON.readTree(body);
        for (JsonNode resourceLogs : tree.path("resourceLogs")) {
            for (JsonNode scopeLogs : resourceLogs.path("scopeLogs")) {
                for (JsonNode logRecord : scopeLogs.path("logRecords")) {
                    JsonNode traceId = logRecord.get("traceId");
                    if (traceId != null) { // OTLP/JSON writes ids in hex, the protobuf JSON mapping in base64
                        ((ObjectNode) logRecord).put("traceId",
                                Base64.getEncoder().encodeToString(HexFormat.of().parseHex(traceId.asText())));
                    }
                }
            }
        }
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        JsonFormat.parser().merge(JSON.writeValueAsString(tree), request);
        return request.build();
    }
}
