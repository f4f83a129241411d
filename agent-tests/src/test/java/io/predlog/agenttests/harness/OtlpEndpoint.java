package io.predlog.agenttests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * An OTLP/HTTP logs endpoint on the loopback interface for the {@code otlp} sink's tests, taking OTLP/JSON
 * ({@code predlog.otlp.protocol=http/json}): it answers 200 and keeps the requests' resources and log records in the
 * order they came. (The sink module's own tests decode both encodings with the official opentelemetry-proto classes;
 * these tests keep protobuf off this module's class path, where Tribuo's older one belongs.)
 */
public final class OtlpEndpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final List<JsonNode> resources = new ArrayList<>();
    private final List<JsonNode> records = new ArrayList<>();

    private OtlpEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/logs", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** An endpoint on a free port, started. */
    public static OtlpEndpoint start() throws IOException {
        return new OtlpEndpoint();
    }

    /** The {@code otlp} sink's extension jar, {@code predlog-otlp-sink.jar}. */
    public static Path sinkJar() {
        Path jar = Paths.get(System.getProperty("predlog.test.otlp.sink.jar",
                "../sinks/otlp/target/predlog-otlp-sink.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail("missing " + jar + ": build the sinks/otlp module first");
        }
        return jar;
    }

    /** The URL to give {@code predlog.otlp.endpoint}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/logs";
    }

    /** The {@code logRecords} received so far, in order. */
    public synchronized List<JsonNode> records() {
        return List.copyOf(records);
    }

    /** The {@code resourceLogs} received so far (one per request and process), without their records. */
    public synchronized List<JsonNode> resources() {
        return List.copyOf(resources);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            JsonNode request;
            try {
                request = JSON.readTree(in.readAllBytes());
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            if (!"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                exchange.sendResponseHeaders(415, -1);
                return;
            }
            synchronized (this) {
                for (JsonNode resourceLogs : request.path("resourceLogs")) {
                    resources.add(resourceLogs);
                    for (JsonNode scopeLogs : resourceLogs.path("scopeLogs")) {
                        scopeLogs.path("logRecords").forEach(records::add);
                    }
                }
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }
}
